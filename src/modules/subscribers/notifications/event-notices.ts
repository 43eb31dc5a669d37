import type { ComponentStatus } from '../../../generated/prisma/enums';
import type { MaintenanceResponseDto } from '../../maintenance/dto/maintenance.dto';
import type { IncidentResponseDto } from '../../status-incidents/dto/incident.dto';
import { STATUS_LABELS, UPDATE_LABELS } from '../../status-pages/public/html/status-page.html';
import { cleanText, escapeHtml, formatDateTime, formatRange, renderMarkdown } from '../../status-pages/public/html/text';
import { emailLayout } from './email-layout';
import { Notice, NoticeKind, withoutPlaceholders } from './notice';

/*
 * What subscribers are told about incidents and maintenances: pure
 * composition of one Notice per event (the listener, event-notices.listener.ts,
 * reads what it needs and sends it). User text (names, messages) passes
 * `withoutPlaceholders`, is escaped in the HTML part, and messages are the
 * page's Markdown subset rendered as on the page (`renderMarkdown`).
 */

/** The page as the emails show it. */
export interface NoticePage {
  id: string;
  name: string;
  timeZone: string;
  /** The page's public address (PagesService.publicUrl). */
  publicUrl: string;
}

/** An affected component and its (effective) status when the email is composed. */
export interface ComponentLine {
  name: string;
  status: ComponentStatus;
}

export type IncidentNoticeKind = Extract<NoticeKind, 'incident.created' | 'incident.updated' | 'incident.resolved'>;
export type MaintenanceNoticeKind = Extract<
  NoticeKind,
  'maintenance.scheduled' | 'maintenance.reminder' | 'maintenance.started' | 'maintenance.completed' | 'maintenance.cancelled'
>;

/** Where the incident or maintenance is shown with its whole timeline (as `historyLink` on the public side). */
export function historyUrl(page: NoticePage, kind: 'incident' | 'maintenance', id: string): string {
  return `${page.publicUrl}/history#${kind}-${id}`;
}

const plain = (s: string | null | undefined) => cleanText(withoutPlaceholders(s ?? '')).trim();
const label = (status: string) => UPDATE_LABELS[status] ?? status;

/** The body both parts share: facts (label: value), the message, the components, the link. */
interface Body {
  facts: Array<[string, string]>;
  /** Markdown source (user text), or null. */
  message: string | null;
  /** More Markdown (a maintenance's description), or null. */
  extra: string | null;
  components: ComponentLine[];
  link: { text: string; url: string };
}

function compose(page: NoticePage, heading: string, body: Body): { subject: string; text: string; html: string } {
  const pageName = plain(page.name);
  const message = plain(body.message);
  const extra = plain(body.extra);
  const text: string[] = [body.facts.map(([k, v]) => `${k}: ${v}`).join('\n')];
  if (message) text.push(message);
  if (extra) text.push(extra);
  if (body.components.length) {
    text.push(['Affected components:', ...body.components.map((c) => `- ${plain(c.name)}: ${STATUS_LABELS[c.status]}`)].join('\n'));
  }
  text.push(`${body.link.text}: ${body.link.url}`);

  const cell = 'padding:2px 12px 2px 0;vertical-align:top';
  let html =
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;font-size:14px">` +
    body.facts.map(([k, v]) => `<tr><td style="${cell};color:#5e6c84">${escapeHtml(k)}</td><td style="${cell}">${escapeHtml(v)}</td></tr>`).join('') +
    `</table>`;
  if (message) html += `<div style="margin:0 0 16px">${renderMarkdown(message)}</div>`;
  if (extra) html += `<div style="margin:0 0 16px;color:#42526e">${renderMarkdown(extra)}</div>`;
  if (body.components.length) {
    html +=
      `<p style="margin:0 0 4px;font-weight:600">Affected components</p><ul style="margin:0 0 16px;padding-left:20px">` +
      body.components.map((c) => `<li>${escapeHtml(plain(c.name))}: ${escapeHtml(STATUS_LABELS[c.status])}</li>`).join('') +
      `</ul>`;
  }
  html += `<p style="margin:0"><a href="${escapeHtml(body.link.url)}">${escapeHtml(body.link.text)}</a></p>`;

  const layout = emailLayout({ pageName, heading, text, html, footer: 'subscriber' });
  return { subject: `[${pageName}] ${heading}`, ...layout };
}

/**
 * An incident's email: its creation, or one new timeline entry (the one that
 * resolves it is the resolution). The key is the entry's id, so the same entry
 * never makes two emails; every email of the incident is one thread.
 */
