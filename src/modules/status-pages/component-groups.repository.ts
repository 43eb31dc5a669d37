import { Injectable } from '@nestjs/common';
import { ComponentGroup, Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../prisma/prisma.service';

const ORDER = [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ComponentGroupOrderByWithRelationInput[];
const withComponentIds = {
  components: { select: { id: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] },
} satisfies Prisma.ComponentGroupInclude;

export type GroupWithComponentIds = Prisma.ComponentGroupGetPayload<{ include: typeof withComponentIds }>;

/** Queries of the `component_groups` table. */
@Injectable()
export class ComponentGroupsRepository {
  constructor(private readonly prisma: PrismaService) {}

  allOfPage(pageId: string): Promise<ComponentGroup[]> {
    return this.prisma.componentGroup.findMany({ where: { pageId }, orderBy: ORDER });
  }

  async list(pageId: string, skip: number, take: number): Promise<{ rows: GroupWithComponentIds[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.componentGroup.findMany({ where: { pageId }, skip, take, orderBy: ORDER, include: withComponentIds }),
      this.prisma.componentGroup.count({ where: { pageId } }),
    ]);
    return { rows, total };
  }

  find(pageId: string, id: string): Promise<GroupWithComponentIds | null> {
    return this.prisma.componentGroup.findFirst({ where: { id, pageId }, include: withComponentIds });
  }

  async exists(pageId: string, id: string): Promise<boolean> {
    return (await this.prisma.componentGroup.count({ where: { id, pageId } })) > 0;
  }

  async maxPosition(pageId: string): Promise<number | null> {
    const { _max } = await this.prisma.componentGroup.aggregate({ where: { pageId }, _max: { position: true } });
    return _max.position;
  }

  create(data: Prisma.ComponentGroupUncheckedCreateInput): Promise<ComponentGroup> {
    return this.prisma.componentGroup.create({ data });
  }

  async update(id: string, data: Prisma.ComponentGroupUncheckedUpdateInput): Promise<void> {
    await this.prisma.componentGroup.update({ where: { id }, data });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.componentGroup.delete({ where: { id } });
  }
}
