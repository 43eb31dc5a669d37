/*
 * Times in a page's IANA time zone without a library: Intl gives the wall clock
 * of an instant in a zone; the reverse (a wall-clock time entered in the page's
 * zone to UTC) corrects by the zone's offset at that instant. A wall-clock time
 * that does not exist (the spring-forward gap) moves forward by the gap.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

function wallClock(instant: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** The zone's offset from UTC at `instant`, in ms (Europe/Berlin in summer: +7,200,000). */
export function offsetMs(instant: number, zone: string): number {
  const w = wallClock(instant, zone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `2031-07-01T10:00` in `zone` as an ISO 8601 UTC string, or null when it is not a date-time. */
export function localToUtc(local: string, zone: string): string | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const naive = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  if (Number.isNaN(naive)) return null;
  let t = naive - offsetMs(naive, zone);
  const second = offsetMs(t, zone);
  if (naive - second !== t) t = naive - second;
  // In a gap neither offset gives back the wall-clock time: take the later one (forward by the gap).
  const back = wallClock(t, zone);
  if (back.h !== +m[4] || back.mi !== +m[5]) t = naive - Math.min(offsetMs(naive, zone), second);
  return new Date(t).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock time of `iso` in `zone`, as a datetime-local input's value (`2031-07-01T10:00`). */
export function utcToLocal(iso: string, zone: string): string {
  const w = wallClock(Date.parse(iso), zone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

const display = new Map<string, Intl.DateTimeFormat>();

function displayFormatter(zone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${withDate}`;
  let f = display.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    display.set(key, f);
  }
  return f;
}

/** "Tue 1 Jul 2031, 10:00 CEST" */
export function formatInZone(iso: string, zone: string): string {
  return displayFormatter(zone, true).format(Date.parse(iso));
}

/** The same instant in UTC, without the date when it is the same day as in `zone`. */
export function formatUtc(iso: string, zone: string): string {
  const t = Date.parse(iso);
  const sameDay = utcToLocal(iso, zone).slice(0, 10) === new Date(t).toISOString().slice(0, 10);
  return displayFormatter('UTC', !sameDay).format(t);
}

/** "in 3 h", "5 min ago" */
export function relative(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/** Every IANA zone the browser knows, with UTC first. */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
