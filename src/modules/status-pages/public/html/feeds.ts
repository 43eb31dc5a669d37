import { historyLink, PublicPageData } from '../public-page-data';
import { leftOutText } from '../public-timeline';
import { UPDATE_LABELS } from './status-page.html';
import { markdownHtml } from './stored-markdown';
import { cleanText, escapeHtml, formatDateTime } from './text';

/*
 * Atom and RSS history: incidents and non-cancelled maintenances, newest
 * change first. Entry content is the timeline as (sanitized) HTML, escaped
 * into the XML like every other text.
 */

interface Entry {
  kind: 'incident' | 'maintenance';
  id: string;
  title: string;
  updatedAt: Date;
  publishedAt: Date;
  updates: Array<{ seq: number; status: string; message: string; messageHtml: string | null; createdAt: Date }>;
  /** Entries in the whole timeline (`updates` holds the newest, within the public bound). */
  updateCount: number;
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
      updateCount: i.updateCount,
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
        updateCount: m.updateCount,
        intro:
          `<p>Scheduled: ${escapeHtml(formatDateTime(m.scheduledStart, d.page.timeZone))} – ` +
          `${escapeHtml(formatDateTime(m.scheduledEnd, d.page.timeZone))}</p>${markdownHtml(m.descriptionHtml, m.description)}`,
      })),
  ];
  return list.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id));
}

/** The entry's timeline, newest first, then how many older entries the public bound left out (public-timeline.ts). */
function content(d: PublicPageData, entry: Entry): string {
  const updates = [...entry.updates].sort((a, b) => b.seq - a.seq);
  const leftOut = leftOutText(entry);
  return (
    (entry.intro ?? '') +
    updates
      .map(
        (u) =>
          `<p><small>${escapeHtml(formatDateTime(u.createdAt, d.page.timeZone))}</small><br>` +
          `<strong>${escapeHtml(UPDATE_LABELS[u.status] ?? u.status)}</strong></p>${markdownHtml(u.messageHtml, u.message)}`,
      )
      .join('') +
    (leftOut ? `<p><em>${escapeHtml(leftOut)}</em></p>` : '')
  );
}

/**
 * XML written here rather than by a feed library: `feed` wraps text in CDATA
 * and neutralises only the first `]]>`, so a title holding two put elements
 * into the document (issue 12). Every piece of text and every attribute is
 * escaped, without CDATA, after dropping what XML 1.0 cannot carry.
 */
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xmlText = (value: string) => cleanText(value).replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]);

type Node = string | { name: string; attrs?: Record<string, string>; children?: Node[] } | null;

function el(name: string, attrs: Record<string, string> | undefined, ...children: Node[]): Node {
  return { name, attrs, children };
}
const text = (name: string, value: string, attrs?: Record<string, string>) => el(name, attrs, value);

function write(node: Node, indent: string): string {
  if (node === null) return '';
  if (typeof node === 'string') return xmlText(node);
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${xmlText(v)}"`)
    .join('');
  const children = (node.children ?? []).filter((c) => c !== null);
  if (children.length === 0) return `${indent}<${node.name}${attrs}/>`;
  if (children.every((c) => typeof c === 'string')) {
    return `${indent}<${node.name}${attrs}>${children.map((c) => write(c, '')).join('')}</${node.name}>`;
  }
  const inner = children.map((c) => write(c, `${indent}    `)).join('\n');
  return `${indent}<${node.name}${attrs}>\n${inner}\n${indent}</${node.name}>`;
}

const document = (root: Node) => `<?xml version="1.0" encoding="utf-8"?>\n${write(root, '')}`;

function feedTitle(d: PublicPageData): string {
  return `${cleanText(d.page.name)} status`;
}

export function renderAtom(d: PublicPageData): string {
  const title = feedTitle(d);
  return document(
    el(
      'feed',
      { xmlns: 'http://www.w3.org/2005/Atom' },
      text('id', d.publicUrl),
      text('title', title),
      text('updated', d.updatedAt.toISOString()),
      el('link', { rel: 'alternate', href: d.publicUrl }),
      el('link', { rel: 'self', href: `${d.publicUrl}/history.atom` }),
      text('subtitle', `Incident and maintenance history of ${title}`),
      ...entries(d).map((entry) =>
        el(
          'entry',
          undefined,
          // Atom's <title type="html"> is HTML; the name is shown as written.
          text('title', escapeHtml(entry.title), { type: 'html' }),
          text('id', `urn:uuid:${entry.id}`),
          el('link', { href: historyLink(d, entry.kind, entry.id) }),
          text('updated', entry.updatedAt.toISOString()),
          text('content', content(d, entry), { type: 'html' }),
          text('published', entry.publishedAt.toISOString()),
        ),
      ),
    ),
  );
}

export function renderRss(d: PublicPageData): string {
  const title = feedTitle(d);
  return document(
    el(
      'rss',
      {
        version: '2.0',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
        'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
      },
      el(
        'channel',
        undefined,
        text('title', title),
        text('link', d.publicUrl),
        text('description', `Incident and maintenance history of ${title}`),
        text('lastBuildDate', d.updatedAt.toUTCString()),
        text('docs', 'https://validator.w3.org/feed/docs/rss2.html'),
        text('language', 'en'),
        el('atom:link', { href: `${d.publicUrl}/history.rss`, rel: 'self', type: 'application/rss+xml' }),
        ...entries(d).map((entry) =>
          el(
            'item',
            undefined,
            // RSS titles are plain text.
            text('title', entry.title),
            text('link', historyLink(d, entry.kind, entry.id)),
            text('guid', `urn:uuid:${entry.id}`, { isPermaLink: 'false' }),
            text('pubDate', entry.publishedAt.toUTCString()),
            text('content:encoded', content(d, entry)),
          ),
        ),
      ),
    ),
  );
}
