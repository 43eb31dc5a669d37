import { Feed } from 'feed';
import { historyLink, PublicPageData } from '../public-page-data';
import { UPDATE_LABELS } from './status-page.html';
import { markdownHtml } from './stored-markdown';
import { cleanText, escapeHtml, formatDateTime } from './text';

/*
 * Atom and RSS history: incidents and non-cancelled maintenances, newest
 * change first. Entry content is the timeline as (sanitized) HTML, which the
 * feed library escapes into the XML.
 */

interface Entry {
  kind: 'incident' | 'maintenance';
  id: string;
  title: string;
  updatedAt: Date;
  publishedAt: Date;
  updates: Array<{ seq: number; status: string; message: string; messageHtml: string | null; createdAt: Date }>;
  intro?: string;
}

function entries(d: PublicPageData): Entry[] {
  const list: Entry[] = [
    ...d.recentIncidents.map((i) => ({
      kind: 'incident' as const,
      id: i.id,
      title: i.name,
      updatedAt: i.updatedAt,
      publishedAt: i.startedAt,
      updates: i.updates,
    })),
    ...d.recentMaintenances
      .filter((m) => m.status !== 'cancelled')
      .map((m) => ({
        kind: 'maintenance' as const,
        id: m.id,
        title: m.title,
        updatedAt: m.updatedAt,
        publishedAt: m.createdAt,
        updates: m.updates,
        intro:
          `<p>Scheduled: ${escapeHtml(formatDateTime(m.scheduledStart, d.page.timeZone))} – ` +
          `${escapeHtml(formatDateTime(m.scheduledEnd, d.page.timeZone))}</p>${markdownHtml(m.descriptionHtml, m.description)}`,
      })),
  ];
  return list.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id));
}

function content(d: PublicPageData, entry: Entry): string {
  const updates = [...entry.updates].sort((a, b) => b.seq - a.seq);
  return (
    (entry.intro ?? '') +
    updates
      .map(
        (u) =>
          `<p><small>${escapeHtml(formatDateTime(u.createdAt, d.page.timeZone))}</small><br>` +
          `<strong>${escapeHtml(UPDATE_LABELS[u.status] ?? u.status)}</strong></p>${markdownHtml(u.messageHtml, u.message)}`,
      )
      .join('')
  );
}

function build(d: PublicPageData, kind: 'atom' | 'rss'): Feed {
  const title = `${cleanText(d.page.name)} status`;
  const feed = new Feed({
    id: d.publicUrl,
    title,
    description: `Incident and maintenance history of ${title}`,
    link: d.publicUrl,
    language: 'en',
    updated: d.updatedAt,
    copyright: '',
    generator: false,
    feedLinks: { atom: `${d.publicUrl}/history.atom`, rss: `${d.publicUrl}/history.rss` },
  });
  for (const entry of entries(d)) {
    const name = cleanText(entry.title);
    feed.addItem({
      // Atom's <title type="html"> is HTML; RSS titles are plain text.
      title: kind === 'atom' ? escapeHtml(name) : name,
      id: `urn:uuid:${entry.id}`,
      link: historyLink(d, entry.kind, entry.id),
      date: entry.updatedAt,
      published: entry.publishedAt,
      content: content(d, entry),
    });
  }
  return feed;
}

export const renderAtom = (d: PublicPageData): string => build(d, 'atom').atom1();
export const renderRss = (d: PublicPageData): string => build(d, 'rss').rss2();
