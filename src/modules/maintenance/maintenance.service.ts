import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Queue } from 'bullmq';
import { WEBHOOK_EVENT, WebhookEventPayload } from '../../common/domain-events';
import { FieldValidationError, InvalidTransitionError, ResourceNotFoundError } from '../../common/errors';
import { Paginated, paging } from '../../common/pagination';
import { toIso } from '../../common/validators';
import { Prisma } from '../../generated/prisma/client';
import { MaintenanceStatus } from '../../generated/prisma/enums';
import { PrismaService } from '../../prisma/prisma.service';
import { RedisService } from '../../redis/redis.service';
import { StatusPagesService } from '../status-pages/status-pages.service';
import {
  CreateMaintenanceDto,
  CreateMaintenanceUpdateDto,
  ListMaintenancesQueryDto,
  MaintenanceResponseDto,
  MaintenanceWhen,
  UpdateMaintenanceDto,
} from './dto/maintenance.dto';
import { MAINTENANCE_QUEUE, MaintenanceJobName, plannedJobs, SchedulableWindow, toBullJob } from './maintenance.queue';
import {
  canTransition,
  DEFAULT_MESSAGES,
  EDITABLE_STATUSES,
  transitionRefusal,
  transitionStamps,
  webhookEventFor,
} from './maintenance.transitions';

const include = {
  components: { select: { componentId: true }, orderBy: { componentId: 'asc' } },
  updates: { orderBy: { seq: 'asc' } },
} satisfies Prisma.MaintenanceInclude;
type MaintenanceWithDetails = Prisma.MaintenanceGetPayload<{ include: typeof include }>;

const WHEN: Record<MaintenanceWhen, MaintenanceStatus[]> = {
  upcoming: ['scheduled'],
  active: ['in_progress', 'verifying'],
  past: ['completed', 'cancelled'],
};

/** Queue calls made while answering a request give up after this long (the reconciler catches up). */

export interface Transition {
  from: MaintenanceStatus;
  to: MaintenanceStatus;
}

/** The statuses a scheduled job moves a window to. */
type ScheduledTarget = 'in_progress' | 'completed';
type MovedWindow = Transition & { id: string };

/**
 * Maintenance windows: their lifecycle, their timeline and their scheduled
 * transitions. PostgreSQL is the truth; every transition is a conditional
 * update (the row must still be in the expected state), so it is applied once
 * however many jobs, workers or requests race for it.
 */
@Injectable()
export class MaintenanceService {
  private readonly logger = new Logger(MaintenanceService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly statusPages: StatusPagesService,
    private readonly events: EventEmitter2,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisService,
  ) {}

  // ---- admin API ----------------------------------------------------------

  async list(pageId: string, query: ListMaintenancesQueryDto): Promise<Paginated<MaintenanceResponseDto>> {
    const { skip, take, page, perPage } = paging(query);
    await this.statusPages.assertPageExists(pageId);
    const filters: Prisma.MaintenanceWhereInput[] = [{ pageId }];
    if (query.status) filters.push({ status: query.status });
    if (query.when) filters.push({ status: { in: WHEN[query.when] } });
    const where: Prisma.MaintenanceWhereInput = { AND: filters };
    const direction = query.when === 'past' ? 'desc' : 'asc';
    const [rows, total] = await Promise.all([
      this.prisma.maintenance.findMany({
        where,
        include,
        skip,
        take,
        orderBy: [{ scheduledStart: direction }, { id: 'asc' }],
      }),
      this.prisma.maintenance.count({ where }),
    ]);
    return { data: rows.map(toMaintenanceDto), meta: { total, page, perPage } };
  }

  async get(pageId: string, id: string): Promise<MaintenanceResponseDto> {
    return toMaintenanceDto(await this.find(pageId, id));
  }

