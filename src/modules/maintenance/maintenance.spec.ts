import { maintenanceJobId, plannedJobs, SchedulableWindow, toBullJob } from './maintenance.queue';
import { canTransition, transitionRefusal, transitionStamps, transitionEventFor } from './maintenance.transitions';

const ID = '0b6f6c1e-8d3c-4f57-9d0a-2f1e3c4b5a69';
const START = new Date('2030-01-01T10:00:00.000Z');
const END = new Date('2030-01-01T12:00:00.000Z');
const window = (over: Partial<SchedulableWindow> = {}): SchedulableWindow => ({
  id: ID,
  status: 'scheduled',
  scheduledStart: START,
  scheduledEnd: END,
  autoStart: true,
  autoComplete: true,
  remindBeforeMinutes: null,
  deliverNotifications: true,
  createdAt: new Date('2029-12-01T00:00:00.000Z'),
  ...over,
});

describe('maintenance job ids', () => {
  it('are predictable per window, action and time, and never contain ":"', () => {
    const id = maintenanceJobId('start', ID, START.getTime());
    expect(id).toBe(`maint-start-${ID}-${START.getTime()}`);
    expect(id).not.toContain(':');
    expect(maintenanceJobId('start', ID, START.getTime())).toBe(id);
    expect(maintenanceJobId('complete', ID, START.getTime())).not.toBe(id);
  });

  it('change when the window moves, so a reschedule is never ignored by BullMQ', () => {
    const before = plannedJobs(window()).map((j) => j.id);
    const after = plannedJobs(window({ scheduledStart: new Date(START.getTime() + 1) })).map((j) => j.id);
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).toBe(before[1]); // the end did not move
  });
});

describe('plannedJobs', () => {
  it('a scheduled window with both automations needs a start and a complete job', () => {
    const jobs = plannedJobs(window());
    expect(jobs.map((j) => [j.name, j.data.at])).toEqual([
      ['start', START.getTime()],
      ['complete', END.getTime()],
    ]);
    expect(jobs[0].data.maintenanceId).toBe(ID);
  });

  it('follows autoStart / autoComplete', () => {
    expect(plannedJobs(window({ autoStart: false })).map((j) => j.name)).toEqual([]);
    expect(plannedJobs(window({ autoComplete: false })).map((j) => j.name)).toEqual(['start']);
  });

  it('a running window needs only its complete job; a finished one none', () => {
    expect(plannedJobs(window({ status: 'in_progress' })).map((j) => j.name)).toEqual(['complete']);
    expect(plannedJobs(window({ status: 'verifying' })).map((j) => j.name)).toEqual(['complete']);
    expect(plannedJobs(window({ status: 'in_progress', autoComplete: false }))).toEqual([]);
    expect(plannedJobs(window({ status: 'completed' }))).toEqual([]);
    expect(plannedJobs(window({ status: 'cancelled' }))).toEqual([]);
  });

  it('delays jobs until their time, and runs overdue ones at once', () => {
    const [start] = plannedJobs(window());
    const now = START.getTime() - 5_000;
    expect(toBullJob(start, now).opts).toMatchObject({ jobId: start.id, delay: 5_000, removeOnComplete: true });
    expect(toBullJob(start, START.getTime() + 60_000).opts.delay).toBe(0);
  });
});

describe('maintenance transitions', () => {
  it.each([
    ['scheduled', 'in_progress'],
    ['scheduled', 'cancelled'],
    ['in_progress', 'verifying'],
    ['in_progress', 'completed'],
    ['verifying', 'completed'],
    ['verifying', 'in_progress'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['cancelled', 'completed'],
    ['completed', 'in_progress'],
    ['completed', 'cancelled'],
    ['cancelled', 'in_progress'],
    ['scheduled', 'completed'],
    ['in_progress', 'cancelled'],
    ['in_progress', 'scheduled'],
    ['in_progress', 'in_progress'],
  ] as const)('refuses %s → %s with a reason', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(transitionRefusal(from, to)).toMatch(from);
  });

  it('stamps the time of each step, keeping startedAt when going back from verifying', () => {
    const now = new Date();
    expect(transitionStamps('scheduled', 'in_progress', now)).toEqual({ startedAt: now });
    expect(transitionStamps('verifying', 'in_progress', now)).toEqual({});
    expect(transitionStamps('in_progress', 'completed', now)).toEqual({ completedAt: now });
    expect(transitionStamps('scheduled', 'cancelled', now)).toEqual({ cancelledAt: now });
  });

  it('announces start, completion and cancellation to webhooks', () => {
    expect(transitionEventFor('scheduled', 'in_progress')).toBe('maintenance.started');
    expect(transitionEventFor('verifying', 'in_progress')).toBeNull();
    expect(transitionEventFor('in_progress', 'verifying')).toBeNull();
    expect(transitionEventFor('verifying', 'completed')).toBe('maintenance.completed');
    expect(transitionEventFor('scheduled', 'cancelled')).toBe('maintenance.cancelled');
  });
});

describe('the reminder job', () => {
  const HOUR = 3_600_000;
  it('is planned remindBeforeMinutes before the start, with its own id that moves with the window', () => {
    const jobs = plannedJobs(window({ remindBeforeMinutes: 60 }));
    expect(jobs.map((j) => [j.name, j.data.at])).toEqual([
      ['remind', START.getTime() - HOUR],
      ['start', START.getTime()],
      ['complete', END.getTime()],
    ]);
    expect(jobs[0].id).toBe(`maint-remind-${ID}-${START.getTime() - HOUR}`);
    const moved = plannedJobs(window({ remindBeforeMinutes: 60, scheduledStart: new Date(START.getTime() + HOUR) }));
    expect(moved[0].id).not.toBe(jobs[0].id);
    expect(plannedJobs(window({ remindBeforeMinutes: 30 }))[0].data.at).toBe(START.getTime() - HOUR / 2);
  });

  it('is not planned without a reminder, without notifications, once the window left scheduled, or if it was due before the window existed', () => {
    expect(plannedJobs(window()).map((j) => j.name)).toEqual(['start', 'complete']);
    expect(plannedJobs(window({ remindBeforeMinutes: 60, deliverNotifications: false })).map((j) => j.name)).toEqual(['start', 'complete']);
    expect(plannedJobs(window({ remindBeforeMinutes: 60, status: 'in_progress' })).map((j) => j.name)).toEqual(['complete']);
    expect(plannedJobs(window({ remindBeforeMinutes: 60, status: 'cancelled' }))).toEqual([]);
    const late = window({ remindBeforeMinutes: 60, createdAt: new Date(START.getTime() - 30 * 60_000) });
    expect(plannedJobs(late).map((j) => j.name)).toEqual(['start', 'complete']);
    // A scheduled window without autoStart is still reminded of.
    expect(plannedJobs(window({ remindBeforeMinutes: 60, autoStart: false, autoComplete: false })).map((j) => j.name)).toEqual(['remind']);
  });
});
