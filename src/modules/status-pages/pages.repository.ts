import { Injectable } from '@nestjs/common';
import { Page, Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../prisma/prisma.service';

/** A public page's address in the directory of public pages. */
export interface PageAddress {
  id: string;
  slug: string;
  domain: string | null;
}

/** Queries of the `pages` table. */
@Injectable()
export class PagesRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string): Promise<Page | null> {
    return this.prisma.page.findUnique({ where: { id } });
  }

  /** Pages in creation order; `ids` limits them (a scoped key), undefined is all. */
  async list(ids: readonly string[] | undefined, skip: number, take: number): Promise<{ rows: Page[]; total: number }> {
    const where: Prisma.PageWhereInput = ids ? { id: { in: [...ids] } } : {};
    const [rows, total] = await Promise.all([
      this.prisma.page.findMany({ where, skip, take, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.page.count({ where }),
    ]);
    return { rows, total };
  }

  create(data: Prisma.PageUncheckedCreateInput): Promise<Page> {
    return this.prisma.page.create({ data });
  }

  update(id: string, data: Prisma.PageUncheckedUpdateInput): Promise<Page> {
    return this.prisma.page.update({ where: { id }, data });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.page.delete({ where: { id } });
  }

  async allIds(): Promise<string[]> {
    const rows = await this.prisma.page.findMany({ select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** The public page with this slug or this domain, or null. */
  findPublic(where: { slug: string } | { domain: string }): Promise<Page | null> {
    return this.prisma.page.findFirst({ where: { ...where, isPublic: true } });
  }

  /** Slug and domain of every public page (the public side's directory). */
  publicAddresses(): Promise<PageAddress[]> {
    return this.prisma.page.findMany({ where: { isPublic: true }, select: { id: true, slug: true, domain: true } });
  }
}
