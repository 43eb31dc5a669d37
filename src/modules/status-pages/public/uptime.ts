import { instantToWall, isKnownTimeZone, offsetAt } from '../../../common/zoned-time';
import { ComponentStatus } from '../../../generated/prisma/enums';
import { worstStatus } from '../status-computation';
import type { StatusHistoryRow } from '../status-history/status-history.repository';
import { PublicPageData } from './public-page-data';

/*
 * 90-day uptime from the component status history.
 *
 * - Days are calendar days in the page's time zone (an unknown zone falls back
 *   to UTC); the last cell is today, up to now.
 * - A day's colour is the worst status the component had during it.
 * - Uptime is weighted by time: major_outage counts as fully down, partial_outage
 *   as 0.3 down, everything else (degraded performance, under maintenance) as up.
 * - Time before the component existed is "no data" and excluded.
 */

export const UPTIME_WINDOW_DAYS = 90;

const DOWN_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export interface UptimeDay {
  /** Calendar date in the page's time zone, `YYYY-MM-DD`. */
  date: string;
  /** Worst status of the day; null when the component did not exist yet. */
  status: ComponentStatus | null;
  /** Uptime of that day in percent; null without data. */
  percent: number | null;
}

export interface ComponentUptime {
  days: UptimeDay[];
  /** Time-weighted uptime over the window, in percent (2 decimals, rounded down). */
  percent: number;
}

export interface UptimeInput {
  /** This component's history rows (any order); a row's status holds from its changedAt on. */
  rows: ReadonlyArray<Pick<StatusHistoryRow, 'status' | 'changedAt'>>;
  /** The current effective status (the history may lag behind it by a moment). */
  current: ComponentStatus;
  createdAt: Date;
  now: Date;
  timeZone: string;
  days?: number;
}

interface Segment {
  from: number;
  to: number;
  status: ComponentStatus;
}

const worse = (a: ComponentStatus | null, b: ComponentStatus) => (a === null ? b : worstStatus(a, b));
const floor2 = (x: number) => Math.floor(x * 100 + 1e-9) / 100;

export function computeUptime(input: UptimeInput): ComponentUptime {
  const count = input.days ?? UPTIME_WINDOW_DAYS;
  const zone = zoneOrUtc(input.timeZone);
  const now = input.now.getTime();
  const bounds = dayBoundaries(now, zone, count);
  const segments = statusSegments(input, Math.max(bounds[0].start, input.createdAt.getTime()), now);

  let down = 0;
  let total = 0;
  const days: UptimeDay[] = bounds.map(({ date, start, end }) => {
    let status: ComponentStatus | null = null;
    let dayDown = 0;
    let dayTotal = 0;
    for (const s of segments) {
      const from = Math.max(s.from, start);
      const to = Math.min(s.to, end);
      if (to <= from) continue;
      status = worse(status, s.status);
      dayTotal += to - from;
      dayDown += (to - from) * DOWN_WEIGHT[s.status];
    }
    down += dayDown;
    total += dayTotal;
    const percent = status === null ? null : dayTotal > 0 ? floor2(100 * (1 - dayDown / dayTotal)) : 100;
    return { date, status, percent };
  });
  // Today's cell also shows the current status, even before the history has caught up.
  const today = days[days.length - 1];
  if (today) today.status = worse(today.status, input.current);
  return { days, percent: total > 0 ? floor2(100 * (1 - down / total)) : 100 };
}

/** Contiguous intervals of one status between `from` and `to` (epoch ms). */
function statusSegments(input: UptimeInput, from: number, to: number): Segment[] {
  if (to < from) return [];
  const rows = [...input.rows].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime());
  // Status at `from`: the last row at or before it; before the first row, assume its status.
  let status: ComponentStatus = rows[0]?.status ?? input.current;
  let i = 0;
  while (i < rows.length && rows[i].changedAt.getTime() <= from) status = rows[i++].status;
  const out: Segment[] = [];
  let start = from;
  for (; i < rows.length && rows[i].changedAt.getTime() < to; i++) {
    const at = rows[i].changedAt.getTime();
    if (rows[i].status === status) continue;
    out.push({ from: start, to: at, status });
    start = at;
    status = rows[i].status;
  }
  out.push({ from: start, to, status });
  return out;
}

type Bounds = Array<{ date: string; start: number; end: number }>;
let lastBounds: { key: string; bounds: Bounds } | undefined;

/** The last `count` calendar days in `zone`, ending with today (cut at now); the same for every component of a snapshot. */
function dayBoundaries(now: number, zone: string, count: number): Bounds {
  const key = `${now}|${zone}|${count}`;
  if (lastBounds?.key !== key) lastBounds = { key, bounds: computeBounds(now, zone, count) };
  return lastBounds.bounds;
}

function computeBounds(now: number, zone: string, count: number): Bounds {
  const today = new Date(instantToWall(zone, now));
  const [y, m, d] = [today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()];
  const out: Bounds = [];
  for (let k = count - 1; k >= 0; k--) {
    const day = new Date(Date.UTC(y, m, d - k));
    const next = new Date(Date.UTC(y, m, d - k + 1));
    out.push({
      date: day.toISOString().slice(0, 10),
      start: zonedMidnight(day, zone),
      end: Math.min(now, zonedMidnight(next, zone)),
    });
  }
  return out;
}

function zoneOrUtc(zone: string): string {
  return isKnownTimeZone(zone) ? zone : 'UTC';
}

/** The instant of 00:00 in `zone` on the calendar day `day` (given as a UTC midnight). */
function zonedMidnight(day: Date, zone: string): number {
  const guess = day.getTime();
  const first = guess - offsetAt(zone, guess);
  const second = guess - offsetAt(zone, first);
  return second;
}

const memo = new WeakMap<PublicPageData, Map<string, ComponentUptime>>();

/** Forgets a snapshot's computed uptime (its documents were dropped from the cache). */
export function forgetUptime(data: PublicPageData): void {
  memo.delete(data);
}

/** Uptime of every component of a snapshot, computed once per snapshot. */
export function uptimeOf(data: PublicPageData): Map<string, ComponentUptime> {
  let result = memo.get(data);
  if (result) return result;
  const rowsBy = new Map<string, StatusHistoryRow[]>();
  for (const row of data.history) {
    const list = rowsBy.get(row.componentId);
    if (list) list.push(row);
    else rowsBy.set(row.componentId, [row]);
  }
  result = new Map();
  for (const c of data.components) {
    result.set(
      c.id,
      computeUptime({
        rows: rowsBy.get(c.id) ?? [],
        current: data.effective.get(c.id) ?? c.status,
        createdAt: c.createdAt,
        now: data.loadedAt,
        timeZone: data.page.timeZone,
      }),
    );
  }
  memo.set(data, result);
  return result;
}
