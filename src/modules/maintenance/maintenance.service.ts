import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { FieldValidationError, InvalidTransitionError, ResourceNotFoundError } from '../../common/errors';
import { Paginated, paging } from '../../common/pagination';
import { toIso } from '../../common/validators';
import { MaintenanceEventName } from '../../events/app-events';
import { EventBus } from '../../events/event-bus';
import { MaintenanceStatus } from '../../generated/prisma/enums';
import { ComponentsService } from '../status-pages/components.service';
import { PageChangesService } from '../status-pages/page-changes.service';
import { PageStatusService } from '../status-pages/page-status.service';
import {
  CreateMaintenanceDto,
  CreateMaintenanceUpdateDto,
  ListMaintenancesQueryDto,
  MaintenanceResponseDto,
  UpdateMaintenanceDto,
} from './dto/maintenance.dto';
import { MaintenanceJobSync } from './maintenance-job-sync';
import { MaintenanceJobName, reminderTime, SchedulableWindow } from './maintenance.queue';
import { MaintenanceRepository, MaintenanceWithDetails, MovedWindow, RUNNING_STATUSES, ScheduledTarget } from './maintenance.repository';
import { canTransition, DEFAULT_MESSAGES, EDITABLE_STATUSES, transitionEventFor, transitionRefusal } from './maintenance.transitions';
import { CANCELLED_KEPT_DAYS } from './series/maintenance-calendar';

/** Subscribers are reminded this long before a window starts unless the body says otherwise. */
export const DEFAULT_REMIND_BEFORE_MINUTES = 60;

export interface Transition {
  from: MaintenanceStatus;
  to: MaintenanceStatus;
}

/**
 * Maintenance windows: their lifecycle, their timeline and their scheduled
 * transitions. PostgreSQL is the truth (the repository's conditional updates
 * apply each transition once); the queue holds a delayed job per pending
 * transition, which the reconciler rebuilds if Redis loses it.
 */
@Injectable()
export class MaintenanceService implements OnModuleInit {
  private readonly logger = new Logger(MaintenanceService.name);

  constructor(
    private readonly repo: MaintenanceRepository,
    private readonly components: ComponentsService,
    private readonly status: PageStatusService,
    private readonly changes: PageChangesService,
    private readonly events: EventBus,
    private readonly jobs: MaintenanceJobSync,
  ) {}

  onModuleInit(): void {
    this.status.provide('activeMaintenances', async (pageId) =>
      (await this.repo.inProgressComponentIds(pageId)).map((componentIds) => ({ componentIds })),
    );
  }

  // ---- admin API ----------------------------------------------------------

  async list(pageId: string, query: ListMaintenancesQueryDto): Promise<Paginated<MaintenanceResponseDto>> {
    const { skip, take, page, perPage } = paging(query);
    const { rows, total } = await this.repo.list(pageId, { status: query.status, when: query.when }, skip, take);
    return { data: rows.map(toMaintenanceDto), meta: { total, page, perPage } };
  }

  async get(pageId: string, id: string): Promise<MaintenanceResponseDto> {
    return toMaintenanceDto(await this.find(pageId, id));
  }

  /** What the public side shows: upcoming, running (in progress or verifying) and recent windows, and the calendar feed's. */
  async forPublicPage(pageId: string) {
    const [upcoming, active, recent, calendar] = await Promise.all([
      this.repo.withStatus(pageId, ['scheduled']),
      this.repo.withStatus(pageId, RUNNING_STATUSES),
      this.repo.recent(pageId),
      this.repo.forCalendar(pageId, new Date(Date.now() - CANCELLED_KEPT_DAYS * 86_400_000)),
    ]);
    return { upcoming, active, recent, calendar };
  }

  async create(pageId: string, dto: CreateMaintenanceDto): Promise<MaintenanceResponseDto> {
    const { start, end } = checkWindow(new Date(dto.scheduledStart), new Date(dto.scheduledEnd));
    const componentIds = [...new Set(dto.componentIds ?? [])];
    await this.components.assertOnPage(pageId, componentIds, 'componentIds');
    const created = await this.repo.create({
      pageId,
      title: dto.title,
      description: dto.description ?? null,
      scheduledStart: start,
      scheduledEnd: end,
      autoStart: dto.autoStart ?? true,
      autoComplete: dto.autoComplete ?? true,
      deliverNotifications: dto.deliverNotifications ?? true,
      remindBeforeMinutes: dto.remindBeforeMinutes === undefined ? DEFAULT_REMIND_BEFORE_MINUTES : dto.remindBeforeMinutes,
      componentIds,
      message: dto.message ?? DEFAULT_MESSAGES.scheduled,
    });
    await this.jobs.sync([], [created]);
    await this.changes.pageChanged(pageId);
    const out = toMaintenanceDto(created);
    this.emit('maintenance.scheduled', out);
    return out;
  }

