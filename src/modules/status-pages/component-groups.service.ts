import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated, PaginationQueryDto } from '../../common/pagination';
import { ComponentGroup } from '../../generated/prisma/client';
import { ComponentGroupsRepository, GroupWithComponentIds } from './component-groups.repository';
import { ComponentsService } from './components.service';
import { ComponentGroupResponseDto, CreateComponentGroupDto, UpdateComponentGroupDto } from './dto/component-group.dto';
import { PageChangesService } from './page-changes.service';

/** A page's component groups; a component joins one through its own `groupId`. */
@Injectable()
export class ComponentGroupsService {
  constructor(
    private readonly repo: ComponentGroupsRepository,
    private readonly components: ComponentsService,
    private readonly changes: PageChangesService,
  ) {}

  async list(pageId: string, query: PaginationQueryDto): Promise<Paginated<ComponentGroupResponseDto>> {
    return paginate(query, (skip, take) => this.repo.list(pageId, skip, take), toGroupDto);
  }

  async get(pageId: string, groupId: string): Promise<ComponentGroupResponseDto> {
    return toGroupDto(await this.find(pageId, groupId));
  }

  /** Every group of the page, by position. */
  allOfPage(pageId: string): Promise<ComponentGroup[]> {
    return this.repo.allOfPage(pageId);
  }

  async create(pageId: string, dto: CreateComponentGroupDto): Promise<ComponentGroupResponseDto> {
    const position = dto.position ?? (await this.components.nextPosition(pageId));
    const group = await this.repo.create({ pageId, name: dto.name, position });
    await this.changes.pageChanged(pageId);
    return toGroupDto({ ...group, components: [] });
  }

  async update(pageId: string, groupId: string, dto: UpdateComponentGroupDto): Promise<ComponentGroupResponseDto> {
    await this.find(pageId, groupId);
    await this.repo.update(groupId, { ...dto });
    await this.changes.pageChanged(pageId);
    return this.get(pageId, groupId);
  }

  async delete(pageId: string, groupId: string): Promise<void> {
    await this.find(pageId, groupId);
    await this.repo.delete(groupId);
    await this.changes.pageChanged(pageId);
  }

  private async find(pageId: string, groupId: string): Promise<GroupWithComponentIds> {
    const group = await this.repo.find(pageId, groupId);
    if (!group) throw new ResourceNotFoundError('component group', groupId);
    return group;
  }
}

function toGroupDto(g: GroupWithComponentIds): ComponentGroupResponseDto {
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
