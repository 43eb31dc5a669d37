import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { MaintenanceStatus } from '../../generated/prisma/enums';
import { PrismaService } from '../../prisma/prisma.service';
import { LOCKED_TX, lockRow } from '../../prisma/row-lock';
import { MaintenanceWhen } from './dto/maintenance.dto';
import { SchedulableWindow } from './maintenance.queue';
import { InvalidTransitionError, ResourceNotFoundError } from '../../common/errors';
import { renderForStorage } from '../status-pages/public/html/stored-markdown';
import { PUBLIC_TIMELINE_BYTES, PUBLIC_TIMELINE_ENTRIES } from '../status-pages/public/public-timeline';
import { DEFAULT_MESSAGES, RUNNING_STATUSES, transitionStamps } from './maintenance.transitions';
import type { CalendarMaintenance, MaintenanceWithDetails, PublicMaintenance } from './maintenance.types';
import { MAX_CALENDAR_WINDOWS } from './series/maintenance-calendar';
import { MAX_TIMELINE_ENTRIES } from '../../common/limits';
import { newestEntryIds } from '../../prisma/newest-entries';

/** The default messages, rendered once. */
export const DEFAULT_HTML = Object.fromEntries(
  Object.entries(DEFAULT_MESSAGES).map(([status, message]) => [status, renderForStorage(message)]),
) as Record<MaintenanceStatus, string>;

const include = {
  components: { select: { componentId: true }, orderBy: { componentId: 'asc' } },
  updates: { orderBy: { seq: 'asc' } },
} satisfies Prisma.MaintenanceInclude;

/** What the public side reads: the timeline cut to the public bound (public-timeline.ts), read apart. */
const publicInclude = {
  components: include.components,
  _count: { select: { updates: true } },
} satisfies Prisma.MaintenanceInclude;

const WHEN: Record<MaintenanceWhen, MaintenanceStatus[]> = {
  upcoming: ['scheduled'],
  active: [...RUNNING_STATUSES],
  past: ['completed', 'cancelled'],
};

/** At most this many windows of each kind are read for a page's status and public side. */
export const MAX_PUBLIC_WINDOWS = 100;
export const RECENT_WINDOWS = 50;

/** The fields of a window that decide its jobs (SchedulableWindow). */
export const schedulableFields = {
  id: true,
  status: true,
  scheduledStart: true,
  scheduledEnd: true,
  autoStart: true,
  autoComplete: true,
  remindBeforeMinutes: true,
  deliverNotifications: true,
  createdAt: true,
} satisfies Prisma.MaintenanceSelect;

export interface NewMaintenance {
  pageId: string;
  title: string;
  description: string | null;
  scheduledStart: Date;
  scheduledEnd: Date;
  autoStart: boolean;
  autoComplete: boolean;
  deliverNotifications: boolean;
  remindBeforeMinutes: number | null;
  componentIds: string[];
  message: string;
}

export type MaintenanceChanges = Pick<
  Prisma.MaintenanceUpdateManyMutationInput,
  | 'title'
  | 'description'
  | 'scheduledStart'
  | 'scheduledEnd'
  | 'autoStart'
  | 'autoComplete'
  | 'detached'
  | 'deliverNotifications'
  | 'remindBeforeMinutes'
>;

const calendarFields = {
  id: true,
  title: true,
  description: true,
  status: true,
  scheduledStart: true,
  scheduledEnd: true,
  updatedAt: true,
  cancelledAt: true,
  sequence: true,
  components: { select: { componentId: true }, orderBy: { componentId: 'asc' } },
} satisfies Prisma.MaintenanceSelect;

/**
 * Queries of the maintenance windows, their components and timeline, and the
 * transition statements. Every transition is a conditional update (the row
 * must still be in the expected state), so it is applied once however many
 * jobs, workers or requests race for it.
 */