  async create(pageId: string, dto: CreateMaintenanceDto): Promise<MaintenanceResponseDto> {
    await this.statusPages.assertPageExists(pageId);
    const { start, end } = checkWindow(new Date(dto.scheduledStart), new Date(dto.scheduledEnd));
    const componentIds = [...new Set(dto.componentIds ?? [])];
    await this.statusPages.assertComponentsOnPage(pageId, componentIds, 'componentIds');
    const created = await this.prisma.maintenance.create({
      data: {
        pageId,
        title: dto.title,
        description: dto.description ?? null,
        scheduledStart: start,
        scheduledEnd: end,
        autoStart: dto.autoStart ?? true,
        autoComplete: dto.autoComplete ?? true,
        components: { create: componentIds.map((componentId) => ({ componentId })) },
        updates: { create: { status: 'scheduled', message: dto.message ?? DEFAULT_MESSAGES.scheduled } },
      },
      include,
    });
    await this.syncJobs(null, created);
    await this.statusPages.pageChanged(pageId);
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
    if (componentIds) await this.statusPages.assertComponentsOnPage(pageId, componentIds, 'componentIds');
    await this.prisma.$transaction(async (tx) => {
      // Only if nothing that decides the jobs changed since we read it (a transition may have raced us).
      const { count } = await tx.maintenance.updateMany({
        where: {
          id,
          status: before.status,
          scheduledStart: before.scheduledStart,
          scheduledEnd: before.scheduledEnd,
          autoStart: before.autoStart,
          autoComplete: before.autoComplete,
        },
        data: {
          title: dto.title,
          description: dto.description,
          scheduledStart: start,
          scheduledEnd: end,
          autoStart: dto.autoStart,
          autoComplete: dto.autoComplete,
        },
      });
      if (count !== 1) throw new InvalidTransitionError('the maintenance changed while it was being updated; retry');
      if (componentIds) {
        await tx.maintenanceComponent.deleteMany({ where: { maintenanceId: id } });
        await tx.maintenanceComponent.createMany({ data: componentIds.map((componentId) => ({ maintenanceId: id, componentId })) });
      }
    });
    const after = await this.find(pageId, id);
    await this.syncJobs(before, after);
    await this.statusPages.pageChanged(pageId);
    return toMaintenanceDto(after);
  }

  async remove(pageId: string, id: string): Promise<void> {
    const before = await this.find(pageId, id);
    await this.prisma.maintenance.deleteMany({ where: { id } });
    await this.removeJobs(plannedJobs(before).map((j) => j.id));
    await this.statusPages.pageChanged(pageId);
  }

