import { Injectable, Logger } from '@nestjs/common';
import { FieldValidationError, ResourceNotFoundError } from '../../../common/errors';
import { paginate, Paginated } from '../../../common/pagination';
import { ComponentsService } from '../../status-pages/components.service';
import type { SchedulableWindow } from '../maintenance.queue';
import { MaintenanceService } from '../maintenance.service';
import {
  CreateMaintenanceSeriesDto,
  ListMaintenanceSeriesQueryDto,
  MaintenanceSeriesResponseDto,
  PREVIEW_LIMITS,
  SeriesOccurrencesQueryDto,
  SeriesOccurrencesResponseDto,
  UpdateMaintenanceSeriesDto,
} from './dto/maintenance-series.dto';
import { MaintenanceSeriesRepository, SeriesChanges, SeriesTx, SeriesWithComponents } from './maintenance-series.repository';
import { occurrencesBetween, SeriesDefinition, validateSeries } from './recurrence';
import { isExtensionDue, MATERIALIZE_DAYS, planExtension, planRegeneration, type OccurrenceTemplate } from './series-materialization';
import { SeriesOccurrencesRepository } from './series-occurrences.repository';

const DAY_MS = 86_400_000;
const EXTEND_BATCH = 100;
const EXTEND_LANES = 4;
const REGENERATED_MESSAGE = 'The maintenance series changed: this occurrence is no longer part of it.';
const DELETED_MESSAGE = 'The maintenance series was deleted: this occurrence is cancelled.';

/** What a change of the series' occurrences did, for MaintenanceService.windowsChanged after the commit. */
interface OccurrenceChange {
  created: string[];
  before: SchedulableWindow[];
  cancelled: string[];
  /** Set when the series was deleted (its occurrences' rows no longer name it). */
  deletedSeriesId?: string;
}

/**
 * Recurring maintenance: a rule in local time whose occurrences become
 * ordinary maintenances (`seriesId` set) for the next MATERIALIZE_DAYS days
 * and at least the next one. Each write to a series and its occurrences runs
 * in one transaction holding the series' lock; jobs, events and the public
 * side follow through MaintenanceService, as for a single window. The
 * extension (`extend-series` job, and every reconciler run) only adds what
 * entered the horizon; the unique (series, computed start) key keeps each
 * occurrence to one row however many workers run it.
 */
@Injectable()
export class MaintenanceSeriesService {
  private readonly logger = new Logger(MaintenanceSeriesService.name);

  constructor(
    private readonly repo: MaintenanceSeriesRepository,
    private readonly occurrences: SeriesOccurrencesRepository,
    private readonly maintenance: MaintenanceService,
    private readonly components: ComponentsService,
  ) {}

  async list(pageId: string, query: ListMaintenanceSeriesQueryDto): Promise<Paginated<MaintenanceSeriesResponseDto>> {
    return paginate(query, (skip, take) => this.repo.list(pageId, skip, take), toSeriesDto);
  }

  async get(pageId: string, id: string): Promise<MaintenanceSeriesResponseDto> {
    return toSeriesDto(await this.find(pageId, id));
  }

  /** Creates the series and, in the same transaction, its occurrences for the next 90 days (at least the next one). */
  async create(pageId: string, dto: CreateMaintenanceSeriesDto): Promise<MaintenanceSeriesResponseDto> {
    const definition = checkDefinition(dto);
    const componentIds = [...new Set(dto.componentIds ?? [])];
    await this.components.assertOnPage(pageId, componentIds, 'componentIds');
    const now = new Date();
    const { series, change } = await this.repo.transaction(async (tx) => {
      const created = await this.repo.create(tx, {
        pageId,
        title: dto.title,
        description: dto.description ?? null,
        componentIds,
        ...definition,
        autoStart: dto.autoStart ?? true,
        autoComplete: dto.autoComplete ?? true,
        remindBeforeMinutes: dto.remindBeforeMinutes === undefined ? 60 : dto.remindBeforeMinutes,
      });
      return { series: created, change: await this.extendLocked(tx, created, definition, now) };
    });
    await this.maintenance.windowsChanged(pageId, change);
    return toSeriesDto(series);
  }

