import { Injectable } from '@nestjs/common';
import type { SchedulableWindow } from '../maintenance.queue';
import { DEFAULT_HTML, schedulableFields } from '../maintenance.repository';
import { renderForStorage } from '../../status-pages/public/html/stored-markdown';
import { DEFAULT_MESSAGES } from '../maintenance.transitions';
import type { SeriesTx } from './maintenance-series.repository';
import type { Occurrence } from './recurrence';
import type { OccurrenceTemplate, OccurrenceUpdate, RegenerableOccurrence } from './series-materialization';

export interface SeriesOfOccurrences extends OccurrenceTemplate {
  id: string;
  pageId: string;
}

export type RegenerableRow = RegenerableOccurrence & SchedulableWindow;

const isoList = (dates: readonly Date[]) => dates.map((d) => d.toISOString());

/**
 * The maintenance rows a series makes, rewrites and cancels: statements of
 * the maintenance module on its own table, always inside the transaction
 * that holds the series' lock (MaintenanceSeriesRepository.lock). Jobs,
 * events and the public side follow after the commit
 * (MaintenanceService.windowsChanged).
 */
@Injectable()
export class SeriesOccurrencesRepository {
  /**
   * One maintenance per occurrence, with its components and first timeline
   * entry, in one statement. An occurrence that already has its row (same
   * series and computed start) is skipped: two workers never make one twice.
   * Returns the ids of the rows made. The series' remindBeforeMinutes is
   * copied like autoStart (each occurrence has its own reminder job).
   */
  async insert(tx: SeriesTx, series: SeriesOfOccurrences, occurrences: readonly Occurrence[]): Promise<string[]> {
    if (occurrences.length === 0) return [];
    const now = new Date();
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH input AS (
        SELECT s::timestamptz AS start_at, e::timestamptz AS end_at
        FROM unnest(${isoList(occurrences.map((o) => o.start))}::text[], ${isoList(occurrences.map((o) => o.end))}::text[]) AS t(s, e)
      ), made AS (
        INSERT INTO maintenances (id, page_id, title, description, description_html, status, scheduled_start, scheduled_end,
          auto_start, auto_complete, remind_before_minutes, series_id, occurrence_start, created_at, updated_at)
        SELECT gen_random_uuid(), ${series.pageId}::uuid, ${series.title}::text, ${series.description}::text,
          ${renderForStorage(series.description)}::text, 'scheduled',
          start_at, end_at, ${series.autoStart}::boolean, ${series.autoComplete}::boolean,
          ${series.remindBeforeMinutes}::int, ${series.id}::uuid, start_at,
          ${now}::timestamptz, ${now}::timestamptz
        FROM input
        ON CONFLICT (series_id, occurrence_start) DO NOTHING
        RETURNING id
      ), components AS (
        INSERT INTO maintenance_components (maintenance_id, component_id)
        SELECT made.id, c FROM made CROSS JOIN unnest(${[...series.componentIds]}::uuid[]) AS c
      ), entries AS (
        INSERT INTO maintenance_updates (id, maintenance_id, status, message, message_html, created_at)
        SELECT gen_random_uuid(), id, 'scheduled', ${DEFAULT_MESSAGES.scheduled}, ${DEFAULT_HTML.scheduled},
          ${now}::timestamptz FROM made
      )
      SELECT id FROM made`;
    return rows.map((r) => r.id);
  }

  /** The occurrences a change of the series may regenerate (scheduled, from `now` on, not detached), locked. */
  async regenerable(tx: SeriesTx, seriesId: string, now: Date): Promise<RegenerableRow[]> {
    await tx.$queryRaw`SELECT id FROM maintenances WHERE series_id = ${seriesId}::uuid AND status = 'scheduled'
      AND NOT detached AND occurrence_start >= ${now}::timestamptz FOR UPDATE`;
    const rows = await tx.maintenance.findMany({
      where: { seriesId, status: 'scheduled', detached: false, occurrenceStart: { gte: now } },
      select: { ...schedulableFields, title: true, description: true, occurrenceStart: true, components: { select: { componentId: true } } },
    });
    return rows.map(({ components, occurrenceStart, ...row }) => ({
      ...row,
      occurrenceStart: occurrenceStart as Date,
      componentIds: components.map((c) => c.componentId),
    }));
  }

  /** Computed starts from `now` on that belong to rows a regeneration leaves alone (edited one by one, cancelled, running). */
  async occupiedStarts(tx: SeriesTx, seriesId: string, now: Date): Promise<Set<number>> {
    const rows = await tx.maintenance.findMany({
      where: { seriesId, occurrenceStart: { gte: now }, OR: [{ detached: true }, { status: { not: 'scheduled' } }] },
      select: { occurrenceStart: true },
    });
    return new Set(rows.map((r) => (r.occurrenceStart as Date).getTime()));
  }

  /** Rewrites occurrences in place: new times (their new key) and the series' content; each counts as a change (SEQUENCE). */
  async rewrite(tx: SeriesTx, template: OccurrenceTemplate, updates: readonly OccurrenceUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const ids = updates.map((u) => u.id);
    const now = new Date();
    // Keys move in two steps: a row may take the start another one is leaving.
    await tx.$executeRaw`UPDATE maintenances SET occurrence_start = NULL WHERE id = ANY(${ids}::uuid[])`;
    await tx.$executeRaw`
      UPDATE maintenances m SET title = ${template.title}::text, description = ${template.description}::text,
        description_html = ${renderForStorage(template.description)}::text,
        auto_start = ${template.autoStart}::boolean, auto_complete = ${template.autoComplete}::boolean,
        remind_before_minutes = ${template.remindBeforeMinutes}::int,
        scheduled_start = u.s::timestamptz, scheduled_end = u.e::timestamptz, occurrence_start = u.s::timestamptz,
        sequence = m.sequence + 1, updated_at = ${now}::timestamptz
      FROM unnest(${ids}::uuid[], ${isoList(updates.map((u) => u.start))}::text[], ${isoList(updates.map((u) => u.end))}::text[]) AS u(id, s, e)
      WHERE m.id = u.id`;
    await tx.maintenanceComponent.deleteMany({ where: { maintenanceId: { in: ids } } });
    await tx.maintenanceComponent.createMany({
      data: ids.flatMap((maintenanceId) => template.componentIds.map((componentId) => ({ maintenanceId, componentId }))),
    });
  }

  /**
   * Cancels scheduled occurrences with their timeline entry. They leave the
   * series' keys (occurrence_start null) and are detached, so the series may
   * make the same start again later. Returns the ids cancelled.
   */
  async cancel(tx: SeriesTx, ids: readonly string[], message: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const now = new Date();
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH moved AS (
        UPDATE maintenances SET status = 'cancelled', cancelled_at = ${now}::timestamptz, updated_at = ${now}::timestamptz,
          sequence = sequence + 1, detached = true, occurrence_start = NULL
        WHERE id = ANY(${[...ids]}::uuid[]) AND status = 'scheduled'
        RETURNING id
      ), entries AS (
        INSERT INTO maintenance_updates (id, maintenance_id, status, message, message_html, created_at)
        SELECT gen_random_uuid(), id, 'cancelled', ${message}, ${renderForStorage(message)}, ${now}::timestamptz FROM moved
      )
      SELECT id FROM moved`;
    return rows.map((r) => r.id);
  }

  /** Every scheduled occurrence of the series that has not started yet (edited ones too), locked. */
  async futureScheduled(tx: SeriesTx, seriesId: string, now: Date): Promise<SchedulableWindow[]> {
    await tx.$queryRaw`SELECT id FROM maintenances WHERE series_id = ${seriesId}::uuid AND status = 'scheduled'
      AND scheduled_start > ${now}::timestamptz FOR UPDATE`;
    return tx.maintenance.findMany({
      where: { seriesId, status: 'scheduled', scheduledStart: { gt: now } },
      select: schedulableFields,
    });
  }
}
