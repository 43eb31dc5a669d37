import { assertValidSeries, occurrencesBetween, type Occurrence } from './recurrence';
import {
  isExtensionDue,
  planExtension,
  planRegeneration,
  type OccurrenceTemplate,
  type RegenerableOccurrence,
} from './series-materialization';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('planExtension', () => {
  const daily = assertValidSeries({ firstStart: '2027-01-01T02:00', timeZone: 'UTC', rrule: 'FREQ=DAILY', durationMinutes: 60 });

  it('makes the next 90 days of a new series, and records where it stopped', () => {
    const plan = planExtension(daily, null, at('2027-01-10T00:00:00Z'));
    expect(plan.occurrences).toHaveLength(90);
    expect(iso(plan.occurrences[0].start)).toBe('2027-01-10T02:00:00.000Z');
    expect(iso(plan.occurrences[89].start)).toBe('2027-04-09T02:00:00.000Z');
    expect(iso(plan.materializedUntil)).toBe('2027-04-09T02:00:00.001Z');
    expect(iso(plan.nextStart)).toBe('2027-04-10T02:00:00.000Z');
  });

  it('later, makes only what entered the horizon, never a start before the bound again', () => {
    const first = planExtension(daily, null, at('2027-01-10T00:00:00Z'));
    const now = at('2027-01-11T01:00:00Z');
    expect(isExtensionDue(first, now)).toBe(true);
    const second = planExtension(daily, first.materializedUntil, now);
    expect(second.occurrences.map((o) => iso(o.start))).toEqual(['2027-04-10T02:00:00.000Z']);
    expect(iso(second.nextStart)).toBe('2027-04-11T02:00:00.000Z');
    // Until the next start enters the horizon, nothing is due.
    expect(isExtensionDue(second, at('2027-01-11T02:00:00Z'))).toBe(false);
    expect(planExtension(daily, second.materializedUntil, at('2027-01-11T02:00:00Z')).occurrences).toEqual([]);
    expect(isExtensionDue(second, at('2027-01-11T02:00:00.001Z'))).toBe(true);
  });

  it('makes at least the next occurrence of a sparse series, then the next once that one has started', () => {
    const yearly = assertValidSeries({ firstStart: '2026-07-01T09:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=YEARLY', durationMinutes: 120 });
    const plan = planExtension(yearly, null, at('2027-01-10T00:00:00Z'));
    expect(plan.occurrences.map((o) => iso(o.start))).toEqual(['2027-07-01T07:00:00.000Z']);
    expect(iso(plan.nextStart)).toBe('2028-07-01T07:00:00.000Z');
    expect(isExtensionDue(plan, at('2027-06-30T00:00:00Z'))).toBe(false);
    const after = at('2027-07-01T07:30:00Z');
    expect(isExtensionDue(plan, after)).toBe(true);
    const next = planExtension(yearly, plan.materializedUntil, after);
    expect(next.occurrences.map((o) => iso(o.start))).toEqual(['2028-07-01T07:00:00.000Z']);
  });

  it('stops when the rule has ended (COUNT, UNTIL)', () => {
    const counted = assertValidSeries({ firstStart: '2027-01-01T02:00', timeZone: 'UTC', rrule: 'FREQ=DAILY;COUNT=3', durationMinutes: 30 });
    const plan = planExtension(counted, null, at('2027-01-02T00:00:00Z'));
    expect(plan.occurrences.map((o) => iso(o.start))).toEqual(['2027-01-02T02:00:00.000Z', '2027-01-03T02:00:00.000Z']);
    expect(plan.nextStart).toBeNull();
    expect(isExtensionDue(plan, at('2027-02-01T00:00:00Z'))).toBe(false);
    const until = assertValidSeries({ firstStart: '2027-01-01T02:00', timeZone: 'UTC', rrule: 'FREQ=WEEKLY;UNTIL=20270120T000000Z', durationMinutes: 30 });
    const done = planExtension(until, null, at('2027-02-01T00:00:00Z'));
    expect(done.occurrences).toEqual([]);
    expect(done.nextStart).toBeNull();
  });

  it('after a long outage, starts from now (past starts are not made)', () => {
    const plan = planExtension(daily, at('2027-01-05T02:00:00.001Z'), at('2027-03-01T12:00:00Z'));
    expect(iso(plan.occurrences[0].start)).toBe('2027-03-02T02:00:00.000Z');
    expect(plan.occurrences).toHaveLength(90);
  });
});

