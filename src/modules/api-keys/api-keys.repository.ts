import { Injectable } from '@nestjs/common';
import { ApiKey } from '../../generated/prisma/client';
import { PrismaService } from '../../prisma/prisma.service';

/** Queries of the `api_keys` table. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByHash(keyHash: string): Promise<ApiKey | null> {
    return this.prisma.apiKey.findUnique({ where: { keyHash } });
  }

  async list(skip: number, take: number): Promise<{ rows: ApiKey[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.apiKey.findMany({ skip, take, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.apiKey.count(),
    ]);
    return { rows, total };
  }

  create(data: { name: string; pageIds: string[]; keyHash: string }): Promise<ApiKey> {
    return this.prisma.apiKey.create({ data });
  }

  /** The deleted key's hash, or null if there was none. */
  async delete(id: string): Promise<string | null> {
    const rows = await this.prisma.apiKey.deleteMany({ where: { id } });
    return rows.count ? id : null;
  }

  async touch(id: string): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
  }
}
