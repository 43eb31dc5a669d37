import { Injectable } from '@nestjs/common';
import { Component, Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../prisma/prisma.service';

const ORDER = [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ComponentOrderByWithRelationInput[];

/** Queries of the `components` table. */
@Injectable()
export class ComponentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every component of a page, by position. */
  allOfPage(pageId: string): Promise<Component[]> {
    return this.prisma.component.findMany({ where: { pageId }, orderBy: ORDER });
  }

  async list(pageId: string, skip: number, take: number): Promise<{ rows: Component[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.component.findMany({ where: { pageId }, skip, take, orderBy: ORDER }),
      this.prisma.component.count({ where: { pageId } }),
    ]);
    return { rows, total };
  }

  find(pageId: string, id: string): Promise<Component | null> {
    return this.prisma.component.findFirst({ where: { id, pageId } });
  }

  /** Which of `ids` are components of the page. */
  async existing(pageId: string, ids: string[]): Promise<Set<string>> {
    const found = await this.prisma.component.findMany({ where: { pageId, id: { in: ids } }, select: { id: true } });
    return new Set(found.map((c) => c.id));
  }

  async maxPosition(pageId: string): Promise<number | null> {
    const { _max } = await this.prisma.component.aggregate({ where: { pageId }, _max: { position: true } });
    return _max.position;
  }

  create(data: Prisma.ComponentUncheckedCreateInput): Promise<Component> {
    return this.prisma.component.create({ data });
  }

  update(id: string, data: Prisma.ComponentUncheckedUpdateInput): Promise<Component> {
    return this.prisma.component.update({ where: { id }, data });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.component.delete({ where: { id } });
  }
}