  /**
   * Changes the series and regenerates its future scheduled occurrences that
   * were not edited one by one: those still produced keep their row (and
   * calendar UID), moved ones are rewritten in place, the rest are cancelled
   * or created. In-progress and past occurrences stay as they are.
   */
  async update(pageId: string, id: string, dto: UpdateMaintenanceSeriesDto): Promise<MaintenanceSeriesResponseDto> {
    const current = await this.find(pageId, id);
    const definition = checkDefinition({
      firstStart: dto.firstStart ?? current.firstStart,
      timeZone: dto.timeZone ?? current.timeZone,
      rrule: dto.rrule ?? current.rrule,
      durationMinutes: dto.durationMinutes ?? current.durationMinutes,
    });
    const componentIds = dto.componentIds ? [...new Set(dto.componentIds)] : undefined;
    if (componentIds) await this.components.assertOnPage(pageId, componentIds, 'componentIds');
    const changes: SeriesChanges = {
      ...definition,
      title: dto.title,
      description: dto.description,
      autoStart: dto.autoStart,
      autoComplete: dto.autoComplete,
      remindBeforeMinutes: dto.remindBeforeMinutes,
    };
    const now = new Date();
    const { series, change } = await this.repo.transaction(async (tx) => {
      if (!(await this.repo.lock(tx, id))) throw new ResourceNotFoundError('maintenance series', id);
      const updated = await this.repo.update(tx, id, changes, componentIds);
      return { series: updated, change: await this.regenerateLocked(tx, updated, definition, now) };
    });
    await this.maintenance.windowsChanged(pageId, change);
    return toSeriesDto(series);
  }

  /**
   * Cancels the occurrences that have not started (edited ones too), keeps the
   * others, and deletes the series (they keep no seriesId). The cancellations
   * are still those of occurrences: emailed only for the ones already
   * announced by their reminder (emailsMaintenanceEvent).
   */
  async remove(pageId: string, id: string): Promise<void> {
    await this.find(pageId, id);
    const now = new Date();
    const change = await this.repo.transaction(async (tx) => {
      if (!(await this.repo.lock(tx, id))) throw new ResourceNotFoundError('maintenance series', id);
      const before = await this.occurrences.futureScheduled(tx, id, now);
      const cancelled = await this.occurrences.cancel(tx, before.map((w) => w.id), DELETED_MESSAGE);
      await this.repo.delete(tx, id);
      return { created: [], before, cancelled, deletedSeriesId: id };
    });
    await this.maintenance.windowsChanged(pageId, change);
  }

