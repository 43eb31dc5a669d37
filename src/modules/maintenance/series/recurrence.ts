import { formatWall, instantToWall, parseWall, resolveTimeZone, wallToInstant } from '../../../common/zoned-time';
import { expandWalls, type FloatingRule } from './rule-expansion';
import { parseRuleValue, type Until } from './rrule-grammar';

/**
 * Recurring maintenance series: validation and occurrences (pure, no I/O).
 *
 * The rule is expanded by the `rrule` library in floating local time (the
 * wall clock written as if it were UTC, no TZID: the library's zone support
 * is fragile), and each local start is then turned into an instant through
 * the platform's zone data (see common/zoned-time.ts). So every occurrence keeps its
 * wall-clock time across daylight-saving changes; a start in a spring-forward
 * gap moves forward by the gap, an ambiguous one is the earlier instant, and
 * the end is the start plus `durationMinutes` (absolute minutes).
 */

/** A series as stored: `firstStart` local (`YYYY-MM-DDTHH:mm[:ss]`) in `timeZone`, `rrule` an RFC 5545 RRULE value. */
export interface SeriesDefinition {
  firstStart: string;
  timeZone: string;
  rrule: string;
  durationMinutes: number;
}

export interface Occurrence {
  start: Date;
  /** start + durationMinutes */
  end: Date;
  /** The start as the zone's clocks show it (`YYYY-MM-DDTHH:mm[:ss]`): 03:30 for a 02:30 moved out of a gap. */
  localStart: string;
}

export type SeriesValidation = { ok: true; series: SeriesDefinition } | { ok: false; errors: string[] };

export const SERIES_LIMITS = {
  minDurationMinutes: 1,
  maxDurationMinutes: 10080,
  /** Consecutive starts at least this far apart (what HOURLY and finer would break). */
  minGapMinutes: 60,
  /** Validation looks at this many occurrences, within `checkedYears` of firstStart. */
  checkedOccurrences: 500,
  checkedYears: 30,
  /** nextOccurrences looks this far for the "at least" ones beyond the horizon. */
  searchYears: 100,
  /** The most occurrences one call returns. */
  maxListed: 10000,
} as const;

/** The definition is invalid; `errors` name the field (`rrule: ...`), ready for a 400. */
export class SeriesValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
    this.name = 'SeriesValidationError';
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
/** The last instant a time may be (API.md, limits). */
const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A wall time and its instant are never further apart than this (offsets, gaps). */
const ZONE_SLACK_MS = DAY_MS;

interface Compiled {
  timeZone: string;
  firstWall: number;
  durationMs: number;
  until: Until | null;
  rule: FloatingRule;
}

/** The walk's bound from UNTIL; an instant UNTIL is applied exactly to the starts, this only bounds the walk. */
function untilWall(timeZone: string, until: Until | null): number | null {
  if (until === null) return null;
  return until.kind === 'wall' ? until.wallMs : instantToWall(timeZone, until.instantMs) + ZONE_SLACK_MS;
}

const compiledSeries = new WeakMap<object, Compiled>();

type Fields = { [K in keyof SeriesDefinition]?: unknown };

/** Checks the fields one by one; errors name the field. */
function compileFields(input: Fields): { compiled: Compiled; normalized: SeriesDefinition } | { errors: string[] } {
  const errors: string[] = [];
  const firstWall = typeof input.firstStart === 'string' ? parseWall(input.firstStart) : null;
  if (firstWall === null) {
    errors.push('firstStart: must be a local date-time without offset, YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss (for example 2027-03-14T02:30)');
  }
  const timeZone = typeof input.timeZone === 'string' ? resolveTimeZone(input.timeZone) : null;
  if (timeZone === null) errors.push('timeZone: must be an IANA time zone name such as Europe/Berlin');
  const rule = typeof input.rrule === 'string' ? parseRuleValue(input.rrule) : null;
  if (rule === null) errors.push('rrule: must be a string, an RFC 5545 RRULE value such as FREQ=WEEKLY;BYDAY=SU');
  else if (!rule.ok) errors.push(...rule.errors);
  const duration = input.durationMinutes;
  const { minDurationMinutes: min, maxDurationMinutes: max } = SERIES_LIMITS;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < min || duration > max) {
    errors.push(`durationMinutes: must be a whole number from ${min} to ${max}`);
  }
  if (firstWall !== null && timeZone !== null) {
    const first = wallToInstant(timeZone, firstWall);
    if (first < 0 || first > MAX_INSTANT - (typeof duration === 'number' ? duration : 0) * MINUTE_MS) {
      errors.push(`firstStart: must fall between 1970-01-01 and 9999-12-31 UTC once ${timeZone} is applied`);
    }
  }
  if (errors.length > 0 || firstWall === null || timeZone === null || !rule?.ok) return { errors };
  const durationMinutes = duration as number;
  return {
    compiled: {
      timeZone,
      firstWall,
      durationMs: durationMinutes * MINUTE_MS,
      until: rule.rule.until,
      rule: { ruleText: rule.rule.withoutUntil, firstWall, untilWall: untilWall(timeZone, rule.rule.until) },
    },
    normalized: { firstStart: formatWall(firstWall), timeZone, rrule: rule.rule.normalized, durationMinutes },
  };
}

function compiledOf(series: SeriesDefinition): Compiled {
  let compiled = compiledSeries.get(series);
  if (!compiled) {
    const result = compileFields(series);
    if ('errors' in result) throw new SeriesValidationError(result.errors);
    compiled = result.compiled;
    compiledSeries.set(series, compiled);
  }
  return compiled;
}

