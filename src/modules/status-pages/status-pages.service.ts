import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { DomainEvents, ComponentStatusChangedEvent } from '../../common/domain-events';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { Paginated, PaginationQueryDto, paging } from '../../common/pagination';
import { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../prisma/prisma.service';
import { RedisService } from '../../redis/redis.service';
import { Component, ComponentGroup, Page, Prisma } from '../../generated/prisma/client';
import { ComponentStatus } from '../../generated/prisma/enums';
import { CreateComponentGroupDto, ComponentGroupResponseDto, UpdateComponentGroupDto } from './dto/component-group.dto';
import { ComponentResponseDto, CreateComponentDto, UpdateComponentDto } from './dto/component.dto';
import { CreatePageDto, PageResponseDto, UpdatePageDto } from './dto/page.dto';
import { PublicCacheService } from './public/public-cache.service';
import { StatusComputationService, ComputationResult } from './status-computation.service';
import { PageState, StatusPagesRepository } from './status-pages.repository';
import { STATUS_PAGES_JOB_OPTIONS, STATUS_PAGES_QUEUE, StatusPagesJobs } from './status-pages.queue';

/**
 * Pages, components and groups, and the status of each. Other modules call
 * `pageChanged` after any change that can alter what the public sees: it
 * invalidates the public snapshot in every process before returning, and
 * queues the status-history recording.
 */
@Injectable()
export class StatusPagesService {
  private readonly logger = new Logger(StatusPagesService.name);
  private readonly refreshes = new Map<string, { running?: Promise<void>; queued?: Promise<void> }>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly repo: StatusPagesRepository,
    private readonly computation: StatusComputationService,
    private readonly cache: PublicCacheService,
    private readonly config: AppConfig,
    private readonly events: EventEmitter2,
    @InjectQueue(STATUS_PAGES_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisService,
  ) {}

  // ---- cross-module API -------------------------------------------------

  /**
   * Call after any change to what the public sees on this page; it resolves
   * once a refresh that started after the call has run. Calls made while a
   * refresh of the same page runs share the next one, so a burst of changes
   * (many maintenance windows of one page starting at the same second) costs
   * two refreshes, not one each.
   */
  pageChanged(pageId: string): Promise<void> {
    const state = this.refreshes.get(pageId) ?? {};
    this.refreshes.set(pageId, state);
    if (state.queued) return state.queued;
    const start = (): Promise<void> => {
      state.queued = undefined;
      const run: Promise<void> = this.refresh(pageId).finally(() => {
        if (state.running === run) state.running = undefined;
        if (!state.running && !state.queued) this.refreshes.delete(pageId);
      });
      state.running = run;
      return run;
    };
    if (!state.running) return start();
    state.queued = state.running.then(start, start);
    return state.queued;
  }

  private async refresh(pageId: string): Promise<void> {
    await this.cache.invalidate(pageId);
    const data: StatusPagesJobs['record-status-history'] = { pageId, at: new Date().toISOString() };
    await this.redis.queueCommand(() => this.queue.add('record-status-history', data, STATUS_PAGES_JOB_OPTIONS)).catch((err: Error) => {
      // The periodic reconciliation records it later; the public side is already fresh.
      this.logger.warn(`could not queue status history for page ${pageId}: ${err.message}`);
    });
  }

  async assertPageExists(pageId: string): Promise<Page> {
    const page = await this.prisma.page.findUnique({ where: { id: pageId } });
    if (!page) throw new ResourceNotFoundError('page', pageId);
    return page;
  }

  /** Throws a 400 naming `field` if any id is not a component of the page. */
  async assertComponentsOnPage(pageId: string, ids: readonly string[], field = 'componentIds'): Promise<void> {
    if (ids.length === 0) return;
    const unique = [...new Set(ids)];
    const found = await this.prisma.component.findMany({ where: { pageId, id: { in: unique } }, select: { id: true } });
    const known = new Set(found.map((c) => c.id));
    const missing = unique.filter((id) => !known.has(id));
    if (missing.length) {
      throw new FieldValidationError(missing.map((id) => `${field}: component ${id} does not belong to this page`));
    }
  }

  async loadState(pageId: string): Promise<PageState | null> {
    return this.repo.loadState(pageId);
  }

  computeState(state: PageState): ComputationResult {
    return this.computation.compute({
      components: state.components,
      openIncidents: state.openIncidents,
      activeMaintenances: state.activeMaintenances.map((m) => ({
        componentIds: m.components.map((c) => c.componentId),
      })),
    });
  }

  async effectiveStatuses(pageId: string): Promise<Map<string, ComponentStatus>> {
    const state = await this.repo.loadState(pageId);
    return state ? this.computeState(state).effective : new Map();
  }

  /**
   * Records every change of a component's effective status since the last
   * recording. Idempotent: it compares with the last recorded row, under a
   * per-page advisory lock, so duplicate or concurrent runs record nothing twice.
   */
  async recordStatusHistory(pageId: string, at: Date): Promise<ComponentStatusChangedEvent[]> {
    const changes = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`status-history:${pageId}`}))`;
      const state = await this.repo.loadState(pageId, tx);
      if (!state) return [];
      const { effective } = this.computeState(state);
      const last = await tx.$queryRaw<{ component_id: string; status: ComponentStatus; changed_at: Date }[]>`
        SELECT DISTINCT ON (component_id) component_id, status, changed_at
        FROM component_status_changes WHERE page_id = ${pageId}::uuid
        ORDER BY component_id, changed_at DESC, id DESC`;
      const lastBy = new Map(last.map((r) => [r.component_id, r]));
      const out: ComponentStatusChangedEvent[] = [];
      for (const component of state.components) {
        const status = effective.get(component.id) ?? component.status;
        const prev = lastBy.get(component.id);
        if (prev && prev.status === status) continue;
        const changedAt = prev && prev.changed_at > at ? prev.changed_at : prev ? at : component.createdAt;
        await tx.componentStatusChange.create({
          data: { pageId, componentId: component.id, status, changedAt },
        });
        if (prev) {
          out.push({
            pageId,
            componentId: component.id,
            componentName: component.name,
            oldStatus: prev.status,
            newStatus: status,
            at: changedAt.toISOString(),
          });
        }
      }
      return out;
    });
    for (const change of changes) this.events.emit(DomainEvents.ComponentStatusChanged, change);
    return changes;
  }

  async allPageIds(): Promise<string[]> {
    const rows = await this.prisma.page.findMany({ select: { id: true } });
    return rows.map((r) => r.id);
  }

  // ---- pages ------------------------------------------------------------

  async listPages(principal: Principal, query: PaginationQueryDto): Promise<Paginated<PageResponseDto>> {
    const { skip, take, page, perPage } = paging(query);
    const where: Prisma.PageWhereInput = principal.root ? {} : { id: { in: [...principal.pageIds] } };
    const [rows, total] = await Promise.all([
      this.prisma.page.findMany({ where, skip, take, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.page.count({ where }),
    ]);
    return { data: rows.map((p) => this.toPageDto(p)), meta: { total, page, perPage } };
  }

  async getPage(pageId: string): Promise<PageResponseDto> {
    return this.toPageDto(await this.assertPageExists(pageId));
  }

  async createPage(dto: CreatePageDto): Promise<PageResponseDto> {
    const page = await this.prisma.page.create({
      data: {
        slug: dto.slug,
        name: dto.name,
        description: dto.description ?? null,
        url: dto.url ?? null,
        domain: dto.domain ?? null,
        timeZone: dto.timeZone ?? 'UTC',
        isPublic: dto.isPublic ?? true,
      },
    });
    await this.cache.invalidateDirectory();
    return this.toPageDto(page);
  }

  async updatePage(pageId: string, dto: UpdatePageDto): Promise<PageResponseDto> {
    await this.assertPageExists(pageId);
    const page = await this.prisma.page.update({ where: { id: pageId }, data: { ...dto } });
    await this.cache.invalidateDirectory();
    await this.cache.invalidate(pageId);
    return this.toPageDto(page);
  }

  async deletePage(pageId: string): Promise<void> {
    await this.assertPageExists(pageId);
    await this.prisma.page.delete({ where: { id: pageId } });
    await this.cache.invalidateDirectory();
    await this.cache.invalidate(pageId);
  }

  publicUrl(page: Pick<Page, 'slug' | 'domain'>): string {
    if (page.domain) return `${new URL(this.config.publicBaseUrl).protocol}//${page.domain}`;
    return `${this.config.publicBaseUrl}/status/${page.slug}`;
  }

  toPageDto(p: Page): PageResponseDto {
    return {
      id: p.id,
      slug: p.slug,
      name: p.name,
      description: p.description,
      url: p.url ?? this.publicUrl(p),
      domain: p.domain,
      timeZone: p.timeZone,
      isPublic: p.isPublic,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }

  // ---- components -------------------------------------------------------

  async listComponents(pageId: string, query: PaginationQueryDto): Promise<Paginated<ComponentResponseDto>> {
    const { skip, take, page, perPage } = paging(query);
    await this.assertPageExists(pageId);
    const [rows, total, effective] = await Promise.all([
      this.prisma.component.findMany({
        where: { pageId },
        skip,
        take,
        orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      }),
      this.prisma.component.count({ where: { pageId } }),
      this.effectiveStatuses(pageId),
    ]);
    return { data: rows.map((c) => toComponentDto(c, effective)), meta: { total, page, perPage } };
  }

  async getComponent(pageId: string, componentId: string): Promise<ComponentResponseDto> {
    const component = await this.findComponent(pageId, componentId);
    return toComponentDto(component, await this.effectiveStatuses(pageId));
  }

  async createComponent(pageId: string, dto: CreateComponentDto): Promise<ComponentResponseDto> {
    await this.assertPageExists(pageId);
    if (dto.groupId) await this.assertGroupOnPage(pageId, dto.groupId);
    const position = dto.position ?? (await this.nextPosition(pageId));
    const component = await this.prisma.component.create({
      data: {
        pageId,
        name: dto.name,
        description: dto.description ?? null,
        groupId: dto.groupId ?? null,
        position,
        status: dto.status ?? 'operational',
        onlyShowIfDegraded: dto.onlyShowIfDegraded ?? false,
        showcase: dto.showcase ?? true,
      },
    });
    await this.pageChanged(pageId);
    return toComponentDto(component, await this.effectiveStatuses(pageId));
  }

  async updateComponent(pageId: string, componentId: string, dto: UpdateComponentDto): Promise<ComponentResponseDto> {
    await this.findComponent(pageId, componentId);
    if (dto.groupId) await this.assertGroupOnPage(pageId, dto.groupId);
    const component = await this.prisma.component.update({ where: { id: componentId }, data: { ...dto } });
    await this.pageChanged(pageId);
    return toComponentDto(component, await this.effectiveStatuses(pageId));
  }

  async deleteComponent(pageId: string, componentId: string): Promise<void> {
    await this.findComponent(pageId, componentId);
    await this.prisma.component.delete({ where: { id: componentId } });
    await this.pageChanged(pageId);
  }

  private async findComponent(pageId: string, componentId: string): Promise<Component> {
    await this.assertPageExists(pageId);
    const component = await this.prisma.component.findFirst({ where: { id: componentId, pageId } });
    if (!component) throw new ResourceNotFoundError('component', componentId);
    return component;
  }

  private async nextPosition(pageId: string): Promise<number> {
    const [c, g] = await Promise.all([
      this.prisma.component.aggregate({ where: { pageId }, _max: { position: true } }),
      this.prisma.componentGroup.aggregate({ where: { pageId }, _max: { position: true } }),
    ]);
    return Math.max(c._max.position ?? -1, g._max.position ?? -1) + 1;
  }

  private async assertGroupOnPage(pageId: string, groupId: string): Promise<void> {
    const group = await this.prisma.componentGroup.findFirst({ where: { id: groupId, pageId }, select: { id: true } });
    if (!group) throw new FieldValidationError([`groupId: group ${groupId} does not belong to this page`]);
  }

  // ---- groups -----------------------------------------------------------

  async listGroups(pageId: string, query: PaginationQueryDto): Promise<Paginated<ComponentGroupResponseDto>> {
    const { skip, take, page, perPage } = paging(query);
    await this.assertPageExists(pageId);
    const [rows, total] = await Promise.all([
      this.prisma.componentGroup.findMany({
        where: { pageId },
        skip,
        take,
        orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        include: { components: { select: { id: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] } },
      }),
      this.prisma.componentGroup.count({ where: { pageId } }),
    ]);
    return { data: rows.map(toGroupDto), meta: { total, page, perPage } };
  }

  async getGroup(pageId: string, groupId: string): Promise<ComponentGroupResponseDto> {
    await this.assertPageExists(pageId);
    const group = await this.prisma.componentGroup.findFirst({
      where: { id: groupId, pageId },
      include: { components: { select: { id: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] } },
    });
    if (!group) throw new ResourceNotFoundError('component group', groupId);
    return toGroupDto(group);
  }

  async createGroup(pageId: string, dto: CreateComponentGroupDto): Promise<ComponentGroupResponseDto> {
    await this.assertPageExists(pageId);
    const position = dto.position ?? (await this.nextPosition(pageId));
    const group = await this.prisma.componentGroup.create({ data: { pageId, name: dto.name, position } });
    await this.pageChanged(pageId);
    return toGroupDto({ ...group, components: [] });
  }

  async updateGroup(pageId: string, groupId: string, dto: UpdateComponentGroupDto): Promise<ComponentGroupResponseDto> {
    await this.getGroup(pageId, groupId);
    await this.prisma.componentGroup.update({ where: { id: groupId }, data: { ...dto } });
    await this.pageChanged(pageId);
    return this.getGroup(pageId, groupId);
  }

  async deleteGroup(pageId: string, groupId: string): Promise<void> {
    await this.getGroup(pageId, groupId);
    await this.prisma.componentGroup.delete({ where: { id: groupId } });
    await this.pageChanged(pageId);
  }
}

function toComponentDto(c: Component, effective: Map<string, ComponentStatus>): ComponentResponseDto {
  return {
    id: c.id,
    pageId: c.pageId,
    groupId: c.groupId,
    name: c.name,
    description: c.description,
    position: c.position,
    status: c.status,
    effectiveStatus: effective.get(c.id) ?? c.status,
    onlyShowIfDegraded: c.onlyShowIfDegraded,
    showcase: c.showcase,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function toGroupDto(g: ComponentGroup & { components: { id: string }[] }): ComponentGroupResponseDto {
  return {
    id: g.id,
    pageId: g.pageId,
    name: g.name,
    position: g.position,
    componentIds: g.components.map((c) => c.id),
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  };
}
