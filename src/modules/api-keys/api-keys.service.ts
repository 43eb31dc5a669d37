import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Principal } from '../../common/auth/principal';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated, PaginationQueryDto } from '../../common/pagination';
import { AppConfig } from '../../config/app-config';
import { ApiKey } from '../../generated/prisma/client';
import { RedisService } from '../../redis/redis.service';
import { PagesService } from '../status-pages/pages.service';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';

const CACHE_TTL_MS = 10_000;
const MAX_CACHED = 10_000;
/** Published when a key is revoked: every process forgets its cached lookups at once. */
const REVOKED = 'api-key-revoked';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Root key from configuration; page-scoped keys stored only as SHA-256 hashes.
 * Keys carry 256 bits of randomness, so a fast hash is the right tool; the
 * comparison is constant-time. Lookups are cached briefly per process; a
 * revocation clears every process's cache through Redis (and, should Redis be
 * unreachable, the cache still expires within CACHE_TTL_MS).
 */
@Injectable()
export class ApiKeysService implements OnModuleInit {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly rootHash: Buffer | null;
  private readonly cache = new Map<string, { principal: Principal | null; expires: number }>();

  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly pages: PagesService,
    private readonly redis: RedisService,
    config: AppConfig,
  ) {
    this.rootHash = config.adminApiKey ? sha256(config.adminApiKey) : null;
  }

  async onModuleInit(): Promise<void> {
    await this.redis.subscribe(REVOKED, () => this.cache.clear());
    this.redis.onSubscriberReady(() => this.cache.clear());
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
    const row = await this.repo.findByHash(hex);
    const principal =
      row && timingSafeEqual(Buffer.from(row.keyHash, 'hex'), hash)
        ? { root: false, keyId: row.id, pageIds: new Set(row.pageIds) }
        : null;
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(hex, { principal, expires: Date.now() + CACHE_TTL_MS });
    if (row) void this.repo.touch(row.id).catch(() => undefined);
    return principal;
  }

  async create(dto: CreateApiKeyDto): Promise<CreatedApiKeyResponseDto> {
    const pageIds = [...new Set(dto.pageIds)];
    const found = await Promise.all(pageIds.map((id) => this.pages.lookup(id)));
    const missing = pageIds.filter((_, i) => !found[i]);
    if (missing.length) throw new FieldValidationError(missing.map((id) => `pageIds: page ${id} does not exist`));
    const key = `sp_${randomBytes(32).toString('base64url')}`;
    const row = await this.repo.create({ name: dto.name, pageIds, keyHash: sha256(key).toString('hex') });
    return { ...toDto(row), key };
  }

  async list(query: PaginationQueryDto): Promise<Paginated<ApiKeyResponseDto>> {
    return paginate(query, (skip, take) => this.repo.list(skip, take), toDto);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw new ResourceNotFoundError('API key', id);
    this.cache.clear();
    await this.redis.publish(REVOKED, id).catch((err: Error) => {
      this.logger.warn(`could not publish the revocation of key ${id} (other processes forget it within 10 s): ${err.message}`);
    });
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
