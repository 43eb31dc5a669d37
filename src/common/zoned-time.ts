/**
 * Local wall-clock times in an IANA time zone, through the platform's
 * time-zone data (`Intl.DateTimeFormat`): no zone tables of our own.
 *
 * A "wall" time is a local date-time written as milliseconds as if it were
 * UTC (2027-03-28T02:30 local is `Date.UTC(2027, 2, 28, 2, 30)`), which is
 * how the recurrence rules are expanded (floating time).
 */

const DAY_MS = 86_400_000;
const MAX_CACHED_ZONES = 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Names as the tz database writes them (`Europe/Berlin`, `Etc/GMT+5`, `UTC`); no `+01:00` offsets. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= MAX_CACHED_ZONES) formatters.clear();
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether the platform knows the zone: any name `Intl` accepts (unlike resolveTimeZone, no check of the spelling). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's name if the platform knows it (its canonical spelling when the
 * input differs only in case), otherwise null.
 */
export function resolveTimeZone(name: string): string | null {
  if (name.length > 64 || !ZONE_NAME.test(name)) return null;
  try {
    const resolved = formatter(name).resolvedOptions().timeZone;
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch {
    return null;
  }
}

/** The zone's offset from UTC (ms, east positive) at an instant. */
export function offsetAt(timeZone: string, instantMs: number): number {
  const wholeSecond = instantMs - (((instantMs % 1000) + 1000) % 1000);
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(wholeSecond)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return wall - wholeSecond;
}

/** The local wall time shown in the zone at an instant. */
export function instantToWall(timeZone: string, instantMs: number): number {
  return instantMs + offsetAt(timeZone, instantMs);
}

/**
 * The instant at which the zone's clocks show a wall time. A wall time in a
 * spring-forward gap moves forward by the gap (02:30 in a 02:00→03:00 gap is
 * 03:30); an ambiguous one (fall back) is the earlier instant.
 */
export function wallToInstant(timeZone: string, wallMs: number): number {
  const before = offsetAt(timeZone, wallMs - DAY_MS);
  const after = offsetAt(timeZone, wallMs + DAY_MS);
  let earliest: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wallMs - offset;
    if (offsetAt(timeZone, instant) === offset && (earliest === null || instant < earliest)) earliest = instant;
  }
  // None matches: the wall time is in a gap; read it with the offset in force before the gap.
  return earliest ?? wallMs - before;
}

/** `YYYY-MM-DDTHH:mm`, with `:ss` when the seconds are not zero. */
export function formatWall(wallMs: number): string {
  const iso = new Date(wallMs).toISOString();
  return iso.slice(17, 19) === '00' ? iso.slice(0, 16) : iso.slice(0, 19);
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses `YYYY-MM-DDTHH:mm[:ss]` (no offset, no fraction) into a wall time; null when malformed or not a real date. */
export function parseWall(text: string): number | null {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || day < 1) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2027-02-30 over to March: a real date reads back the same.
  return new Date(wall).getUTCDate() === day ? wall : null;
}
