import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WEBHOOK_EVENT, WebhookEventPayload, WebhookEventType } from '../../common/domain-events';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { Paginated, paging } from '../../common/pagination';
import { toIso } from '../../common/validators';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../prisma/prisma.service';
import { StatusPagesService } from '../status-pages/status-pages.service';
import {
  CreateIncidentDto,
  CreateIncidentUpdateDto,
  IncidentComponentDto,
  IncidentResponseDto,
  IncidentUpdateComponentDto,
  ListIncidentsQueryDto,
  UpdateIncidentDto,
} from './dto/incident.dto';
import { applyIncidentStatus, initialIncidentState, isResolvedStatus } from './incident-transitions';

const incidentInclude = {
  components: { orderBy: [{ component: { position: 'asc' } }, { componentId: 'asc' }] },
  updates: { orderBy: { seq: 'asc' } },
} satisfies Prisma.IncidentInclude;
type IncidentWithDetails = Prisma.IncidentGetPayload<{ include: typeof incidentInclude }>;

/** Appends wait for the incident's row lock; 50 concurrent ones must not time out. */
const APPEND_TX = { maxWait: 15_000, timeout: 15_000 };
/** Clock skew tolerated on `startedAt`. */
const FUTURE_SKEW_MS = 60_000;

/**
 * Incidents and their append-only timeline. Status rules live in
 * incident-transitions.ts; effective component statuses are computed by the
 * StatusPages module from the incident's components (never written here).
 * Every change calls `pageChanged` before returning and emits a webhook event.
 */