describe('planRegeneration', () => {
  const template: OccurrenceTemplate = { title: 'Patching', description: null, autoStart: true, autoComplete: true, remindBeforeMinutes: 60, componentIds: ['c1'] };
  const occ = (start: string, minutes = 60): Occurrence => ({
    start: at(start),
    end: new Date(at(start).getTime() + minutes * 60_000),
    localStart: start.slice(0, 16),
  });
  const row = (id: string, start: string, overrides: Partial<RegenerableOccurrence> = {}): RegenerableOccurrence => ({
    ...template,
    id,
    occurrenceStart: at(start),
    scheduledEnd: new Date(at(start).getTime() + 3_600_000),
    ...overrides,
  });
  const weekly = (first: string, n: number) => Array.from({ length: n }, (_, i) => new Date(at(first).getTime() + i * 7 * DAY).toISOString());

  it('changes nothing when the series still makes the same windows', () => {
    const starts = weekly('2027-01-03T02:00:00.000Z', 3);
    const plan = planRegeneration(starts.map((s, i) => row(`r${i}`, s)), starts.map((s) => occ(s)), new Set(), template);
    expect(plan).toEqual({ unchanged: ['r0', 'r1', 'r2'], update: [], cancel: [], create: [] });
  });

  it('rewrites in place what kept its start but changed (content, duration, components)', () => {
    const starts = weekly('2027-01-03T02:00:00.000Z', 2);
    const rows = [row('r0', starts[0], { title: 'Old title' }), row('r1', starts[1], { componentIds: ['c2'] })];
    const plan = planRegeneration(rows, starts.map((s) => occ(s)), new Set(), template);
    expect(plan.update.map((u) => u.id)).toEqual(['r0', 'r1']);
    const longer = planRegeneration(starts.map((s, i) => row(`r${i}`, s)), starts.map((s) => occ(s, 90)), new Set(), template);
    expect(longer.update.map((u) => [u.id, iso(u.end)])).toEqual([
      ['r0', '2027-01-03T03:30:00.000Z'],
      ['r1', '2027-01-10T03:30:00.000Z'],
    ]);
  });

  it('moves rows in order when the rule moves (Sunday to Saturday): same ids, new times', () => {
    const sundays = weekly('2027-01-03T02:00:00.000Z', 3);
    const saturdays = weekly('2027-01-09T02:00:00.000Z', 3);
    const plan = planRegeneration(sundays.map((s, i) => row(`r${i}`, s)), saturdays.map((s) => occ(s)), new Set(), template);
    expect(plan.update.map((u) => [u.id, iso(u.start)])).toEqual([
      ['r0', saturdays[0]],
      ['r1', saturdays[1]],
      ['r2', saturdays[2]],
    ]);
    expect(plan.cancel).toEqual([]);
    expect(plan.create).toEqual([]);
  });

  it('daily to weekly: keeps the days still produced, cancels the others', () => {
    const days = Array.from({ length: 14 }, (_, i) => new Date(at('2027-01-03T02:00:00Z').getTime() + i * DAY).toISOString());
    const weeks = occurrencesBetween(
      assertValidSeries({ firstStart: '2027-01-03T02:00', timeZone: 'UTC', rrule: 'FREQ=WEEKLY', durationMinutes: 60 }),
      at('2027-01-03T00:00:00Z'),
      at('2027-01-17T00:00:00Z'),
    );
    const plan = planRegeneration(days.map((s, i) => row(`d${i}`, s)), weeks, new Set(), template);
    expect(plan.unchanged).toEqual(['d0', 'd7']);
    expect(plan.cancel).toHaveLength(12);
    expect(plan.update).toEqual([]);
    expect(plan.create).toEqual([]);
  });

  it('never makes again a start taken by an occurrence edited one by one, and creates the rest', () => {
    const starts = weekly('2027-01-03T02:00:00.000Z', 4);
    const plan = planRegeneration([row('r0', starts[0])], starts.map((s) => occ(s)), new Set([at(starts[1]).getTime()]), template);
    expect(plan.unchanged).toEqual(['r0']);
    expect(plan.create.map((o) => iso(o.start))).toEqual([starts[2], starts[3]]);
    // A shorter series: the extra row goes.
    const shorter = planRegeneration(starts.map((s, i) => row(`r${i}`, s)), [occ(starts[0])], new Set(), template);
    expect(shorter).toEqual({ unchanged: ['r0'], update: [], cancel: ['r1', 'r2', 'r3'], create: [] });
  });
});
