import { Injectable, OnModuleInit } from '@nestjs/common';
import { FieldValidationError, InvalidTransitionError, ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated } from '../../common/pagination';
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
import { SchedulableWindow } from './maintenance.queue';
import { MaintenanceRepository } from './maintenance.repository';
import { MaintenanceWithDetails } from './maintenance.types';
import {
  canTransition,
  DEFAULT_MESSAGES,
  EDITABLE_STATUSES,
  RUNNING_STATUSES,
  Transition,
  transitionEventFor,
  transitionRefusal,
} from './maintenance.transitions';
import { CANCELLED_KEPT_DAYS } from './series/maintenance-calendar';

/** Subscribers are reminded this long before a window starts unless the body says otherwise. */
export const DEFAULT_REMIND_BEFORE_MINUTES = 60;

/**
 * Maintenance windows as the admin API changes them: create, edit, delete,
 * transitions asked for and timeline entries, and the windows a series
 * changed in bulk. PostgreSQL is the truth (the repository's conditional
 * updates apply each transition once); after each change the window's jobs
 * follow (MaintenanceJobSync). The automatic side (scheduled starts and ends,
 * reminders, sweeps) is MaintenanceLifecycleService's.
 */
@Injectable()
export class MaintenanceService implements OnModuleInit {
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
    return paginate(query, (skip, take) => this.repo.list(pageId, { status: query.status, when: query.when }, skip, take), toMaintenanceDto);
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
   * cancelled windows as they were, so their stale jobs go. `deletedSeriesId`
   * is the series a change deleted: its windows' rows no longer name it after
   * the commit, but their events do (as the rows did when they were
   * cancelled), so that subscribers hear of them as of occurrences of a series.
   */
  async windowsChanged(
    pageId: string,
    change: { created: string[]; before: SchedulableWindow[]; cancelled: string[]; deletedSeriesId?: string },
  ): Promise<void> {
    const ids = [...change.created, ...change.before.map((w) => w.id)];
    if (ids.length === 0) return;
    const rows = await this.repo.findByIds(ids);
    await this.jobs.sync(change.before, rows);
    await this.changes.pageChanged(pageId);
    const seriesId = change.deletedSeriesId;
    const byId = new Map(rows.map((r) => [r.id, toMaintenanceDto(seriesId && r.seriesId === null ? { ...r, seriesId } : r)]));
    const cancelled = new Set(change.cancelled);
    for (const id of change.created) if (byId.has(id)) this.emit('maintenance.scheduled', byId.get(id)!);
    for (const id of cancelled) if (byId.get(id)?.status === 'cancelled') this.emit('maintenance.cancelled', byId.get(id)!);
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
