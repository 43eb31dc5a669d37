/**
 * What subscribers are told about one event, composed once for all of them.
 * The links that differ per recipient are placeholders in `text` and `html`,
 * filled in for each email (`personalize`); user text never contains one
 * (`withoutPlaceholders` strips the marker character from it).
 */
export type NoticeKind =
  | 'confirmation'
  | 'incident.created'
  | 'incident.updated'
  | 'incident.resolved'
  | 'maintenance.scheduled'
  | 'maintenance.reminder'
  | 'maintenance.started'
  | 'maintenance.completed'
  | 'maintenance.cancelled';

export interface Notice {
  pageId: string;
  /** Unique per event: recording the same key twice is a no-op (e.g. `incident-update:<id>`). */
  key: string;
  kind: NoticeKind;
  /** Components the event concerns; empty: the whole page (every active subscriber). */
  componentIds: string[];
  subject: string;
  text: string;
  html: string;
  /** Emails with the same thread key share a thread (e.g. `incident-<id>`). */
  threadKey: string;
  /** The first email of its thread (its Message-ID is the thread's root). */
  startsThread: boolean;
}

const MARK = '\uE000';

/** The per-recipient links a notice's text and HTML may hold. */
export const LINKS = {
  confirm: `${MARK}confirm${MARK}`,
  manage: `${MARK}manage${MARK}`,
  unsubscribe: `${MARK}unsubscribe${MARK}`,
} as const;

export type LinkName = keyof typeof LINKS;

/** User text with the placeholder marker removed, so it can never become a link. */
export function withoutPlaceholders(text: string): string {
  return text.split(MARK).join('');
}

/** The notice's text or HTML with this recipient's links (URLs of base64url tokens: nothing to escape). */
export function personalize(template: string, links: Partial<Record<LinkName, string>>): string {
  return template.replace(/\uE000(confirm|manage|unsubscribe)\uE000/g, (_, name: LinkName) => links[name] ?? '');
}
