import { computeUptime } from './uptime';

const at = (iso: string) => new Date(iso);
const row = (status: Parameters<typeof computeUptime>[0]['current'], iso: string) => ({ status, changedAt: at(iso) });

describe('computeUptime', () => {
  const now = at('2026-11-27T12:00:00Z');

  it('gives 90 cells ending today, with no data before the component existed', () => {
    const u = computeUptime({ rows: [], current: 'operational', createdAt: at('2026-11-20T08:00:00Z'), now, timeZone: 'UTC' });
    expect(u.days).toHaveLength(90);
    expect(u.days[89].date).toBe('2026-11-27');
    expect(u.days[0].date).toBe('2026-08-30');
    expect(u.days[82]).toEqual({ date: '2026-11-20', status: 'operational', percent: 100 });
    expect(u.days[81]).toEqual({ date: '2026-11-19', status: null, percent: null });
    expect(u.percent).toBe(100);
  });

  it('colours a day by its worst status and weights uptime by time', () => {
    const created = at('2026-01-01T00:00:00Z');
    const rows = [
      row('operational', '2026-01-01T00:00:00Z'),
      row('degraded_performance', '2026-11-25T01:00:00Z'),
      row('major_outage', '2026-11-25T06:00:00Z'),
      row('operational', '2026-11-25T12:00:00Z'),
      row('partial_outage', '2026-11-26T00:00:00Z'),
      row('operational', '2026-11-26T10:00:00Z'),
    ];
    const u = computeUptime({ rows, current: 'operational', createdAt: created, now, timeZone: 'UTC' });
    const day = (date: string) => u.days.find((x) => x.date === date);
    expect(day('2026-11-24')).toMatchObject({ status: 'operational', percent: 100 });
    expect(day('2026-11-25')).toMatchObject({ status: 'major_outage', percent: 75 }); // 6h of 24h down
    expect(day('2026-11-26')).toMatchObject({ status: 'partial_outage', percent: 87.5 }); // 10h * 0.3 = 3h of 24h
    // window = 89.5 days; down = 6h + 3h = 9h
    const expected = 100 * (1 - 9 / (89.5 * 24));
    expect(u.percent).toBe(Math.floor(expected * 100) / 100);
  });

  it('counts degraded performance and maintenance as up, but shows them', () => {
    const rows = [row('under_maintenance', '2026-11-27T00:00:00Z'), row('degraded_performance', '2026-11-27T06:00:00Z')];
    const u = computeUptime({ rows, current: 'degraded_performance', createdAt: at('2026-11-27T00:00:00Z'), now, timeZone: 'UTC' });
    expect(u.days[89]).toMatchObject({ status: 'degraded_performance', percent: 100 });
    expect(u.percent).toBe(100);
  });

  it('uses the status carried over from before the window', () => {
    const rows = [row('major_outage', '2026-01-01T00:00:00Z')];
    const u = computeUptime({ rows, current: 'major_outage', createdAt: at('2026-01-01T00:00:00Z'), now, timeZone: 'UTC' });
    expect(u.days.every((d) => d.status === 'major_outage')).toBe(true);
    expect(u.percent).toBe(0);
  });

  it("shows today's current status even before the history caught up", () => {
    const rows = [row('operational', '2026-11-01T00:00:00Z')];
    const u = computeUptime({ rows, current: 'major_outage', createdAt: at('2026-11-01T00:00:00Z'), now, timeZone: 'UTC' });
    expect(u.days[89].status).toBe('major_outage');
  });

  it('cuts days at midnight in the page time zone (DST included)', () => {
    // 2026-03-08 02:00 America/New_York: clocks jump to 03:00 (a 23-hour day).
    const rows = [row('operational', '2026-01-01T00:00:00Z'), row('major_outage', '2026-03-08T04:30:00Z'), row('operational', '2026-03-09T03:30:00Z')];
    const u = computeUptime({
      rows,
      current: 'operational',
      createdAt: at('2026-01-01T00:00:00Z'),
      now: at('2026-03-10T12:00:00Z'),
      timeZone: 'America/New_York',
    });
    const day = (date: string) => u.days.find((x) => x.date === date);
    // 04:30Z = 23:30 EST on the 7th; 03:30Z on the 9th = 23:30 EDT on the 8th
    expect(day('2026-03-07')).toMatchObject({ status: 'major_outage' });
    expect(day('2026-03-07')?.percent).toBeCloseTo(100 * (1 - 0.5 / 24), 1);
    expect(day('2026-03-08')).toMatchObject({ status: 'major_outage' });
    expect(day('2026-03-08')?.percent).toBeCloseTo(100 * (1 - 22.5 / 23), 1);
    expect(day('2026-03-09')).toMatchObject({ status: 'operational', percent: 100 });
    expect(u.days[89].date).toBe('2026-03-10');
  });

  it('falls back to UTC for an unknown time zone', () => {
    const u = computeUptime({ rows: [], current: 'operational', createdAt: at('2026-01-01T00:00:00Z'), now, timeZone: 'Mars/Base' });
    expect(u.days[89].date).toBe('2026-11-27');
  });
});