export function incidentNotice(
  page: NoticePage,
  incident: IncidentResponseDto,
  entryId: string,
  kind: IncidentNoticeKind,
  components: ComponentLine[],
): Notice | null {
  const entry = incident.updates.find((u) => u.id === entryId);
  if (!entry) return null;
  const name = plain(incident.name);
  const heading =
    kind === 'incident.created' ? `New incident: ${name}` : kind === 'incident.resolved' ? `Resolved: ${name}` : `${label(entry.status)}: ${name}`;
  const facts: Array<[string, string]> = [
    ['Status', label(entry.status)],
    ['Impact', capitalize(incident.impact)],
    ['Posted', formatDateTime(new Date(entry.createdAt), page.timeZone)],
  ];
  const { subject, text, html } = compose(page, heading, {
    facts,
    message: entry.message,
    extra: null,
    components,
    link: { text: 'Follow this incident on the status page', url: historyUrl(page, 'incident', incident.id) },
  });
  return {
    pageId: page.id,
    key: `incident-update:${entry.id}`,
    kind,
    componentIds: incident.components.map((c) => c.componentId),
    subject,
    text,
    html,
    threadKey: `incident-${incident.id}`,
    startsThread: kind === 'incident.created',
  };
}

const MAINTENANCE_HEADINGS: Record<MaintenanceNoticeKind, string> = {
  'maintenance.scheduled': 'Scheduled maintenance',
  'maintenance.reminder': 'Maintenance starting soon',
  'maintenance.started': 'Maintenance in progress',
  'maintenance.completed': 'Maintenance completed',
  'maintenance.cancelled': 'Maintenance cancelled',
};

/** The timeline status whose latest entry is the email's message. */
const ENTRY_STATUS: Record<MaintenanceNoticeKind, string> = {
  'maintenance.scheduled': 'scheduled',
  'maintenance.reminder': 'scheduled',
  'maintenance.started': 'in_progress',
  'maintenance.completed': 'completed',
  'maintenance.cancelled': 'cancelled',
};

/**
 * A maintenance window's email. Each happens once per window (the reminder
 * once per window and start: a moved window is reminded of again), which the
 * key says. The thread starts with `scheduled`, or for an occurrence of a
 * recurring series (never announced one by one) with its reminder.
 */
export function maintenanceNotice(
  page: NoticePage,
  m: MaintenanceResponseDto,
  kind: MaintenanceNoticeKind,
  components: ComponentLine[],
): Notice {
  const title = plain(m.title);
  const start = new Date(m.scheduledStart);
  const end = new Date(m.scheduledEnd);
  const facts: Array<[string, string]> = [
    ['Status', label(m.status)],
    ['When', formatRange(start, end, page.timeZone)],
  ];
  if (kind === 'maintenance.started' && m.startedAt) facts.push(['Started', formatDateTime(new Date(m.startedAt), page.timeZone)]);
  if (kind === 'maintenance.completed' && m.completedAt) facts.push(['Completed', formatDateTime(new Date(m.completedAt), page.timeZone)]);
  const entry = [...m.updates].reverse().find((u) => u.status === ENTRY_STATUS[kind]);
  const announce = kind === 'maintenance.scheduled' || kind === 'maintenance.reminder';
  const { subject, text, html } = compose(page, `${MAINTENANCE_HEADINGS[kind]}: ${title}`, {
    facts,
    message: entry?.message ?? null,
    extra: announce ? m.description : null,
    components,
    link: { text: 'See this maintenance on the status page', url: historyUrl(page, 'maintenance', m.id) },
  });
  const event = kind.slice('maintenance.'.length);
  return {
    pageId: page.id,
    key: kind === 'maintenance.reminder' ? `maintenance-reminder:${m.id}:${start.toISOString()}` : `maintenance-${event}:${m.id}`,
    kind,
    componentIds: [...m.componentIds],
    subject,
    text,
    html,
    threadKey: `maintenance-${m.id}`,
    startsThread: m.seriesId ? kind === 'maintenance.reminder' : kind === 'maintenance.scheduled',
  };
}

/**
 * Whether a maintenance event is emailed. Occurrences of a recurring series
 * are made 90 days ahead in bulk: they are not announced one by one (no
 * `scheduled` email), their reminder is their announcement, and so their
 * cancellation is emailed only once the reminder was due (before it,
 * subscribers never heard of the occurrence). Everything else follows the
 * window's `deliverNotifications`.
 */
export function emailsMaintenanceEvent(m: MaintenanceResponseDto, kind: MaintenanceNoticeKind, now = Date.now()): boolean {
  if (!m.deliverNotifications) return false;
  if (!m.seriesId) return true;
  if (kind === 'maintenance.scheduled') return false;
  if (kind === 'maintenance.cancelled') {
    if (m.remindBeforeMinutes === null) return false;
    return now >= new Date(m.scheduledStart).getTime() - m.remindBeforeMinutes * 60_000;
  }
  return true;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