  /** start / complete / cancel, or an update carrying a status: 409 if the current status forbids it. */
  async transition(pageId: string, id: string, to: MaintenanceStatus, message?: string): Promise<MaintenanceResponseDto> {
    // A concurrent transition (a job, another request) can win between our read and our write: read again then.
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await this.find(pageId, id);
      if (!canTransition(before.status, to)) throw new InvalidTransitionError(transitionRefusal(before.status, to));
      const won = await this.prisma.$transaction((tx) => applyTransition(tx, id, before.status, to, message));
      if (won) return this.afterTransitions(id, [{ from: before.status, to }], before);
    }
    throw new InvalidTransitionError('the maintenance changed while it was being updated; retry');
  }

  /** Appends a timeline entry; with a `status` different from the current one it is a transition. */
  async addUpdate(pageId: string, id: string, dto: CreateMaintenanceUpdateDto): Promise<MaintenanceResponseDto> {
    const current = await this.find(pageId, id);
    if (dto.status && dto.status !== current.status) return this.transition(pageId, id, dto.status, dto.message);
    await this.prisma.maintenanceUpdate.create({
      data: { maintenanceId: id, status: current.status, message: dto.message },
    });
    await this.prisma.maintenance.updateMany({ where: { id }, data: { updatedAt: new Date() } });
    await this.statusPages.pageChanged(pageId);
    return this.get(pageId, id);
  }

  // ---- scheduled transitions ----------------------------------------------

  /**
   * Applies a job: `start` if the window is still scheduled to start at `at`;
   * `complete` if it is still scheduled to end at `at` (starting it first if
   * its start was missed too). A moved, cancelled or finished window, or a
   * duplicate delivery, changes nothing. Returns the transitions applied to
   * this window.
   */
  async runScheduledTransition(name: MaintenanceJobName, id: string, at: Date): Promise<Transition[]> {
    // Plain statements, no interactive transaction: many windows can be due at the same second.
    const mine = Prisma.sql`id = ${id}::uuid`;
    const steps: Array<[ScheduledTarget, Prisma.Sql]> =
      name === 'start'
        ? [['in_progress', Prisma.sql`${mine} AND status = 'scheduled' AND auto_start AND scheduled_start = ${at}::timestamptz`]]
        : [
            [
              'in_progress',
              Prisma.sql`${mine} AND status = 'scheduled' AND auto_start AND auto_complete
                AND scheduled_end = ${at}::timestamptz AND scheduled_start <= ${new Date()}::timestamptz`,
            ],
            [
              'completed',
              Prisma.sql`${mine} AND status IN ('in_progress', 'verifying') AND auto_complete AND scheduled_end = ${at}::timestamptz`,
            ],
          ];
    const queries = steps.map(([to, where]) => this.moveWindows(to, where, { limit: 1, skipLocked: false }));
    const results = queries.length === 1 ? [await queries[0]] : await this.prisma.$transaction(queries);
    const moved = results.flat();
    await this.announce(moved);
    // Many windows are often due at the same second: whichever job runs first
    // applies every overdue one of its kind in one statement, so the rest of
    // the burst finds nothing left to do (their jobs stay harmless).
    await this.sweepDue(name === 'start' ? 'in_progress' : 'completed');
    return moved.map(({ from, to }) => ({ from, to }));
  }

  /**
   * Applies, in batches, every automatic transition to `to` that is due now.
   * Concurrent sweeps skip each other's rows; the status condition keeps each
   * transition to exactly once. Returns how many it applied.
   */
  async sweepDue(to: ScheduledTarget, batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const now = Prisma.sql`${new Date()}::timestamptz`;
      const due =
        to === 'in_progress'
          ? Prisma.sql`status = 'scheduled' AND auto_start AND scheduled_start <= ${now}`
          : Prisma.sql`status IN ('in_progress', 'verifying') AND auto_complete AND scheduled_end <= ${now}`;
      const moved = await this.moveWindows(to, due, { limit: batch, skipLocked: true });
      await this.announce(moved);
      total += moved.length;
      if (moved.length < batch) return total;
    }
  }

  /**
   * One statement: the windows matching `where` (at most `limit`) go to `to`,
   * with their timeline entries. Returns each window moved and the status it left.
   */
  private moveWindows(to: ScheduledTarget, where: Prisma.Sql, { limit, skipLocked }: { limit: number; skipLocked: boolean }) {
    const now = new Date();
    const stamp = to === 'in_progress' ? Prisma.sql`started_at = ${now}::timestamptz` : Prisma.sql`completed_at = ${now}::timestamptz`;
    const lock = skipLocked ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.sql`FOR UPDATE`;
    return this.prisma.$queryRaw<MovedWindow[]>`
      WITH due AS (
        SELECT id, status FROM maintenances WHERE ${where}
        ORDER BY scheduled_start LIMIT ${limit} ${lock}
      ), moved AS (
        UPDATE maintenances m SET status = ${to}::"MaintenanceStatus", updated_at = ${now}::timestamptz, ${stamp}
        FROM due WHERE m.id = due.id
        RETURNING m.id, due.status AS "from"
      ), entries AS (
        INSERT INTO maintenance_updates (id, maintenance_id, status, message, created_at)
        SELECT gen_random_uuid(), id, ${to}::"MaintenanceStatus", ${DEFAULT_MESSAGES[to]}, ${now}::timestamptz FROM moved
      )
      SELECT id, "from", ${to}::text AS "to" FROM moved`;
  }

  /**
   * After scheduled transitions are committed: one read of the windows, one
   * public refresh per page, one webhook event per transition. No job changes:
   * a window's end job was added with its start job.
   */
  private async announce(moved: MovedWindow[]): Promise<void> {
    if (moved.length === 0) return;
    try {
      const rows = await this.prisma.maintenance.findMany({ where: { id: { in: moved.map((m) => m.id) } }, include });
      await Promise.all([...new Set(rows.map((r) => r.pageId))].map((pageId) => this.statusPages.pageChanged(pageId)));
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

  /** Windows that still have an automatic transition ahead (for the reconciler), in id order after `afterId`. */
  async findPending(afterId: string | undefined, take: number): Promise<SchedulableWindow[]> {
    return this.prisma.maintenance.findMany({
      where: {
        ...(afterId ? { id: { gt: afterId } } : {}),
        OR: [
          { status: 'scheduled', autoStart: true },
          { status: { in: ['in_progress', 'verifying'] }, autoComplete: true },
        ],
      },
      select: schedulableFields,
      orderBy: { id: 'asc' },
      take,
    });
  }

  // ---- internals ------------------------------------------------------------

  private async find(pageId: string, id: string): Promise<MaintenanceWithDetails> {
    const m = await this.prisma.maintenance.findFirst({ where: { id, pageId }, include });
    if (m) return m;
    await this.statusPages.assertPageExists(pageId);
    throw new ResourceNotFoundError('maintenance', id);
  }

  /** After a committed transition: jobs, public side, webhook events. */
  private async afterTransitions(id: string, applied: Transition[], before: SchedulableWindow): Promise<MaintenanceResponseDto> {
    const after = await this.prisma.maintenance.findUnique({ where: { id }, include });
    if (!after) throw new ResourceNotFoundError('maintenance', id);
    await this.syncJobs(before, after);
    await this.statusPages.pageChanged(after.pageId);
    const out = toMaintenanceDto(after);
    this.emitTransitions(out, applied);
    return out;
  }

  private emitTransitions(m: MaintenanceResponseDto, applied: Transition[]): void {
    for (const t of applied) {
      const type = webhookEventFor(t.from, t.to);
      if (type) this.emit(type, m);
    }
  }

  private emit(type: WebhookEventPayload['type'], m: MaintenanceResponseDto): void {
    this.events.emit(WEBHOOK_EVENT, {
      pageId: m.pageId,
      type,
      data: { ...m },
      componentIds: m.componentIds,
    } satisfies WebhookEventPayload);
  }

  /**
   * Makes the queue match the window: removes the jobs it no longer needs
   * (moved, cancelled, done) and adds those it needs. A job that cannot be
   * removed (running right now) is harmless: it re-checks the row. Queue
   * trouble never fails the request; the reconciler repairs it.
   */
  async syncJobs(before: SchedulableWindow | null, after: SchedulableWindow): Promise<void> {
    const wanted = plannedJobs(after);
    const keep = new Set(wanted.map((j) => j.id));
    const stale = before ? plannedJobs(before).filter((j) => !keep.has(j.id)) : [];
    await this.removeJobs(stale.map((j) => j.id));
    if (wanted.length === 0) return;
    await this.redis.queueCommand(() => this.queue.addBulk(wanted.map((j) => toBullJob(j)))).catch((err: Error) =>
      this.logger.warn(`could not schedule jobs of maintenance ${after.id} (the reconciler will): ${err.message}`),
    );
  }

  private async removeJobs(ids: string[]): Promise<void> {
    await Promise.all(
      ids.map((jobId) =>
        this.redis.queueCommand(() => this.queue.remove(jobId)).catch((err: Error) =>
          this.logger.warn(`could not remove job ${jobId} (it will find nothing to do): ${err.message}`),
        ),
      ),
    );
  }
}

const schedulableFields = {
  id: true,
  status: true,
  scheduledStart: true,
  scheduledEnd: true,
  autoStart: true,
  autoComplete: true,
} satisfies Prisma.MaintenanceSelect;

/**
 * `from → to` if the row is still `from`, with its
 * timeline entry, inside the caller's transaction. True if this call won.
 */
async function applyTransition(
  tx: Prisma.TransactionClient,
  id: string,
  from: MaintenanceStatus,
  to: MaintenanceStatus,
  message?: string,
): Promise<boolean> {
  const now = new Date();
  const { count } = await tx.maintenance.updateMany({
    where: { id, status: from },
    data: { status: to, ...transitionStamps(from, to, now) },
  });
  if (count !== 1) return false;
  await tx.maintenanceUpdate.create({
    data: { maintenanceId: id, status: to, message: message ?? DEFAULT_MESSAGES[to], createdAt: now },
  });
  return true;
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
  };
}
