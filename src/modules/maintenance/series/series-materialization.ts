import { nextOccurrences, occurrencesBetween, type Occurrence, type SeriesDefinition, SERIES_LIMITS } from './recurrence';

/**
 * Which occurrences of a series become maintenances, and when (pure, no I/O).
 *
 * A series is materialized for the next MATERIALIZE_DAYS days and at least
 * its next occurrence. Its state is two instants: `materializedUntil`, the
 * exclusive bound of the starts already considered (the last one made + 1 ms),
 * and `nextStart`, the first start at or after it (null once the rule has
 * ended). Starts before the bound are never made again, so an occurrence that
 * was deleted one by one does not come back when the series is extended.
 */

export const MATERIALIZE_DAYS = 90;
const DAY_MS = 86_400_000;

export interface MaterializationState {
  materializedUntil: Date | null;
  nextStart: Date | null;
}

export interface ExtensionPlan extends MaterializationState {
  /** The occurrences to make, by start. */
  occurrences: Occurrence[];
  materializedUntil: Date;
}

/**
 * The occurrences to make now: those starting from max(now, materializedUntil)
 * until now + horizonDays, or, when none is ahead of `now` yet (a series never
 * materialized, or whose last one has started), at least the next one beyond
 * the horizon. With `materializedUntil` null, everything from `now` on is
 * considered (creation, regeneration).
 */
export function planExtension(
  series: SeriesDefinition,
  materializedUntil: Date | null,
  now: Date,
  horizonDays = MATERIALIZE_DAYS,
): ExtensionPlan {
  const nowMs = now.getTime();
  const from = new Date(Math.max(nowMs, materializedUntil?.getTime() ?? -Infinity));
  const horizon = new Date(nowMs + horizonDays * DAY_MS);
  const needsOne = materializedUntil === null || materializedUntil.getTime() <= nowMs;
  let occurrences = from < horizon ? occurrencesBetween(series, from, horizon, SERIES_LIMITS.maxListed) : [];
  if (occurrences.length === 0 && needsOne) occurrences = nextOccurrences(series, from, 0, 1);
  const last = occurrences[occurrences.length - 1];
  const until = last ? new Date(last.start.getTime() + 1) : from;
  const next = nextOccurrences(series, until, 0, 1)[0];
  return { occurrences, materializedUntil: until, nextStart: next?.start ?? null };
}

/** Whether the series has occurrences to make (the same test as the repository's query). */
export function isExtensionDue(state: MaterializationState, now: Date, horizonDays = MATERIALIZE_DAYS): boolean {
  if (state.materializedUntil === null) return true;
  if (state.nextStart === null) return false;
  return state.nextStart.getTime() < now.getTime() + horizonDays * DAY_MS || state.materializedUntil.getTime() <= now.getTime();
}

/** What an occurrence made from the series carries (besides its times). */
export interface OccurrenceTemplate {
  title: string;
  description: string | null;
  autoStart: boolean;
  autoComplete: boolean;
  /** Copied onto each occurrence (its reminder job). */
  remindBeforeMinutes: number | null;
  componentIds: readonly string[];
}

/** A materialized occurrence that a change of the series may regenerate (scheduled, ahead, never edited one by one). */
export interface RegenerableOccurrence extends OccurrenceTemplate {
  id: string;
  occurrenceStart: Date;
  scheduledEnd: Date;
}

export interface OccurrenceUpdate {
  id: string;
  start: Date;
  end: Date;
}

export interface RegenerationPlan {
  /** Already what the series makes. */
  unchanged: string[];
  /** Rewritten in place (new times and/or new content): same id, so the same calendar UID. */
  update: OccurrenceUpdate[];
  /** No longer produced by the series. */
  cancel: string[];
  /** Produced by the series and not there yet. */
  create: Occurrence[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

function sameContent(row: RegenerableOccurrence, template: OccurrenceTemplate): boolean {
  return (
    row.title === template.title &&
    row.description === template.description &&
    row.autoStart === template.autoStart &&
    row.autoComplete === template.autoComplete &&
    row.remindBeforeMinutes === template.remindBeforeMinutes &&
    sameSet(row.componentIds, template.componentIds)
  );
}

/**
 * Turns the regenerable occurrences into the wanted ones with as few changes
 * as possible: an occurrence whose start is still produced keeps its row
 * (rewritten if its content or end changed); the rest are paired in order of
 * start and moved (so a series moved from Sunday to Saturday keeps its rows,
 * and calendar clients see the same events move); what is left over is
 * cancelled or created. A wanted start taken by a row that is not
 * regenerable (`occupied`: edited one by one, cancelled, running) is not made
 * again.
 */
export function planRegeneration(
  existing: readonly RegenerableOccurrence[],
  wanted: readonly Occurrence[],
  occupied: ReadonlySet<number>,
  template: OccurrenceTemplate,
): RegenerationPlan {
  const plan: RegenerationPlan = { unchanged: [], update: [], cancel: [], create: [] };
  const free = wanted.filter((o) => !occupied.has(o.start.getTime()));
  const byStart = new Map(free.map((o) => [o.start.getTime(), o]));
  const unmatchedRows: RegenerableOccurrence[] = [];
  for (const row of [...existing].sort((a, b) => a.occurrenceStart.getTime() - b.occurrenceStart.getTime())) {
    const match = byStart.get(row.occurrenceStart.getTime());
    if (!match) {
      unmatchedRows.push(row);
      continue;
    }
    byStart.delete(row.occurrenceStart.getTime());
    if (row.scheduledEnd.getTime() === match.end.getTime() && sameContent(row, template)) plan.unchanged.push(row.id);
    else plan.update.push({ id: row.id, start: match.start, end: match.end });
  }
  const unmatchedWanted = [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  const paired = Math.min(unmatchedRows.length, unmatchedWanted.length);
  for (let i = 0; i < paired; i++) {
    plan.update.push({ id: unmatchedRows[i].id, start: unmatchedWanted[i].start, end: unmatchedWanted[i].end });
  }
  plan.cancel = unmatchedRows.slice(paired).map((r) => r.id);
  plan.create = unmatchedWanted.slice(paired);
  return plan;
}