@Injectable()
export class StatusIncidentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pages: StatusPagesService,
    private readonly events: EventEmitter2,
  ) {}

  /** Unresolved first, then the most recently started. */
  async listIncidents(pageId: string, query: ListIncidentsQueryDto): Promise<Paginated<IncidentResponseDto>> {
    await this.pages.assertPageExists(pageId);
    const { skip, take, page, perPage } = paging(query);
    const byStatus = query.status ? Prisma.sql`AND status = ${query.status}::"IncidentStatus"` : Prisma.empty;
    const [ids, total] = await Promise.all([
      this.prisma.$queryRaw<{ id: string }[]>`
        SELECT id FROM incidents WHERE page_id = ${pageId}::uuid ${byStatus}
        ORDER BY status IN ('resolved', 'postmortem'), started_at DESC, created_at DESC, id
        LIMIT ${take} OFFSET ${skip}`,
      this.prisma.incident.count({ where: { pageId, ...(query.status ? { status: query.status } : {}) } }),
    ]);
    const rows = await this.prisma.incident.findMany({
      where: { id: { in: ids.map((r) => r.id) } },
      include: incidentInclude,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const data = ids.flatMap(({ id }) => (byId.has(id) ? [toIncidentDto(byId.get(id)!)] : []));
    return { data, meta: { total, page, perPage } };
  }

  async getIncident(pageId: string, incidentId: string): Promise<IncidentResponseDto> {
    return toIncidentDto(await this.findIncident(pageId, incidentId));
  }

  async createIncident(pageId: string, dto: CreateIncidentDto): Promise<IncidentResponseDto> {
    await this.pages.assertPageExists(pageId);
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
    const state = initialIncidentState(status, firstEntryAt);
    const entryComponents = await this.describeComponents(pageId, components);
    const incident = await this.prisma.incident.create({
      data: {
        pageId,
        name: dto.name,
        impact: dto.impact ?? 'none',
        startedAt,
        ...state,
        components: { create: components.map((c) => ({ componentId: c.componentId, status: c.status })) },
        updates: {
          create: [{ status, message: dto.message, components: jsonOrNull(entryComponents), createdAt: firstEntryAt }],
        },
      },
      include: incidentInclude,
    });
    return this.changed('incident.created', incident);
  }

  /** Only name and impact; an empty body changes nothing. */
  async updateIncident(pageId: string, incidentId: string, dto: UpdateIncidentDto): Promise<IncidentResponseDto> {
    const current = await this.findIncident(pageId, incidentId);
    if (dto.name === undefined && dto.impact === undefined) return toIncidentDto(current);
    const incident = await this.prisma.incident.update({
      where: { id: incidentId },
      data: { name: dto.name, impact: dto.impact },
      include: incidentInclude,
    });
    return this.changed('incident.updated', incident);
  }

  async deleteIncident(pageId: string, incidentId: string): Promise<void> {
    await this.findIncident(pageId, incidentId);
    await this.prisma.incident.delete({ where: { id: incidentId } });
    await this.pages.pageChanged(pageId);
  }

  /**
   * Appends a timeline entry. The incident row is locked for the append, so
   * concurrent appends are serialized: none is lost, `seq` and `createdAt`
   * follow the order in which they were applied, and each sees the status the
   * previous one left.
   */
  async addIncidentUpdate(
    pageId: string,
    incidentId: string,
    dto: CreateIncidentUpdateDto,
  ): Promise<IncidentResponseDto> {
    await this.findIncident(pageId, incidentId);
    const components = dto.components ?? [];
    await this.assertComponents(pageId, components);
    const entryComponents = await this.describeComponents(pageId, components);
    const { incident, wasResolved } = await this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM incidents WHERE id = ${incidentId}::uuid AND page_id = ${pageId}::uuid FOR UPDATE`;
      if (locked.length === 0) throw new ResourceNotFoundError('incident', incidentId);
      const current = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
      const now = new Date();
      const next = applyIncidentStatus(current, dto.status, now);
      await tx.incidentUpdate.create({
        data: {
          incidentId,
          status: dto.status,
          message: dto.message,
          components: jsonOrNull(entryComponents),
          createdAt: now,
        },
      });
      for (const c of components) {
        await tx.incidentComponent.upsert({
          where: { incidentId_componentId: { incidentId, componentId: c.componentId } },
          create: { incidentId, componentId: c.componentId, status: c.status },
          update: { status: c.status },
        });
      }
      const updated = await tx.incident.update({ where: { id: incidentId }, data: next, include: incidentInclude });
      return { incident: updated, wasResolved: isResolvedStatus(current.status) };
    }, APPEND_TX);
    const resolvedNow = incident.status === 'resolved' && !wasResolved;
    return this.changed(resolvedNow ? 'incident.resolved' : 'incident.updated', incident);
  }

  // ---- helpers ----------------------------------------------------------

  private async findIncident(pageId: string, incidentId: string): Promise<IncidentWithDetails> {
    await this.pages.assertPageExists(pageId);
    const incident = await this.prisma.incident.findFirst({
      where: { id: incidentId, pageId },
      include: incidentInclude,
    });
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
    await this.pages.assertComponentsOnPage(pageId, ids, 'components');
  }

  /** The timeline's record of a component change: name, new status and the effective status before it. */
  private async describeComponents(
    pageId: string,
    components: IncidentComponentDto[],
  ): Promise<IncidentUpdateComponentDto[]> {
    if (components.length === 0) return [];
    const state = await this.pages.loadState(pageId);
    if (!state) throw new ResourceNotFoundError('page', pageId);
    const { effective } = this.pages.computeState(state);
    const names = new Map(state.components.map((c) => [c.id, c.name]));
    return components.map((c) => ({
      componentId: c.componentId,
      status: c.status,
      name: names.get(c.componentId) ?? '',
      oldStatus: effective.get(c.componentId) ?? null,
    }));
  }

  /** After a change: refresh the public side (before answering), then notify webhook subscribers. */
  private async changed(type: WebhookEventType, incident: IncidentWithDetails): Promise<IncidentResponseDto> {
    await this.pages.pageChanged(incident.pageId);
    const dto = toIncidentDto(incident);
    const event: WebhookEventPayload = {
      pageId: incident.pageId,
      type,
      data: { ...dto },
      componentIds: dto.components.map((c) => c.componentId),
    };
    this.events.emit(WEBHOOK_EVENT, event);
    return dto;
  }
}

function jsonOrNull(components: IncidentUpdateComponentDto[]): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return components.length ? (components as unknown as Prisma.InputJsonValue) : Prisma.DbNull;
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
      components: Array.isArray(u.components) ? (u.components as unknown as IncidentUpdateComponentDto[]) : [],
    })),
    startedAt: i.startedAt.toISOString(),
    monitoringAt: toIso(i.monitoringAt),
    resolvedAt: toIso(i.resolvedAt),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
