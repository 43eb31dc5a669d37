import type { EventBus } from '../../events/event-bus';
import type { PageChangesService } from '../status-pages/page-changes.service';
import { MaintenanceLifecycleService } from './maintenance-lifecycle.service';
import type { MaintenanceRepository } from './maintenance.repository';
import type { MaintenanceScheduleRepository, MovedWindow } from './maintenance-schedule.repository';
import type { MaintenanceWithDetails } from './maintenance.types';

const HOUR = 3_600_000;

function row(id: string, patch: Partial<MaintenanceWithDetails> = {}): MaintenanceWithDetails {
  const now = Date.now();
  return {
    id,
    pageId: 'p1',
    title: id,
    description: null,
    descriptionHtml: null,
    status: 'scheduled',
    scheduledStart: new Date(now + 2 * HOUR),
    scheduledEnd: new Date(now + 3 * HOUR),
    autoStart: true,
    autoComplete: true,
    deliverNotifications: true,
    remindBeforeMinutes: 60,
    startedAt: null,
    completedAt: null,
    cancelledAt: null,
    createdAt: new Date(now - HOUR),
    updatedAt: new Date(now - HOUR),
    components: [],
    updates: [],
    ...patch,
  } as MaintenanceWithDetails;
}

function setup(rows: MaintenanceWithDetails[], moved: MovedWindow[] = []) {
  const repo = {
    applyScheduled: jest.fn(async () => moved),
    sweepDue: jest.fn(async (): Promise<MovedWindow[]> => []),
    findById: jest.fn(async (id: string) => rows.find((r) => r.id === id) ?? null),
    findByIds: jest.fn(async (ids: string[]) => rows.filter((r) => ids.includes(r.id))),
  };
  const changes = { pageChanged: jest.fn(async () => undefined) };
  const events = { emit: jest.fn(), emitAsync: jest.fn(async () => undefined) };
  const lifecycle = new MaintenanceLifecycleService(
    repo as unknown as MaintenanceRepository,
    repo as unknown as MaintenanceScheduleRepository,
    changes as unknown as PageChangesService,
    events as unknown as EventBus,
  );
  return { lifecycle, repo, changes, events };
}

describe('MaintenanceLifecycleService', () => {
  it('announces a scheduled transition once per page and event, then sweeps the rest of its kind', async () => {
    const m = row('m1', { status: 'in_progress' });
    const { lifecycle, repo, changes, events } = setup([m], [{ id: 'm1', from: 'scheduled', to: 'in_progress' }]);
    expect(await lifecycle.runScheduledTransition('start', 'm1', m.scheduledStart)).toEqual([{ from: 'scheduled', to: 'in_progress' }]);
    expect(changes.pageChanged).toHaveBeenCalledTimes(1);
    expect(events.emit).toHaveBeenCalledWith('maintenance.started', { maintenance: expect.objectContaining({ id: 'm1' }) });
    expect(repo.sweepDue).toHaveBeenCalledWith('in_progress', 500);
  });

  it('changes nothing when the job finds nothing to move', async () => {
    const { lifecycle, changes, events } = setup([]);
    expect(await lifecycle.runScheduledTransition('complete', 'm1', new Date())).toEqual([]);
    expect(changes.pageChanged).not.toHaveBeenCalled();
    expect(events.emit).not.toHaveBeenCalled();
  });

  it('reminds only a window still scheduled to be reminded at that time', async () => {
    const m = row('m1');
    const at = new Date(m.scheduledStart.getTime() - 60 * 60_000);
    const { lifecycle, events } = setup([m, row('gone', { status: 'cancelled' })]);
    expect(await lifecycle.remindIfDue('m1', new Date(at.getTime() - 1))).toBe(false);
    expect(await lifecycle.remindIfDue('gone', at)).toBe(false);
    expect(events.emitAsync).not.toHaveBeenCalled();
    expect(await lifecycle.remindIfDue('m1', at)).toBe(true);
    expect(events.emitAsync).toHaveBeenCalledWith('maintenance.reminder', { maintenance: expect.objectContaining({ id: 'm1' }) });
  });
});