  async update(pageId: string, id: string, dto: UpdateMaintenanceDto): Promise<MaintenanceResponseDto> {
    const before = await this.find(pageId, id);
    if (!EDITABLE_STATUSES.includes(before.status)) {
      throw new InvalidTransitionError(`a ${before.status} maintenance cannot be changed`);
    }
    const { start, end } = checkWindow(
      dto.scheduledStart ? new Date(dto.scheduledStart) : before.scheduledStart,
      dto.scheduledEnd ? new Date(dto.scheduledEnd) : before.scheduledEnd,
    );
    const componentIds = dto.componentIds ? [...new Set(dto.componentIds)] : undefined;
    if (componentIds) await this.components.assertOnPage(pageId, componentIds, 'componentIds');
    const changes = {
      // Edited one by one: a series never regenerates it.
      detached: true,
      title: dto.title,
      description: dto.description,
      scheduledStart: start,
      scheduledEnd: end,
      autoStart: dto.autoStart,
      autoComplete: dto.autoComplete,
      deliverNotifications: dto.deliverNotifications,
      remindBeforeMinutes: dto.remindBeforeMinutes,
    };
    if (!(await this.repo.updateIfUnchanged(before, changes, componentIds))) {
      throw new InvalidTransitionError('the maintenance changed while it was being updated; retry');
    }
    const after = await this.find(pageId, id);
    await this.jobs.sync([before], [after]);
    await this.changes.pageChanged(pageId);
    return toMaintenanceDto(after);
  }

  async remove(pageId: string, id: string): Promise<void> {
    const before = await this.find(pageId, id);
    await this.repo.delete(id);
    await this.jobs.sync([before], []);
    await this.changes.pageChanged(pageId);
  }

