import { Injectable } from '@nestjs/common';
import { Prisma } from '../../../generated/prisma/client';
import { PrismaService } from '../../../prisma/prisma.service';
import type { MaterializationState } from './series-materialization';

const include = {
  components: { select: { componentId: true }, orderBy: { componentId: 'asc' } },
} satisfies Prisma.MaintenanceSeriesInclude;

export type SeriesWithComponents = Prisma.MaintenanceSeriesGetPayload<{ include: typeof include }>;
/** A transaction in which a series row is locked (see `locked`). */
export type SeriesTx = Prisma.TransactionClient;

export interface NewSeries {
  pageId: string;
  title: string;
  description: string | null;
  componentIds: string[];
  timeZone: string;
  firstStart: string;
  rrule: string;
  durationMinutes: number;
  autoStart: boolean;
  autoComplete: boolean;
  remindBeforeMinutes: number | null;
}

export type SeriesChanges = Partial<Omit<NewSeries, 'pageId' | 'componentIds'>>;

/** A series change waits this long for the series' lock, and may take this long in all. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;

/**
 * Queries of the maintenance_series table and its components. Every change
 * of a series (create, edit, extend, delete) runs in a transaction that holds
 * the series row's lock, so an extension never races an edit; the
 * occurrences it writes go through SeriesOccurrencesRepository in the same
 * transaction.
 */
@Injectable()
export class MaintenanceSeriesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(pageId: string, skip: number, take: number) {
    const where = { pageId };
    const [rows, total] = await Promise.all([
      this.prisma.maintenanceSeries.findMany({ where, include, skip, take, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.maintenanceSeries.count({ where }),
    ]);
    return { rows, total };
  }

  find(pageId: string, id: string): Promise<SeriesWithComponents | null> {
    return this.prisma.maintenanceSeries.findFirst({ where: { id, pageId }, include });
  }

  transaction<T>(work: (tx: SeriesTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, TX_OPTIONS);
  }

  /**
   * Locks the series row for the rest of the transaction and reads it; null if
   * it is gone (or, with `skipLocked`, if another transaction holds it).
   */
  async lock(tx: SeriesTx, id: string, { skipLocked = false } = {}): Promise<SeriesWithComponents | null> {
    const wait = skipLocked ? Prisma.sql`SKIP LOCKED` : Prisma.empty;
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM maintenance_series WHERE id = ${id}::uuid FOR UPDATE ${wait}`;
    if (rows.length === 0) return null;
    return tx.maintenanceSeries.findUnique({ where: { id }, include });
  }

  create(tx: SeriesTx, s: NewSeries): Promise<SeriesWithComponents> {
    const { componentIds, ...fields } = s;
    return tx.maintenanceSeries.create({
      data: { ...fields, components: { create: componentIds.map((componentId) => ({ componentId })) } },
      include,
    });
  }

  async update(tx: SeriesTx, id: string, changes: SeriesChanges, componentIds?: string[]): Promise<SeriesWithComponents> {
    if (componentIds) {
      await tx.maintenanceSeriesComponent.deleteMany({ where: { seriesId: id } });
      await tx.maintenanceSeriesComponent.createMany({ data: componentIds.map((componentId) => ({ seriesId: id, componentId })) });
    }
    return tx.maintenanceSeries.update({ where: { id }, data: { ...changes, updatedAt: new Date() }, include });
  }

  async setState(tx: SeriesTx, id: string, state: MaterializationState): Promise<void> {
    // Bookkeeping, not a change of the series: updated_at stays.
    await tx.$executeRaw`UPDATE maintenance_series SET materialized_until = ${state.materializedUntil}::timestamptz,
      next_start = ${state.nextStart}::timestamptz WHERE id = ${id}::uuid`;
  }

  async delete(tx: SeriesTx, id: string): Promise<void> {
    await tx.maintenanceSeries.deleteMany({ where: { id } });
  }

  /**
   * Series with occurrences to make (isExtensionDue, in SQL): the next start
   * entered the horizon, or the last one made has started. In id order after `afterId`.
   */
  async dueIds(now: Date, horizon: Date, afterId: string | undefined, take: number): Promise<string[]> {
    const after = afterId ? Prisma.sql`AND id > ${afterId}::uuid` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM maintenance_series
      WHERE (materialized_until IS NULL
        OR (next_start IS NOT NULL AND (next_start < ${horizon}::timestamptz OR materialized_until <= ${now}::timestamptz)))
        ${after}
      ORDER BY id LIMIT ${take}`;
    return rows.map((r) => r.id);
  }
}
