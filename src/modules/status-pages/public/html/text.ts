import sanitizeHtml from 'sanitize-html';
import { boundedMarked } from './bounded-markdown';

/* Turning user text into safe HTML, and times into the page's time zone. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters XML 1.0 forbids (and HTML does not want either). */
// eslint-disable-next-line no-control-regex
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: unknown): string {
  return (typeof value === 'string' ? value : value == null ? '' : String(value)).replace(INVALID_CHARS, '');
}

/** Escapes text for HTML content and (quoted) attribute values. */
export function escapeHtml(value: unknown): string {
  return cleanText(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

const markdown = boundedMarked();

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => ({
      tagName,
      attribs: attribs.href ? { href: attribs.href, rel: 'nofollow noopener' } : {},
    }),
  },
};

/**
 * Update bodies: a small Markdown subset (paragraphs, line breaks, bold,
 * italics, code, lists, http/https/mailto links), everything else dropped.
 */
export function renderMarkdown(value: unknown): string {
  const source = cleanText(value);
  if (!source.trim()) return '';
  let html: string;
  try {
    html = markdown.parse(source) as string;
  } catch {
    return `<p>${escapeHtml(source)}</p>`;
  }
  return sanitizeHtml(html, SANITIZE).trim();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** ICU puts narrow and thin spaces into times ("3:04\u202fPM"); plain spaces read the same everywhere. */
const plain = (s: string) => s.replace(/[\u2009\u202f]/g, ' ');

function formatterFor(key: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${key}|${timeZone}`;
  let f = formatters.get(id);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    }
    formatters.set(id, f);
  }
  return f;
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** "Nov 27, 2026, 3:04 PM GMT+1" in the page's time zone. */
export function formatDateTime(date: Date, timeZone: string): string {
  return plain(formatterFor('dt', timeZone, DATE_TIME).format(date));
}

/** "Nov 27, 2026, 3:04 – 5:00 PM GMT+1": a window, without repeating what both ends share. */
export function formatRange(start: Date, end: Date, timeZone: string): string {
  const f = formatterFor('dt', timeZone, DATE_TIME);
  return plain(end.getTime() >= start.getTime() ? f.formatRange(start, end) : `${f.format(start)} – ${f.format(end)}`);
}

const dayLabels = new Map<string, string>();

/** "Nov 27, 2026" for a calendar date given as `YYYY-MM-DD` (a few hundred distinct values: memoized). */
export function formatDay(isoDay: string): string {
  let out = dayLabels.get(isoDay);
  if (out === undefined) {
    out = formatterFor('day', 'UTC', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(`${isoDay}T00:00:00Z`));
    dayLabels.set(isoDay, out);
  }
  return out;
}

/** The calendar date (`YYYY-MM-DD`) of an instant in the page's time zone. */
export function localDay(date: Date, timeZone: string): string {
  const parts = formatterFor('iso', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '01';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