  /** start / complete / cancel, or an update carrying a status: 409 if the current status forbids it. */
  async transition(pageId: string, id: string, to: MaintenanceStatus, message?: string): Promise<MaintenanceResponseDto> {
    // A concurrent transition (a job, another request) can win between our read and our write: read again then.
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await this.find(pageId, id);
      if (!canTransition(before.status, to)) throw new InvalidTransitionError(transitionRefusal(before.status, to));
      await this.repo.assertRoomForEntry(id);
      if (await this.repo.transition(id, before.status, to, message)) {
        return this.afterTransitions(id, [{ from: before.status, to }], before);
      }
    }
    throw new InvalidTransitionError('the maintenance changed while it was being updated; retry');
  }

  /** Appends a timeline entry; with a `status` different from the current one it is a transition. */
  async addUpdate(pageId: string, id: string, dto: CreateMaintenanceUpdateDto): Promise<MaintenanceResponseDto> {
    const current = await this.find(pageId, id);
    if (dto.status && dto.status !== current.status) return this.transition(pageId, id, dto.status, dto.message);
    await this.repo.addEntry(id, current.status, dto.message);
    await this.changes.pageChanged(pageId);
    return this.get(pageId, id);
  }

  /**
   * After windows were made, rewritten or cancelled in bulk and committed (a
   * maintenance series, series/): their jobs, one public refresh and the
   * events a single window would emit (`scheduled` for each one made,
   * `cancelled` for each one cancelled). `before` holds the rewritten and
   * cancelled windows as they were, so their stale jobs go.
   */
  async windowsChanged(pageId: string, change: { created: string[]; before: SchedulableWindow[]; cancelled: string[] }): Promise<void> {
    const ids = [...change.created, ...change.before.map((w) => w.id)];
    if (ids.length === 0) return;
    const rows = await this.repo.findByIds(ids);
    await this.jobs.sync(change.before, rows);
    await this.changes.pageChanged(pageId);
    const byId = new Map(rows.map((r) => [r.id, toMaintenanceDto(r)]));
    const cancelled = new Set(change.cancelled);
    for (const id of change.created) if (byId.has(id)) this.emit('maintenance.scheduled', byId.get(id)!);
    for (const id of cancelled) if (byId.get(id)?.status === 'cancelled') this.emit('maintenance.cancelled', byId.get(id)!);
  }

  // ---- scheduled transitions ----------------------------------------------

  /**
   * Applies a job: `start` if the window is still scheduled to start at `at`;
   * `complete` if it is still scheduled to end at `at` (starting it first if
   * its start was missed too). A moved, cancelled or finished window, or a
   * duplicate delivery, changes nothing. Returns the transitions applied to
   * this window.
   */
  async runScheduledTransition(name: Exclude<MaintenanceJobName, 'remind'>, id: string, at: Date): Promise<Transition[]> {
    const moved = await this.repo.applyScheduled(name, id, at);
    await this.announce(moved);
    // Many windows are often due at the same second: whichever job runs first
    // applies every overdue one of its kind in one statement, so the rest of
    // the burst finds nothing left to do (their jobs stay harmless).
    await this.sweepDue(name === 'start' ? 'in_progress' : 'completed');
    return moved.map(({ from, to }) => ({ from, to }));
  }

  /**
   * Applies a `remind` job: if the window is still scheduled, still to be
   * reminded of at `at` (not moved, its reminder not changed) and has not
   * started, its subscribers are told (`maintenance.reminder`, awaited: the job
   * is done once the email event is recorded). A duplicate delivery is
   * harmless: the email event's key is per window and start. True if due.
   */
  async remindIfDue(id: string, at: Date): Promise<boolean> {
    const m = await this.repo.findById(id);
    if (!m || m.status !== 'scheduled' || m.scheduledStart.getTime() <= Date.now()) return false;
    if (reminderTime(m)?.getTime() !== at.getTime()) return false;
    await this.events.emitAsync('maintenance.reminder', { maintenance: toMaintenanceDto(m) });
    return true;
  }

  /**
   * Applies, in batches, every automatic transition to `to` that is due now.
   * Concurrent sweeps skip each other's rows; the status condition keeps each
   * transition to exactly once. Returns how many it applied.
   */
  async sweepDue(to: ScheduledTarget, batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.repo.sweepDue(to, batch);
      await this.announce(moved);
      total += moved.length;
      if (moved.length < batch) return total;
    }
  }

  /** Windows that still have an automatic transition ahead (for the reconciler), in id order after `afterId`. */
  findPending(afterId: string | undefined, take: number): Promise<SchedulableWindow[]> {
    return this.repo.findPending(afterId, take);
  }

  /**
   * After scheduled transitions are committed: one read of the windows, one
   * public refresh per page, one event per transition. No job changes: a
   * window's end job was added with its start job.
   */
  private async announce(moved: MovedWindow[]): Promise<void> {
    if (moved.length === 0) return;
    try {
      const rows = await this.repo.findByIds(moved.map((m) => m.id));
      await Promise.all([...new Set(rows.map((r) => r.pageId))].map((pageId) => this.changes.pageChanged(pageId)));
      const byId = new Map(rows.map((r) => [r.id, toMaintenanceDto(r)]));
      for (const m of moved) {
        const dto = byId.get(m.id);
        if (dto) this.emitTransitions(dto, [m]);
      }
    } catch (err) {
      // Committed already: the public side catches up at its next refresh.
      this.logger.warn(`could not announce ${moved.length} maintenance transition(s): ${(err as Error).message}`);
    }
  }

  // ---- internals ------------------------------------------------------------

  private async find(pageId: string, id: string): Promise<MaintenanceWithDetails> {
    const m = await this.repo.find(pageId, id);
    if (!m) throw new ResourceNotFoundError('maintenance', id);
    return m;
  }

  /** After a committed transition: jobs, public side, events. */
  private async afterTransitions(id: string, applied: Transition[], before: SchedulableWindow): Promise<MaintenanceResponseDto> {
    const after = await this.repo.findById(id);
    if (!after) throw new ResourceNotFoundError('maintenance', id);
    await this.jobs.sync([before], [after]);
    await this.changes.pageChanged(after.pageId);
    const out = toMaintenanceDto(after);
    this.emitTransitions(out, applied);
    return out;
  }

  private emitTransitions(m: MaintenanceResponseDto, applied: Transition[]): void {
    for (const t of applied) {
      const type = transitionEventFor(t.from, t.to);
      if (type) this.emit(type, m);
    }
  }

  private emit(type: MaintenanceEventName, maintenance: MaintenanceResponseDto): void {
    this.events.emit(type, { maintenance });
  }
}

function checkWindow(start: Date, end: Date): { start: Date; end: Date } {
  if (end.getTime() <= start.getTime()) throw new FieldValidationError(['scheduledEnd must be after scheduledStart']);
  return { start, end };
}

export function toMaintenanceDto(m: MaintenanceWithDetails): MaintenanceResponseDto {
  return {
    id: m.id,
    pageId: m.pageId,
    title: m.title,
    description: m.description,
    status: m.status,
    scheduledStart: m.scheduledStart.toISOString(),
    scheduledEnd: m.scheduledEnd.toISOString(),
    componentIds: m.components.map((c) => c.componentId),
    autoStart: m.autoStart,
    autoComplete: m.autoComplete,
    deliverNotifications: m.deliverNotifications,
    remindBeforeMinutes: m.remindBeforeMinutes,
    updates: m.updates.map((u) => ({
      id: u.id,
      createdAt: u.createdAt.toISOString(),
      status: u.status,
      message: u.message,
    })),
    startedAt: toIso(m.startedAt),
    completedAt: toIso(m.completedAt),
    cancelledAt: toIso(m.cancelledAt),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    seriesId: m.seriesId,
  };
}
