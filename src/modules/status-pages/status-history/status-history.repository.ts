import { Injectable } from '@nestjs/common';
import { Prisma } from '../../../generated/prisma/client';
import { ComponentStatus } from '../../../generated/prisma/enums';
import { PrismaService } from '../../../prisma/prisma.service';

/** A stored status-history row, as the uptime computation reads it. */
export interface StatusHistoryRow {
  componentId: string;
  status: ComponentStatus;
  changedAt: Date;
}

/** At most this many rows of one page's recent history are read for the public side. */
export const MAX_HISTORY_ROWS = 50_000;

/** Queries of the `component_status_changes` table. */
@Injectable()
export class StatusHistoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs `fn` in a transaction holding the page's history lock (one recorder per page at a time). */
  withPageLock<T>(pageId: string, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`status-history:${pageId}`}))`;
      return fn(tx);
    });
  }

  /** Each component's last recorded row, optionally only among rows before `before`. */
  lastPerComponent(pageId: string, before?: Date, db: Prisma.TransactionClient = this.prisma): Promise<StatusHistoryRow[]> {
    const until = before ? Prisma.sql`AND changed_at < ${before}` : Prisma.empty;
    return db.$queryRaw<StatusHistoryRow[]>`
      SELECT DISTINCT ON (component_id) component_id AS "componentId", status, changed_at AS "changedAt"
      FROM component_status_changes WHERE page_id = ${pageId}::uuid ${until}
      ORDER BY component_id, changed_at DESC, id DESC`;
  }

  /** Rows since `since`, oldest first (at most MAX_HISTORY_ROWS, the most recent ones). */
  async since(pageId: string, since: Date): Promise<StatusHistoryRow[]> {
    const rows = await this.prisma.componentStatusChange.findMany({
      where: { pageId, changedAt: { gte: since } },
      orderBy: [{ changedAt: 'desc' }, { id: 'desc' }],
      select: { componentId: true, status: true, changedAt: true },
      take: MAX_HISTORY_ROWS,
    });
    return rows.reverse();
  }

  async insert(tx: Prisma.TransactionClient, pageId: string, row: StatusHistoryRow): Promise<void> {
    await tx.componentStatusChange.create({ data: { pageId, ...row } });
  }
}
