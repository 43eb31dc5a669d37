import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { MaintenanceStatus } from '../../generated/prisma/enums';
import { PrismaService } from '../../prisma/prisma.service';
import { SchedulableWindow } from './maintenance.queue';
import { DEFAULT_HTML, schedulableFields } from './maintenance.repository';
import { DEFAULT_MESSAGES, RUNNING_STATUSES } from './maintenance.transitions';

/** A window moved by a scheduled transition, and the status it left. */
export interface MovedWindow {
  id: string;
  from: MaintenanceStatus;
  to: MaintenanceStatus;
}

/** The statuses a scheduled job moves a window to. */
export type ScheduledTarget = 'in_progress' | 'completed';

/** RUNNING_STATUSES as an SQL list, for `status IN (...)`. */
const RUNNING_SQL = Prisma.join(RUNNING_STATUSES.map((status) => Prisma.sql`${status}::"MaintenanceStatus"`));

/**
 * The statements of the automatic lifecycle (MaintenanceLifecycleService):
 * scheduled starts and ends applied as conditional updates, sweeps of overdue
 * ones, and the windows the reconciler must keep jobs for. The admin side's
 * queries are MaintenanceRepository's.
 */
@Injectable()
export class MaintenanceScheduleRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * A scheduled job's transitions for one window: `start` if it is still
   * scheduled to start at `at`; `complete` if it is still scheduled to end at
   * `at` (starting it first if its start was missed too). Plain statements, no
   * interactive transaction: many windows can be due at the same second.
   */
  async applyScheduled(name: 'start' | 'complete', id: string, at: Date): Promise<MovedWindow[]> {
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
              Prisma.sql`${mine} AND status IN (${RUNNING_SQL}) AND auto_complete AND scheduled_end = ${at}::timestamptz`,
            ],
          ];
    const queries = steps.map(([to, where]) => this.moveWindows(to, where, { limit: 1, skipLocked: false }));
    const results = queries.length === 1 ? [await queries[0]] : await this.prisma.$transaction(queries);
    return results.flat();
  }

  /** Up to `batch` windows whose automatic transition to `to` is due now, moved (concurrent sweeps skip each other's rows). */
  sweepDue(to: ScheduledTarget, batch: number) {
    const now = Prisma.sql`${new Date()}::timestamptz`;
    const due =
      to === 'in_progress'
        ? Prisma.sql`status = 'scheduled' AND auto_start AND scheduled_start <= ${now}`
        : Prisma.sql`status IN (${RUNNING_SQL}) AND auto_complete AND scheduled_end <= ${now}`;
    return this.moveWindows(to, due, { limit: batch, skipLocked: true });
  }

  /** Windows that still have an automatic transition or a reminder ahead (for the reconciler), in id order after `afterId`. */
  findPending(afterId: string | undefined, take: number): Promise<SchedulableWindow[]> {
    return this.prisma.maintenance.findMany({
      where: {
        ...(afterId ? { id: { gt: afterId } } : {}),
        OR: [
          { status: 'scheduled', autoStart: true },
          { status: 'scheduled', deliverNotifications: true, remindBeforeMinutes: { not: null }, scheduledStart: { gt: new Date() } },
          { status: { in: [...RUNNING_STATUSES] }, autoComplete: true },
        ],
      },
      select: schedulableFields,
      orderBy: { id: 'asc' },
      take,
    });
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
        UPDATE maintenances m SET status = ${to}::"MaintenanceStatus", updated_at = ${now}::timestamptz, ${stamp},
          sequence = m.sequence + 1
        FROM due WHERE m.id = due.id
        RETURNING m.id, due.status AS "from"
      ), entries AS (
        INSERT INTO maintenance_updates (id, maintenance_id, status, message, message_html, created_at)
        SELECT gen_random_uuid(), id, ${to}::"MaintenanceStatus", ${DEFAULT_MESSAGES[to]}, ${DEFAULT_HTML[to]},
          ${now}::timestamptz FROM moved
      )
      SELECT id, "from", ${to}::text AS "to" FROM moved`;
  }
}
