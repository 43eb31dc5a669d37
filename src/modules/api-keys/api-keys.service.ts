import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../prisma/prisma.service';
import { ApiKey } from '../../generated/prisma/client';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';

const CACHE_TTL_MS = 10_000;

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Root key from configuration; page-scoped keys stored only as SHA-256 hashes.
 * Keys carry 256 bits of randomness, so a fast hash is the right tool; the
 * comparison is constant-time. Lookups are cached briefly per process.
 */
@Injectable()
export class ApiKeysService {
  private readonly rootHash: Buffer | null;
  private readonly cache = new Map<string, { principal: Principal | null; expires: number }>();

  constructor(
    private readonly prisma: PrismaService,
    config: AppConfig,
  ) {
    this.rootHash = config.adminApiKey ? sha256(config.adminApiKey) : null;
  }

  async authenticate(token: string): Promise<Principal | null> {
    if (token.length > 512) return null;
    const hash = sha256(token);
    if (this.rootHash && timingSafeEqual(hash, this.rootHash)) {
      return { root: true, keyId: null, pageIds: new Set() };
    }
    const hex = hash.toString('hex');
    const cached = this.cache.get(hex);
    if (cached && cached.expires > Date.now()) return cached.principal;
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash: hex } });
    const principal =
      row && timingSafeEqual(Buffer.from(row.keyHash, 'hex'), hash)
        ? { root: false, keyId: row.id, pageIds: new Set(row.pageIds) }
        : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hex, { principal, expires: Date.now() + CACHE_TTL_MS });
    if (row) {
      void this.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
    }
    return principal;
  }

  async create(dto: CreateApiKeyDto): Promise<CreatedApiKeyResponseDto> {
    const pageIds = [...new Set(dto.pageIds)];
    const found = await this.prisma.page.findMany({ where: { id: { in: pageIds } }, select: { id: true } });
    const missing = pageIds.filter((id) => !found.some((p) => p.id === id));
    if (missing.length) throw new FieldValidationError(missing.map((id) => `pageIds: page ${id} does not exist`));
    const key = `sp_${randomBytes(32).toString('base64url')}`;
    const row = await this.prisma.apiKey.create({
      data: { name: dto.name, pageIds, keyHash: sha256(key).toString('hex') },
    });
    return { ...toDto(row), key };
  }

  async list(): Promise<ApiKeyResponseDto[]> {
    const rows = await this.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(toDto);
  }

  async remove(id: string): Promise<void> {
    const row = await this.prisma.apiKey.findUnique({ where: { id } });
    if (!row) throw new ResourceNotFoundError('API key', id);
    await this.prisma.apiKey.delete({ where: { id } });
    this.cache.clear();
  }
}

function toDto(row: ApiKey): ApiKeyResponseDto {
  return {
    id: row.id,
    name: row.name,
    pageIds: row.pageIds,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
