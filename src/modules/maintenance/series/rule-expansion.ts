import { RRule, type Options } from 'rrule';

/**
 * Expands a recurrence rule with the `rrule` library in floating time: wall
 * clock times written as if they were UTC, with no TZID (the library's zone
 * handling is fragile; zones are applied afterwards, see common/zoned-time.ts).
 */

export interface FloatingRule {
  /** An RRULE value already checked by rrule-grammar.ts, without UNTIL. */
  ruleText: string;
  /** DTSTART as a wall time. */
  firstWall: number;
  /** The last wall time a start may have (from UNTIL), or null. */
  untilWall: number | null;
}

const DAY_MS = 86_400_000;

/**
 * `rrule` keeps iterating, without end or until year 9999, through periods
 * in which nothing matches (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30` takes
 * seconds). It reads its options object a bounded number of times per day it
 * visits (about 7 to 18, measured with rrule 2.8), so a budget of reads,
 * growing with the days and occurrences asked for, stops a walk that has gone
 * past its range without finding anything. Exhausting it means "no more".
 */
const BASE_READS = 200_000;
const READS_PER_DAY = 64;
const READS_PER_OCCURRENCE = 64;
const BUDGET_EXHAUSTED = Symbol('rrule read budget exhausted');

/**
 * Without COUNT, the starts from some later point on are those of the same
 * rule started a whole number of periods later, provided the parts rrule
 * would default from DTSTART are written out. Starting there keeps the cost
 * of a window independent of how old the series is. Returns the later
 * DTSTART (at least one period before `targetWall`), or null to start at the
 * first one.
 */
function skipAhead(options: Partial<Options>, first: Date, targetWall: number): number | null {
  if (options.count != null || targetWall <= first.getTime()) return null;
  const interval = options.interval ?? 1;
  const target = new Date(targetWall);
  const hasDayPart =
    options.byweekno != null || options.byyearday != null || options.bymonthday != null || options.byweekday != null;
  options.byhour ??= first.getUTCHours();
  options.byminute ??= first.getUTCMinutes();
  options.bysecond ??= first.getUTCSeconds();
  switch (options.freq) {
    case RRule.DAILY:
    case RRule.WEEKLY: {
      const period = (options.freq === RRule.WEEKLY ? 7 : 1) * interval * DAY_MS;
      const periods = Math.floor((targetWall - first.getTime()) / period) - 1;
      if (!hasDayPart && options.freq === RRule.WEEKLY) options.byweekday = [(first.getUTCDay() + 6) % 7];
      return periods >= 1 ? first.getTime() + periods * period : null;
    }
    case RRule.MONTHLY: {
      if (!hasDayPart) options.bymonthday = first.getUTCDate();
      const months = (target.getUTCFullYear() - first.getUTCFullYear()) * 12 + target.getUTCMonth() - first.getUTCMonth();
      const skipped = (Math.floor(months / interval) - 1) * interval;
      return skipped >= interval ? Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + skipped, 1) : null;
    }
    case RRule.YEARLY: {
      if (!hasDayPart) {
        options.bymonth ??= first.getUTCMonth() + 1;
        options.bymonthday = first.getUTCDate();
      }
      const skipped = (Math.floor((target.getUTCFullYear() - first.getUTCFullYear()) / interval) - 1) * interval;
      return skipped >= interval ? Date.UTC(first.getUTCFullYear() + skipped, 0, 1) : null;
    }
    default:
      return null;
  }
}

/**
 * Calls `visit` with the rule's starts (wall times) in order, up to
 * `toWall`, until it returns false. Starts before `fromWall` may or may not
 * be visited: the caller filters.
 */
export function expandWalls(rule: FloatingRule, fromWall: number, toWall: number, visit: (wall: number) => boolean): void {
  const options = RRule.parseString(rule.ruleText);
  const first = new Date(rule.firstWall);
  const anchor = skipAhead(options, first, fromWall) ?? rule.firstWall;
  options.dtstart = new Date(anchor);
  options.tzid = null;
  if (rule.untilWall !== null) options.until = new Date(rule.untilWall);
  if (toWall < anchor) return;

  const expansion = new RRule(options, true);
  const real = expansion.options;
  let budget = BASE_READS + READS_PER_DAY * ((toWall - anchor) / DAY_MS);
  expansion.options = new Proxy(real, {
    get(target, key, receiver) {
      if (--budget < 0) throw BUDGET_EXHAUSTED;
      return Reflect.get(target, key, receiver);
    },
  });
  try {
    expansion.between(new Date(anchor), new Date(toWall), true, (date) => {
      budget += READS_PER_OCCURRENCE;
      return visit(date.getTime());
    });
  } catch (error) {
    if (error !== BUDGET_EXHAUSTED) throw error;
  } finally {
    expansion.options = real;
  }
}
