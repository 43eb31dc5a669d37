import { Injectable } from '@nestjs/common';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated, PaginationQueryDto } from '../../common/pagination';
import { Component } from '../../generated/prisma/client';
import { ComponentGroupsRepository } from './component-groups.repository';
import { ComponentsRepository } from './components.repository';
import { ComponentResponseDto, CreateComponentDto, UpdateComponentDto } from './dto/component.dto';
import { PageChangesService } from './page-changes.service';
import { PageStatus, PageStatusService } from './page-status.service';

/** A page's components, each with its manual and effective status. */
@Injectable()
export class ComponentsService {
  constructor(
    private readonly repo: ComponentsRepository,
    private readonly groups: ComponentGroupsRepository,
    private readonly status: PageStatusService,
    private readonly changes: PageChangesService,
  ) {}

  async list(pageId: string, query: PaginationQueryDto): Promise<Paginated<ComponentResponseDto>> {
    return paginate(query, async (skip, take) => {
      const [{ rows, total }, status] = await Promise.all([this.repo.list(pageId, skip, take), this.status.current(pageId)]);
      return { rows: rows.map((c) => toComponentDto(c, status)), total };
    });
  }

  async get(pageId: string, componentId: string): Promise<ComponentResponseDto> {
    const component = await this.find(pageId, componentId);
    return toComponentDto(component, await this.status.current(pageId));
  }

  /** Every component of the page, by position. */
  allOfPage(pageId: string): Promise<Component[]> {
    return this.repo.allOfPage(pageId);
  }

  async create(pageId: string, dto: CreateComponentDto): Promise<ComponentResponseDto> {
    if (dto.groupId) await this.assertGroupOnPage(pageId, dto.groupId);
    const component = await this.repo.create({
      pageId,
      name: dto.name,
      description: dto.description ?? null,
      groupId: dto.groupId ?? null,
      position: dto.position ?? (await this.nextPosition(pageId)),
      status: dto.status ?? 'operational',
      onlyShowIfDegraded: dto.onlyShowIfDegraded ?? false,
      showcase: dto.showcase ?? true,
    });
    await this.changes.pageChanged(pageId);
    return toComponentDto(component, await this.status.current(pageId));
  }

  async update(pageId: string, componentId: string, dto: UpdateComponentDto): Promise<ComponentResponseDto> {
    await this.find(pageId, componentId);
    if (dto.groupId) await this.assertGroupOnPage(pageId, dto.groupId);
    const component = await this.repo.update(componentId, { ...dto });
    await this.changes.pageChanged(pageId);
    return toComponentDto(component, await this.status.current(pageId));
  }

  async delete(pageId: string, componentId: string): Promise<void> {
    await this.find(pageId, componentId);
    await this.repo.delete(componentId);
    await this.changes.pageChanged(pageId);
  }

  /** Throws a 400 naming `field` if any id is not a component of the page. */
  async assertOnPage(pageId: string, ids: readonly string[], field = 'componentIds'): Promise<void> {
    if (ids.length === 0) return;
    const unique = [...new Set(ids)];
    const known = await this.repo.existing(pageId, unique);
    const missing = unique.filter((id) => !known.has(id));
    if (missing.length) {
      throw new FieldValidationError(missing.map((id) => `${field}: component ${id} does not belong to this page`));
    }
  }

  /** The next free position among the page's top-level items (components and groups share one order). */
  async nextPosition(pageId: string): Promise<number> {
    const [c, g] = await Promise.all([this.repo.maxPosition(pageId), this.groups.maxPosition(pageId)]);
    return Math.max(c ?? -1, g ?? -1) + 1;
  }

  private async find(pageId: string, componentId: string): Promise<Component> {
    const component = await this.repo.find(pageId, componentId);
    if (!component) throw new ResourceNotFoundError('component', componentId);
    return component;
  }

  private async assertGroupOnPage(pageId: string, groupId: string): Promise<void> {
    if (!(await this.groups.exists(pageId, groupId))) {
      throw new FieldValidationError([`groupId: group ${groupId} does not belong to this page`]);
    }
  }
}

function toComponentDto(c: Component, { effective, automated }: Pick<PageStatus, 'effective' | 'automated'>): ComponentResponseDto {
  return {
    id: c.id,
    pageId: c.pageId,
    groupId: c.groupId,
    name: c.name,
    description: c.description,
    position: c.position,
    status: c.status,
    automatedStatus: automated.get(c.id) ?? null,
    effectiveStatus: effective.get(c.id) ?? c.status,
    onlyShowIfDegraded: c.onlyShowIfDegraded,
    showcase: c.showcase,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
