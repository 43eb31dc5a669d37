import ical, { escape, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { RUNNING_STATUSES } from '../maintenance.transitions';

/**
 * The iCalendar (RFC 5545) feed of a page's maintenance windows
 * (`maintenances.ics`), rendered by ical-generator, which escapes and folds
 * the text. Pure: the caller picks the windows (calendarWindows) and serves
 * the text (`text/calendar; charset=utf-8`).
 *
 * The output depends only on its input (DTSTAMP is the window's updatedAt,
 * not the time of the request), so the same windows give the same bytes and
 * the same ETag.
 */

export type CalendarWindowStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'cancelled';

export interface CalendarPage {
  name: string;
  slug: string;
  /** The public status page. */
  url: string;
}

export interface CalendarWindow {
  id: string;
  title: string;
  description: string | null;
  status: CalendarWindowStatus;
  scheduledStart: Date;
  scheduledEnd: Date;
  updatedAt: Date;
  /** Increases with every change calendar clients should pick up (RFC 5545 SEQUENCE). */
  sequence: number;
  /** The window's public page. */
  url: string;
  componentIds?: readonly string[];
}

export interface CalendarOptions {
  /** How often clients should refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL); default one hour. */
  refreshSeconds?: number;
}

/** UIDs are `<maintenance id>@` this: fixed, so they survive a change of the page's domain. */
export const CALENDAR_UID_DOMAIN = 'statuspages';
/** A cancelled window stays in the feed (as STATUS:CANCELLED) this long after it was cancelled. */
export const CANCELLED_KEPT_DAYS = 7;
/** Each feed (the page's, and each component's) shows at most this many windows, the soonest. */
export const MAX_CALENDAR_WINDOWS = 500;
const LIVE_STATUSES: readonly CalendarWindowStatus[] = ['scheduled', ...RUNNING_STATUSES];
const DAY_MS = 86_400_000;

/** The stable UID of a window's VEVENT. */
export function maintenanceUid(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new RangeError(`maintenance id ${JSON.stringify(id)} cannot be a UID`);
  return `${id}@${CALENDAR_UID_DOMAIN}`;
}

/** Control characters are not allowed in iCalendar text (tab and line breaks are escaped by the library). */
function plainText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

function httpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RangeError(`${url} is not an http(s) URL`);
  return parsed.href;
}

/**
 * The windows the feed shows, by start: those scheduled, in progress or
 * verifying, and those cancelled within the last CANCELLED_KEPT_DAYS (by
 * `cancelledAt`, else `updatedAt`); with `componentId`, only the windows
 * that list it. At most `limit` (MAX_CALENDAR_WINDOWS), the soonest, counted
 * after the component filter: each feed has its own cap.
 */
export function calendarWindows<T extends Pick<CalendarWindow, 'status' | 'scheduledStart' | 'updatedAt' | 'componentIds'> & { cancelledAt?: Date | null }>(
  windows: readonly T[],
  now: Date,
  options: { componentId?: string; limit?: number } = {},
): T[] {
  const keptSince = now.getTime() - CANCELLED_KEPT_DAYS * DAY_MS;
  return windows
    .filter((w) => {
      if (options.componentId !== undefined && !(w.componentIds ?? []).includes(options.componentId)) return false;
      if (LIVE_STATUSES.includes(w.status)) return true;
      return w.status === 'cancelled' && (w.cancelledAt ?? w.updatedAt).getTime() >= keptSince;
    })
    .sort((a, b) => a.scheduledStart.getTime() - b.scheduledStart.getTime())
    .slice(0, options.limit ?? MAX_CALENDAR_WINDOWS);
}

/** The feed: one VEVENT per window, times in UTC, METHOD:PUBLISH. */
export function renderMaintenanceCalendar(page: CalendarPage, windows: readonly CalendarWindow[], options: CalendarOptions = {}): string {
  const name = plainText(page.name) || page.slug;
  const calendar = ical({
    // ical-generator 10 writes the calendar's NAME, X-WR-CALNAME and X-WR-CALDESC as given,
    // unescaped (a line break would start a new property): escape them here, as it does for events.
    name: escape(name, false),
    description: escape(`Planned maintenance for ${name}`, false),
    prodId: { company: 'statuspages', product: 'maintenance calendar', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    url: httpUrl(page.url),
    ttl: options.refreshSeconds ?? 3600,
  });
  for (const window of windows) {
    calendar.createEvent({
      id: maintenanceUid(window.id),
      start: window.scheduledStart,
      end: window.scheduledEnd,
      stamp: window.updatedAt,
      lastModified: window.updatedAt,
      sequence: window.sequence,
      summary: plainText(window.title),
      description: window.description === null ? null : plainText(window.description),
      url: httpUrl(window.url),
      status: window.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