function checkDate(name: string, value: Date): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${name} must be a valid Date`);
  return value.getTime();
}

/**
 * The occurrences whose start is in [from, to), in order of start, at most
 * `limit` (capped at SERIES_LIMITS.maxListed). Throws SeriesValidationError
 * for a definition whose fields are invalid (its overlap is not re-checked).
 */
export function occurrencesBetween(series: SeriesDefinition, from: Date, to: Date, limit = 1000): Occurrence[] {
  const c = compiledOf(series);
  const fromMs = checkDate('from', from);
  const toMs = Math.min(checkDate('to', to), MAX_INSTANT + 1);
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError('limit must be a whole number from 0');
  const max = Math.min(limit, SERIES_LIMITS.maxListed);
  if (max === 0 || toMs <= fromMs) return [];

  const untilInstant = c.until?.kind === 'instant' ? c.until.instantMs : Infinity;
  const found: number[] = [];
  // Starts can come out of order by less than a day (a gap moves 02:30 past 03:00),
  // so once enough are found, walk one more day and sort.
  let stopWall = Infinity;
  expandWalls(c.rule, fromMs - ZONE_SLACK_MS, toMs + ZONE_SLACK_MS, (wall) => {
    if (wall > stopWall) return false;
    if (wall < fromMs - ZONE_SLACK_MS) return true;
    const start = wallToInstant(c.timeZone, wall);
    if (start >= fromMs && start < toMs && start <= untilInstant && start + c.durationMs <= MAX_INSTANT) {
      found.push(start);
      if (found.length === max) stopWall = wall + ZONE_SLACK_MS;
    }
    return true;
  });

  const starts = [...new Set(found)].sort((a, b) => a - b).slice(0, max);
  return starts.map((start) => ({
    start: new Date(start),
    end: new Date(start + c.durationMs),
    localStart: formatWall(instantToWall(c.timeZone, start)),
  }));
}

/**
 * The occurrences starting in [after, after + horizonDays days), and at least
 * the next `atLeast` ones even beyond the horizon (looked for up to
 * SERIES_LIMITS.searchYears ahead). Fewer when the rule ends.
 */
export function nextOccurrences(series: SeriesDefinition, after: Date, horizonDays = 90, atLeast = 1): Occurrence[] {
  const afterMs = checkDate('after', after);
  if (!(horizonDays >= 0)) throw new RangeError('horizonDays must be a number from 0');
  if (!Number.isInteger(atLeast) || atLeast < 0) throw new RangeError('atLeast must be a whole number from 0');
  const horizonEnd = new Date(Math.min(afterMs + horizonDays * DAY_MS, MAX_INSTANT + 1));
  const within = occurrencesBetween(series, after, horizonEnd, SERIES_LIMITS.maxListed);
  if (within.length >= atLeast) return within;
  const searchEnd = new Date(Math.min(afterMs + SERIES_LIMITS.searchYears * YEAR_MS, MAX_INSTANT + 1));
  return occurrencesBetween(series, after, searchEnd, atLeast);
}

function overlapError(c: Compiled, occurrences: Occurrence[]): string | null {
  const { minGapMinutes, checkedYears } = SERIES_LIMITS;
  if (occurrences.length === 0) {
    return `rrule: yields no occurrence from firstStart on (looked ${checkedYears} years ahead)`;
  }
  for (let i = 0; i + 1 < occurrences.length; i++) {
    const [a, b] = [occurrences[i], occurrences[i + 1]];
    const gapMinutes = (b.start.getTime() - a.start.getTime()) / MINUTE_MS;
    const between = `${a.localStart} and ${b.localStart} (${c.timeZone}) are ${gapMinutes} minutes apart`;
    if (gapMinutes < minGapMinutes) {
      return `rrule: occurrences must start at least ${minGapMinutes} minutes apart, but ${between}`;
    }
    if (c.durationMs > b.start.getTime() - a.start.getTime()) {
      return `durationMinutes: ${c.durationMs / MINUTE_MS} minutes would make occurrences overlap: ${between}`;
    }
  }
  return null;
}

/**
 * Validates a series definition as given to the API (unknown field types
 * included). On success `series` is normalized (`RRULE:` dropped, upper case,
 * `firstStart` without `:00` seconds). Checks: each field, then the first
 * SERIES_LIMITS.checkedOccurrences occurrences (within checkedYears): there
 * is one, consecutive starts are at least minGapMinutes apart, and none lasts
 * past the next one's start.
 */
export function validateSeries(input: Fields): SeriesValidation {
  const result = compileFields(input);
  if ('errors' in result) return { ok: false, errors: result.errors };
  const { compiled, normalized } = result;
  compiledSeries.set(normalized, compiled);
  const first = wallToInstant(compiled.timeZone, compiled.firstWall);
  const horizon = new Date(Math.min(first + SERIES_LIMITS.checkedYears * YEAR_MS, MAX_INSTANT + 1));
  const sample = occurrencesBetween(normalized, new Date(first - ZONE_SLACK_MS), horizon, SERIES_LIMITS.checkedOccurrences);
  const error = overlapError(compiled, sample);
  return error ? { ok: false, errors: [error] } : { ok: true, series: Object.freeze(normalized) };
}

/** validateSeries, throwing SeriesValidationError. */
export function assertValidSeries(input: Fields): SeriesDefinition {
  const result = validateSeries(input);
  if (!result.ok) throw new SeriesValidationError(result.errors);
  return result.series;
}
