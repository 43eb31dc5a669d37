/**
 * A strict reading of an RFC 5545 RRULE value (section 3.3.10) before it is
 * handed to the `rrule` library, whose own parser lets malformed values
 * through (`BYDAY=XX`, `INTERVAL=abc`, `FREQ=FOO` all "parse"). This checks
 * the grammar and the RFC's rule-part restrictions only; expanding the rule is
 * the library's job.
 */

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** How UNTIL was written: a UTC instant (`...Z`), a floating local date-time, or a date (the whole local day). */
export type Until =
  | { kind: 'instant'; instantMs: number }
  | { kind: 'wall'; wallMs: number };

export interface RuleValue {
  freq: Frequency;
  /** The rule upper-cased, without `RRULE:` and without UNTIL (that one is applied separately). */
  withoutUntil: string;
  /** The rule upper-cased, without `RRULE:`, parts in the given order. */
  normalized: string;
  until: Until | null;
}

export const MAX_RRULE_LENGTH = 1000;
const FREQUENCIES = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const TOO_FREQUENT = ['SECONDLY', 'MINUTELY', 'HOURLY'];
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Numeric list parts: allowed range, whether a sign (counting from the end) is allowed. */
const NUMBER_LISTS: Record<string, { min: number; max: number; signed: boolean }> = {
  BYSECOND: { min: 0, max: 60, signed: false },
  BYMINUTE: { min: 0, max: 59, signed: false },
  BYHOUR: { min: 0, max: 23, signed: false },
  BYMONTHDAY: { min: 1, max: 31, signed: true },
  BYYEARDAY: { min: 1, max: 366, signed: true },
  BYWEEKNO: { min: 1, max: 53, signed: true },
  BYMONTH: { min: 1, max: 12, signed: false },
  BYSETPOS: { min: 1, max: 366, signed: true },
};
const KNOWN_PARTS = new Set(['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYDAY', 'WKST', ...Object.keys(NUMBER_LISTS)]);
/** RFC 5545's table of which BYxxx part goes with which FREQ (for the frequencies we accept). */
const ONLY_WITH: Record<string, Frequency[]> = {
  BYMONTHDAY: ['DAILY', 'MONTHLY', 'YEARLY'],
  BYYEARDAY: ['YEARLY'],
  BYWEEKNO: ['YEARLY'],
};

const UNTIL_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/;
const POSITIVE_INTEGER = /^[1-9]\d{0,8}$/;

function parseUntil(value: string): Until | null {
  const match = UNTIL_VALUE.exec(value);
  if (!match) return null;
  const [year, month, day] = [1, 2, 3].map((i) => Number(match[i]));
  const hasTime = match[4] !== undefined;
  const [hour, minute, second] = hasTime ? [4, 5, 6].map((i) => Number(match[i])) : [23, 59, 59];
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return null;
  if (match[7] === 'Z') return { kind: 'instant', instantMs: ms };
  // A date alone means the whole local day; a floating date-time is local wall time.
  return { kind: 'wall', wallMs: hasTime ? ms : ms + 999 };
}

function checkNumberList(name: string, value: string, errors: string[]): void {
  const { min, max, signed } = NUMBER_LISTS[name];
  const pattern = signed ? /^[+-]?\d{1,3}$/ : /^\d{1,2}$/;
  for (const item of value.split(',')) {
    const n = Math.abs(Number(item));
    if (!pattern.test(item) || n < min || n > max) {
      const range = signed ? `${min} to ${max} or -${max} to -${min}` : `${min} to ${max}`;
      errors.push(`rrule: ${name} value "${item}" must be a whole number from ${range}`);
      return;
    }
  }
}