  /** The computed occurrences in [from, to), at most `limit`: a preview, nothing is stored. */
  async preview(pageId: string, id: string, query: SeriesOccurrencesQueryDto): Promise<SeriesOccurrencesResponseDto> {
    const series = await this.find(pageId, id);
    const from = query.from ? new Date(query.from) : new Date();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + PREVIEW_LIMITS.defaultDays * DAY_MS);
    if (to.getTime() <= from.getTime()) throw new FieldValidationError(['to must be after from']);
    if (to.getTime() - from.getTime() > PREVIEW_LIMITS.maxDays * DAY_MS) {
      throw new FieldValidationError([`to must be at most ${PREVIEW_LIMITS.maxDays} days after from`]);
    }
    const limit = query.limit ?? PREVIEW_LIMITS.defaultLimit;
    const found = occurrencesBetween(definitionOf(series), from, to, limit);
    return {
      data: found.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString(), localStart: o.localStart })),
      meta: { from: from.toISOString(), to: to.toISOString(), limit, timeZone: series.timeZone },
    };
  }

  /**
   * Makes the occurrences that entered the horizon of every series that has
   * some (and the next one of a series whose last one has started). A series
   * another worker is extending right now is skipped (it is being done).
   * Returns how many maintenances were made.
   */
  async extendDue(now = new Date()): Promise<number> {
    let made = 0;
    let afterId: string | undefined;
    const horizon = new Date(now.getTime() + MATERIALIZE_DAYS * DAY_MS);
    for (;;) {
      const ids = await this.repo.dueIds(now, horizon, afterId, EXTEND_BATCH);
      if (ids.length === 0) return made;
      afterId = ids[ids.length - 1];
      // A few series at a time: each is a short transaction and a few round trips (jobs, public refresh).
      let next = 0;
      const lane = async () => {
        while (next < ids.length) made += await this.extendOne(ids[next++], now);
      };
      await Promise.all(Array.from({ length: EXTEND_LANES }, lane));
    }
  }

  private async extendOne(id: string, now: Date): Promise<number> {
    try {
      const result = await this.repo.transaction(async (tx) => {
        const series = await this.repo.lock(tx, id, { skipLocked: true });
        if (!series || !isExtensionDue(series, now)) return null;
        return { pageId: series.pageId, change: await this.extendLocked(tx, series, definitionOf(series), now) };
      });
      if (!result) return 0;
      await this.maintenance.windowsChanged(result.pageId, result.change);
      return result.change.created.length;
    } catch (err) {
      // One broken series (a zone the platform no longer knows) must not stop the others.
      this.logger.warn(`could not extend maintenance series ${id}: ${(err as Error).message}`);
      return 0;
    }
  }

  private async extendLocked(tx: SeriesTx, series: SeriesWithComponents, definition: SeriesDefinition, now: Date): Promise<OccurrenceChange> {
    const plan = planExtension(definition, series.materializedUntil, now);
    const created = await this.occurrences.insert(tx, { ...templateOf(series), id: series.id, pageId: series.pageId }, plan.occurrences);
    await this.repo.setState(tx, series.id, plan);
    return { created, before: [], cancelled: [] };
  }

  private async regenerateLocked(tx: SeriesTx, series: SeriesWithComponents, definition: SeriesDefinition, now: Date): Promise<OccurrenceChange> {
    const template = templateOf(series);
    const wanted = planExtension(definition, null, now);
    const existing = await this.occurrences.regenerable(tx, series.id, now);
    const occupied = await this.occurrences.occupiedStarts(tx, series.id, now);
    const plan = planRegeneration(existing, wanted.occurrences, occupied, template);
    const byId = new Map(existing.map((row) => [row.id, row]));
    await this.occurrences.rewrite(tx, template, plan.update);
    const cancelled = await this.occurrences.cancel(tx, plan.cancel, REGENERATED_MESSAGE);
    const created = await this.occurrences.insert(tx, { ...template, id: series.id, pageId: series.pageId }, plan.create);
    await this.repo.setState(tx, series.id, wanted);
    const before = [...plan.update.map((u) => u.id), ...plan.cancel].map((rowId) => byId.get(rowId)!);
    return { created, before, cancelled };
  }

  private async find(pageId: string, id: string): Promise<SeriesWithComponents> {
    const series = await this.repo.find(pageId, id);
    if (!series) throw new ResourceNotFoundError('maintenance series', id);
    return series;
  }
}

/** The rule, zone, local start and duration together: a 400 naming the field when they do not make a series. */
function checkDefinition(input: { [K in keyof SeriesDefinition]: unknown }): SeriesDefinition {
  const result = validateSeries(input);
  if (!result.ok) throw new FieldValidationError(result.errors);
  return result.series;
}

/**
 * A stored series' definition: validated when it was written, so not checked
 * for overlaps again (occurrencesBetween throws SeriesValidationError if a
 * field became invalid, e.g. a zone the platform no longer knows).
 */
function definitionOf(s: SeriesWithComponents): SeriesDefinition {
  return { firstStart: s.firstStart, timeZone: s.timeZone, rrule: s.rrule, durationMinutes: s.durationMinutes };
}

function templateOf(s: SeriesWithComponents): OccurrenceTemplate {
  return {
    title: s.title,
    description: s.description,
    autoStart: s.autoStart,
    autoComplete: s.autoComplete,
    remindBeforeMinutes: s.remindBeforeMinutes,
    componentIds: s.components.map((c) => c.componentId),
  };
}

export function toSeriesDto(s: SeriesWithComponents): MaintenanceSeriesResponseDto {
  return {
    id: s.id,
    pageId: s.pageId,
    title: s.title,
    description: s.description,
    componentIds: s.components.map((c) => c.componentId),
    timeZone: s.timeZone,
    firstStart: s.firstStart,
    rrule: s.rrule,
    durationMinutes: s.durationMinutes,
    autoStart: s.autoStart,
    autoComplete: s.autoComplete,
    remindBeforeMinutes: s.remindBeforeMinutes,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
