import { Injectable, OnModuleInit } from '@nestjs/common';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated } from '../../common/pagination';
import { toIso } from '../../common/validators';
import { IncidentEventName } from '../../events/app-events';
import { EventBus } from '../../events/event-bus';
import { ComponentsService } from '../status-pages/components.service';
import { PageChangesService } from '../status-pages/page-changes.service';
import { PageStatusService } from '../status-pages/page-status.service';
import {
  CreateIncidentDto,
  CreateIncidentUpdateDto,
  IncidentComponentDto,
  IncidentResponseDto,
  ListIncidentsQueryDto,
  UpdateIncidentDto,
} from './dto/incident.dto';
import { applyIncidentStatus, initialIncidentState, isResolvedStatus } from './incident-transitions';
import { IncidentsRepository } from './incidents.repository';
import { IncidentWithDetails, PublicIncident, TimelineComponentEntry, timelineComponents } from './incidents.types';

/** Clock skew tolerated on `startedAt`. */
const FUTURE_SKEW_MS = 60_000;

/**
 * Incidents and their append-only timeline. Status rules live in
 * incident-transitions.ts; the statuses an unresolved incident sets for its
 * components feed the page's status (PageStatusService). Every change tells
 * PageChangesService before returning and emits an incident event.
 */
@Injectable()
export class IncidentsService implements OnModuleInit {
  constructor(
    private readonly repo: IncidentsRepository,
    private readonly components: ComponentsService,
    private readonly status: PageStatusService,
    private readonly changes: PageChangesService,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.status.provide('openIncidents', (pageId) => this.repo.openImpacts(pageId));
  }

  async list(pageId: string, query: ListIncidentsQueryDto): Promise<Paginated<IncidentResponseDto>> {
    return paginate(query, (skip, take) => this.repo.list(pageId, query.status, skip, take), toIncidentDto);
  }

  async get(pageId: string, incidentId: string): Promise<IncidentResponseDto> {
    return toIncidentDto(await this.find(pageId, incidentId));
  }

  /** What the public side shows: the unresolved incidents and the most recent ones. */
  async forPublicPage(pageId: string): Promise<{ open: PublicIncident[]; recent: PublicIncident[] }> {
    const [open, recent] = await Promise.all([this.repo.open(pageId), this.repo.recent(pageId)]);
    return { open, recent };
  }

  async create(pageId: string, dto: CreateIncidentDto): Promise<IncidentResponseDto> {
    const components = dto.components ?? [];
    await this.assertComponents(pageId, components);
    const now = new Date();
    const startedAt = dto.startedAt ? new Date(dto.startedAt) : now;
    if (startedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      throw new FieldValidationError(['startedAt must not be in the future']);
    }
    const status = dto.status ?? 'investigating';
    // A backfilled incident (created resolved, with its start given) happened then, not now.
    const firstEntryAt = status === 'resolved' && dto.startedAt ? startedAt : now;
    const incident = await this.repo.create({
      pageId,
      name: dto.name,
      impact: dto.impact ?? 'none',
      startedAt,
      state: initialIncidentState(status, firstEntryAt),
      components: components.map((c) => ({ componentId: c.componentId, status: c.status })),
      firstEntry: {
        status,
        message: dto.message,
        components: await this.describeComponents(pageId, components),
        createdAt: firstEntryAt,
      },
    });
    return this.changed('incident.created', incident, incident.updates[0]?.id ?? null, dto.deliverNotifications ?? true);
  }

  /** Only name and impact; an empty body changes nothing. */
  async update(pageId: string, incidentId: string, dto: UpdateIncidentDto): Promise<IncidentResponseDto> {
    const current = await this.find(pageId, incidentId);
    if (dto.name === undefined && dto.impact === undefined) return toIncidentDto(current);
    const incident = await this.repo.update(incidentId, { name: dto.name, impact: dto.impact });
    return this.changed('incident.updated', incident, null, false);
  }

  async delete(pageId: string, incidentId: string): Promise<void> {
    await this.find(pageId, incidentId);
    await this.repo.delete(incidentId);
    await this.changes.pageChanged(pageId);
  }

  /** Appends a timeline entry (concurrent appends are serialized by the repository). */
  async addUpdate(pageId: string, incidentId: string, dto: CreateIncidentUpdateDto): Promise<IncidentResponseDto> {
    await this.find(pageId, incidentId);
    const components = dto.components ?? [];
    await this.assertComponents(pageId, components);
    const entry = { status: dto.status, message: dto.message, components: await this.describeComponents(pageId, components) };
    const appended = await this.repo.append(pageId, incidentId, entry, components, (current, now) =>
      applyIncidentStatus(current, dto.status, now),
    );
    if (!appended) throw new ResourceNotFoundError('incident', incidentId);
    const { incident, before } = appended;
    const resolvedNow = incident.status === 'resolved' && !isResolvedStatus(before);
    // The entry just appended is the last one (appends are serialized under the incident's lock).
    const entryId = incident.updates[incident.updates.length - 1]?.id ?? null;
    return this.changed(resolvedNow ? 'incident.resolved' : 'incident.updated', incident, entryId, dto.deliverNotifications ?? true);
  }

  private async find(pageId: string, incidentId: string): Promise<IncidentWithDetails> {
    const incident = await this.repo.find(pageId, incidentId);
    if (!incident) throw new ResourceNotFoundError('incident', incidentId);
    return incident;
  }

  /** Every component must be on the page, and listed once. */
  private async assertComponents(pageId: string, components: IncidentComponentDto[]): Promise<void> {
    const ids = components.map((c) => c.componentId);
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (twice.length) {
      throw new FieldValidationError(twice.map((id) => `components: component ${id} is listed more than once`));
    }
    await this.components.assertOnPage(pageId, ids, 'components');
  }

  /** The timeline's record of a component change: name, new status and the effective status before it. */
  private async describeComponents(pageId: string, components: IncidentComponentDto[]): Promise<TimelineComponentEntry[]> {
    if (components.length === 0) return [];
    const { components: all, effective } = await this.status.current(pageId);
    const names = new Map(all.map((c) => [c.id, c.name]));
    return components.map((c) => ({
      componentId: c.componentId,
      status: c.status,
      name: names.get(c.componentId) ?? '',
      oldStatus: effective.get(c.componentId) ?? null,
    }));
  }

  /** After a change: refresh the public side (before answering), then tell the listeners. */
  private async changed(
    type: IncidentEventName,
    incident: IncidentWithDetails,
    entryId: string | null,
    deliverNotifications: boolean,
  ): Promise<IncidentResponseDto> {
    await this.changes.pageChanged(incident.pageId);
    const dto = toIncidentDto(incident);
    this.events.emit(type, { incident: dto, entryId, deliverNotifications });
    return dto;
  }
}

function toIncidentDto(i: IncidentWithDetails): IncidentResponseDto {
  return {
    id: i.id,
    pageId: i.pageId,
    name: i.name,
    status: i.status,
    impact: i.impact,
    components: i.components.map((c) => ({ componentId: c.componentId, status: c.status })),
    updates: i.updates.map((u) => ({
      id: u.id,
      createdAt: u.createdAt.toISOString(),
      status: u.status,
      message: u.message,
      components: timelineComponents(u.components).map((c) => ({
        componentId: c.componentId,
        status: c.status,
        name: c.name,
        oldStatus: c.oldStatus,
      })),
    })),
    startedAt: i.startedAt.toISOString(),
    monitoringAt: toIso(i.monitoringAt),
    resolvedAt: toIso(i.resolvedAt),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