function checkByDay(value: string, freq: string | undefined, hasWeekNo: boolean, errors: string[]): void {
  for (const item of value.split(',')) {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    if (!match || !WEEKDAYS.includes(match[2])) {
      errors.push(`rrule: BYDAY value "${item}" must be a weekday (${WEEKDAYS.join(', ')}), optionally after an ordinal like 1MO or -1FR`);
      return;
    }
    if (match[1] === undefined) continue;
    const ordinal = Math.abs(Number(match[1]));
    const max = freq === 'MONTHLY' ? 5 : 53;
    if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
      errors.push(`rrule: BYDAY "${item}" has an ordinal, which only MONTHLY and YEARLY rules allow`);
    } else if (freq === 'YEARLY' && hasWeekNo) {
      errors.push(`rrule: BYDAY "${item}" has an ordinal, which is not allowed together with BYWEEKNO`);
    } else if (ordinal < 1 || ordinal > max) {
      errors.push(`rrule: BYDAY "${item}" needs an ordinal from 1 to ${max} or -${max} to -1`);
    } else continue;
    return;
  }
}

/** Reads an RRULE value (optionally prefixed `RRULE:`); errors name the field (`rrule: ...`). */
export function parseRuleValue(input: string): { ok: true; rule: RuleValue } | { ok: false; errors: string[] } {
  const fail = (message: string) => ({ ok: false as const, errors: [`rrule: ${message}`] });
  if (input.length > MAX_RRULE_LENGTH) return fail(`must be at most ${MAX_RRULE_LENGTH} characters`);
  const text = input.trim().toUpperCase().replace(/^RRULE:/, '');
  if (/DTSTART/.test(text)) return fail('must not contain DTSTART: firstStart is the start of the series');
  if (/[\r\n]/.test(text)) return fail('must be a single RRULE value such as FREQ=WEEKLY;BYDAY=SU');
  if (text === '') return fail('must not be empty; for example FREQ=WEEKLY;BYDAY=SU');

  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    if (part.startsWith('TZID=')) return fail('must not contain TZID: timeZone is the zone of the series');
    const match = /^([A-Z-]+)=([A-Z0-9,+-]+)$/.exec(part);
    if (!match) return fail(`"${part}" is not a NAME=VALUE rule part`);
    const [, name, value] = match;
    if (!KNOWN_PARTS.has(name)) return fail(`unknown rule part ${name}`);
    if (parts.has(name)) return fail(`${name} appears more than once`);
    parts.set(name, value);
  }

  const freq = parts.get('FREQ');
  const errors: string[] = [];
  if (freq === undefined) return fail('FREQ is required (DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (TOO_FREQUENT.includes(freq)) return fail(`FREQ=${freq} is refused: a series repeats at most daily`);
  if (!FREQUENCIES.includes(freq)) return fail(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not ${freq}`);
  const frequency = freq as Frequency;

  let until: Until | null = null;
  for (const [name, value] of parts) {
    if (name === 'UNTIL') {
      until = parseUntil(value);
      if (!until) errors.push(`rrule: UNTIL "${value}" must be a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSSZ) from 1970 on`);
    } else if (name === 'COUNT' || name === 'INTERVAL') {
      if (!POSITIVE_INTEGER.test(value)) errors.push(`rrule: ${name} must be a whole number from 1 to 999999999`);
    } else if (name === 'WKST') {
      if (!WEEKDAYS.includes(value)) errors.push(`rrule: WKST must be a weekday (${WEEKDAYS.join(', ')})`);
    } else if (name === 'BYDAY') {
      checkByDay(value, freq, parts.has('BYWEEKNO'), errors);
    } else if (name in NUMBER_LISTS) {
      checkNumberList(name, value, errors);
      const allowed = ONLY_WITH[name];
      if (allowed && !allowed.includes(frequency)) {
        errors.push(`rrule: ${name} cannot be used with FREQ=${freq} (only with ${allowed.join(', ')})`);
      }
    }
  }
  if (parts.has('COUNT') && parts.has('UNTIL')) errors.push('rrule: COUNT and UNTIL cannot both be set');
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')) {
    errors.push('rrule: BYSETPOS needs another BYxxx part to choose from (for example BYDAY)');
  }
  if (errors.length > 0) return { ok: false, errors };

  const normalized = [...parts].map(([k, v]) => `${k}=${v}`).join(';');
  const withoutUntil = [...parts].filter(([k]) => k !== 'UNTIL').map(([k, v]) => `${k}=${v}`).join(';');
  return { ok: true, rule: { freq: frequency, normalized, withoutUntil, until } };
}