@Injectable()
export class MaintenanceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(pageId: string, filter: { status?: MaintenanceStatus; when?: MaintenanceWhen }, skip: number, take: number) {
    const filters: Prisma.MaintenanceWhereInput[] = [{ pageId }];
    if (filter.status) filters.push({ status: filter.status });
    if (filter.when) filters.push({ status: { in: WHEN[filter.when] } });
    const where: Prisma.MaintenanceWhereInput = { AND: filters };
    const direction = filter.when === 'past' ? 'desc' : 'asc';
    const [rows, total] = await Promise.all([
      this.prisma.maintenance.findMany({ where, include, skip, take, orderBy: [{ scheduledStart: direction }, { id: 'asc' }] }),
      this.prisma.maintenance.count({ where }),
    ]);
    return { rows, total };
  }

  find(pageId: string, id: string): Promise<MaintenanceWithDetails | null> {
    return this.prisma.maintenance.findFirst({ where: { id, pageId }, include });
  }

  findById(id: string): Promise<MaintenanceWithDetails | null> {
    return this.prisma.maintenance.findUnique({ where: { id }, include });
  }

  findByIds(ids: string[]): Promise<MaintenanceWithDetails[]> {
    return this.prisma.maintenance.findMany({ where: { id: { in: ids } }, include });
  }

  /** The components of the windows in progress (no timeline), for the page's status. */
  async inProgressComponentIds(pageId: string): Promise<string[][]> {
    const rows = await this.prisma.maintenance.findMany({
      where: { pageId, status: 'in_progress' },
      select: { components: { select: { componentId: true } } },
      orderBy: [{ scheduledStart: 'asc' }, { id: 'asc' }],
      take: MAX_PUBLIC_WINDOWS,
    });
    return rows.map((m) => m.components.map((c) => c.componentId));
  }

  /** The page's windows by status, soonest first, with their public timelines. */
  async withStatus(pageId: string, statuses: readonly MaintenanceStatus[]): Promise<PublicMaintenance[]> {
    const rows = await this.prisma.maintenance.findMany({
      where: { pageId, status: { in: [...statuses] } },
      include: publicInclude,
      orderBy: [{ scheduledStart: 'asc' }, { id: 'asc' }],
      take: MAX_PUBLIC_WINDOWS,
    });
    return this.withPublicTimelines(rows);
  }

  /** The most recent windows that were not cancelled, newest first, with their public timelines. */
  async recent(pageId: string): Promise<PublicMaintenance[]> {
    const rows = await this.prisma.maintenance.findMany({
      where: { pageId, status: { not: 'cancelled' } },
      include: publicInclude,
      orderBy: [{ scheduledStart: 'desc' }, { id: 'asc' }],
      take: RECENT_WINDOWS,
    });
    return this.withPublicTimelines(rows);
  }

  /**
   * The windows with the entries the public documents carry (newestEntryIds,
   * within the bound of public-timeline.ts). Only what is kept is read.
   */
  private async withPublicTimelines(
    rows: Array<Prisma.MaintenanceGetPayload<{ include: typeof publicInclude }>>,
  ): Promise<PublicMaintenance[]> {
    const ids = rows.map((r) => r.id);
    const kept = await newestEntryIds(this.prisma, 'maintenance_updates', ids, PUBLIC_TIMELINE_ENTRIES, PUBLIC_TIMELINE_BYTES);
    const updates = kept.length
      ? await this.prisma.maintenanceUpdate.findMany({ where: { id: { in: kept } }, orderBy: { seq: 'asc' } })
      : [];
    const byWindow = new Map<string, MaintenanceWithDetails['updates']>(ids.map((id) => [id, []]));
    for (const u of updates) byWindow.get(u.maintenanceId)?.push(u);
    return rows.map(({ _count, ...r }) => ({ ...r, updates: byWindow.get(r.id) ?? [], updateCount: _count.updates }));
  }

  /**
   * The windows of the page's calendar feeds (not finished, or cancelled since
   * `cancelledSince`), by start: the page's first `limit` and each
   * component's first `limit`, so that the feed of a component (`?component=`)
   * is not cut short by the windows of others. A page with fewer than `limit`
   * such windows reads each once.
   */
  async forCalendar(pageId: string, cancelledSince: Date, limit = MAX_CALENDAR_WINDOWS): Promise<CalendarMaintenance[]> {
    const live = Prisma.join(['scheduled', ...RUNNING_STATUSES].map((s) => Prisma.sql`${s}::"MaintenanceStatus"`));
    const ids = await this.prisma.$queryRaw<Array<{ id: string }>>`
      WITH shown AS (
        SELECT id, scheduled_start FROM maintenances
        WHERE page_id = ${pageId}::uuid
          AND (status IN (${live}) OR (status = 'cancelled' AND cancelled_at >= ${cancelledSince}::timestamptz))
      ), by_component AS (
        SELECT s.id, row_number() OVER (PARTITION BY mc.component_id ORDER BY s.scheduled_start, s.id) AS n
        FROM shown s JOIN maintenance_components mc ON mc.maintenance_id = s.id
      )
      (SELECT id FROM shown ORDER BY scheduled_start, id LIMIT ${limit})
      UNION
      SELECT id FROM by_component WHERE n <= ${limit}`;
    if (ids.length === 0) return [];
    return this.prisma.maintenance.findMany({
      where: { id: { in: ids.map((r) => r.id) } },
      select: calendarFields,
      orderBy: [{ scheduledStart: 'asc' }, { id: 'asc' }],
    });
  }

  create(m: NewMaintenance): Promise<MaintenanceWithDetails> {
    return this.prisma.maintenance.create({
      data: {
        pageId: m.pageId,
        title: m.title,
        description: m.description,
        descriptionHtml: renderForStorage(m.description),
        scheduledStart: m.scheduledStart,
        scheduledEnd: m.scheduledEnd,
        autoStart: m.autoStart,
        autoComplete: m.autoComplete,
        deliverNotifications: m.deliverNotifications,
        remindBeforeMinutes: m.remindBeforeMinutes,
        components: { create: m.componentIds.map((componentId) => ({ componentId })) },
        updates: { create: { status: 'scheduled', message: m.message, messageHtml: renderForStorage(m.message) } },
      },
      include,
    });
  }

  /**
   * Applies the changes only if nothing that decides the window's jobs changed
   * since `before` was read (a transition may have raced us). False if it had.
   */
  async updateIfUnchanged(before: SchedulableWindow, changes: MaintenanceChanges, componentIds?: string[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.maintenance.updateMany({
        where: {
          id: before.id,
          status: before.status,
          scheduledStart: before.scheduledStart,
          scheduledEnd: before.scheduledEnd,
          autoStart: before.autoStart,
          autoComplete: before.autoComplete,
          remindBeforeMinutes: before.remindBeforeMinutes,
          deliverNotifications: before.deliverNotifications,
        },
        data: {
          ...changes,
          sequence: { increment: 1 },
          ...(typeof changes.description === 'string' || changes.description === null
            ? { descriptionHtml: renderForStorage(changes.description) }
            : {}),
        },
      });
      if (count !== 1) return false;
      if (componentIds) {
        await tx.maintenanceComponent.deleteMany({ where: { maintenanceId: before.id } });
        await tx.maintenanceComponent.createMany({ data: componentIds.map((componentId) => ({ maintenanceId: before.id, componentId })) });
      }
      return true;
    });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.maintenance.deleteMany({ where: { id } });
  }

  /** Appends a timeline entry that keeps the current status (409 once the timeline is full). */
  async addEntry(id: string, status: MaintenanceStatus, message: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await this.lockWithRoomForEntry(tx, id);
      await tx.maintenanceUpdate.create({ data: { maintenanceId: id, status, message, messageHtml: renderForStorage(message) } });
      await tx.maintenance.updateMany({ where: { id }, data: { updatedAt: new Date() } });
    }, LOCKED_TX);
  }

  /**
   * Locks the window for the rest of `tx` (concurrent appends wait for each
   * other), then 409 if it holds MAX_TIMELINE_ENTRIES entries.
   */
  private async lockWithRoomForEntry(tx: Prisma.TransactionClient, id: string): Promise<void> {
    if (!(await lockRow(tx, 'maintenances', id))) throw new ResourceNotFoundError('maintenance', id);
    if ((await tx.maintenanceUpdate.count({ where: { maintenanceId: id } })) >= MAX_TIMELINE_ENTRIES) {
      throw new InvalidTransitionError(`a maintenance holds at most ${MAX_TIMELINE_ENTRIES} timeline entries`);
    }
  }

  /**
   * `from → to` with its timeline entry, if the row is still `from` (409 if
   * its timeline is full). True if this call won.
   */
  async transition(id: string, from: MaintenanceStatus, to: MaintenanceStatus, message?: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await this.lockWithRoomForEntry(tx, id);
      const now = new Date();
      const { count } = await tx.maintenance.updateMany({
        where: { id, status: from },
        // A window cancelled one by one leaves its series (never regenerated); every transition is a change (SEQUENCE).
        data: { status: to, ...transitionStamps(from, to, now), sequence: { increment: 1 }, ...(to === 'cancelled' ? { detached: true } : {}) },
      });
      if (count !== 1) return false;
      await tx.maintenanceUpdate.create({
        data: {
          maintenanceId: id,
          status: to,
          message: message ?? DEFAULT_MESSAGES[to],
          messageHtml: message === undefined ? DEFAULT_HTML[to] : renderForStorage(message),
          createdAt: now,
        },
      });
      return true;
    }, LOCKED_TX);
  }
}
