import { Injectable, OnModuleInit } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated, PaginationQueryDto } from '../../common/pagination';
import { Integration, IntegrationUnmatchedAlert } from '../../generated/prisma/client';
import { ComponentStatus } from '../../generated/prisma/enums';
import { PageChangesService } from '../status-pages/page-changes.service';
import { PageStatusService } from '../status-pages/page-status.service';
import { DEFAULT_STATUS_BY_SEVERITY } from './alert-processing';
import { AlertReceiverService } from './alert-receiver.service';
import {
  CreatedIntegrationResponseDto,
  CreateIntegrationDto,
  IntegrationResponseDto,
  UnmatchedAlertResponseDto,
  UpdateIntegrationDto,
} from './dto/integration.dto';
import { IntegrationsRepository } from './integrations.repository';

const MAX_TOKEN_LENGTH = 512;
/** Compared with when the integration does not exist, so that an unknown id costs the same as a wrong token. */
const NO_HASH = Buffer.alloc(32);

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * A page's monitoring integrations: their settings, their receiver tokens
 * (256 random bits, stored as SHA-256 hashes, compared in constant time), the
 * alerts that matched no component, and the automated statuses that their
 * firing alerts give the page's status.
 */
@Injectable()
export class IntegrationsService implements OnModuleInit {
  constructor(
    private readonly repo: IntegrationsRepository,
    private readonly receiver: AlertReceiverService,
    private readonly status: PageStatusService,
    private readonly changes: PageChangesService,
  ) {}

  onModuleInit(): void {
    this.status.provide('automatedStatuses', (pageId) => this.repo.firingStatuses(pageId));
  }

  /** The integration a receiver token opens, or null (unknown id, wrong token: the same answer). */
  async authenticate(integrationId: string, token: string): Promise<Integration | null> {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const row = isUUID(integrationId) ? await this.repo.findById(integrationId) : null;
    const expected = row ? Buffer.from(row.tokenHash, 'hex') : NO_HASH;
    const matches = expected.length === 32 && timingSafeEqual(sha256(token), expected);
    return row && matches ? row : null;
  }

  async list(pageId: string, query: PaginationQueryDto): Promise<Paginated<IntegrationResponseDto>> {
    return paginate(query, (skip, take) => this.repo.list(pageId, skip, take), toIntegrationDto);
  }

  async get(pageId: string, integrationId: string): Promise<IntegrationResponseDto> {
    return toIntegrationDto(await this.find(pageId, integrationId));
  }

  /** The token is returned here only. */
  async create(pageId: string, dto: CreateIntegrationDto): Promise<CreatedIntegrationResponseDto> {
    const token = `spi_${randomBytes(32).toString('base64url')}`;
    const integration = await this.repo.create({
      pageId,
      name: dto.name,
      kind: dto.kind ?? 'alertmanager',
      componentLabel: dto.componentLabel ?? 'component',
      statusBySeverity: { ...(dto.statusBySeverity ?? DEFAULT_STATUS_BY_SEVERITY) },
      incidents: dto.incidents ?? 'none',
      tokenHash: sha256(token).toString('hex'),
    });
    return { ...toIntegrationDto(integration), token };
  }

  /** A new label or severity map applies to the alerts already received too. */
  async update(pageId: string, integrationId: string, dto: UpdateIntegrationDto): Promise<IntegrationResponseDto> {
    const current = await this.find(pageId, integrationId);
    const integration = await this.repo.update(current.id, {
      name: dto.name,
      componentLabel: dto.componentLabel,
      statusBySeverity: dto.statusBySeverity ? { ...dto.statusBySeverity } : undefined,
      incidents: dto.incidents,
    });
    if (dto.componentLabel !== undefined || dto.statusBySeverity !== undefined) await this.receiver.reapply(integration.id);
    return toIntegrationDto(integration);
  }

  /** Its alerts go with it (and their automated statuses); an incident it opened stays, as any other. */
  async delete(pageId: string, integrationId: string): Promise<void> {
    await this.find(pageId, integrationId);
    await this.repo.delete(integrationId);
    await this.changes.pageChanged(pageId);
  }

  /** The most recent alerts that named no component of the page (at most 50), newest first. */
  async unmatched(pageId: string, integrationId: string, query: PaginationQueryDto): Promise<Paginated<UnmatchedAlertResponseDto>> {
    await this.find(pageId, integrationId);
    return paginate(query, (skip, take) => this.repo.unmatched(integrationId, skip, take), toUnmatchedDto);
  }

  private async find(pageId: string, integrationId: string): Promise<Integration> {
    const integration = await this.repo.find(pageId, integrationId);
    if (!integration) throw new ResourceNotFoundError('integration', integrationId);
    return integration;
  }
}

function toIntegrationDto(i: Integration): IntegrationResponseDto {
  return {
    id: i.id,
    pageId: i.pageId,
    name: i.name,
    kind: i.kind,
    componentLabel: i.componentLabel,
    statusBySeverity: i.statusBySeverity as Record<string, ComponentStatus>,
    incidents: i.incidents,
    createdAt: i.createdAt.toISOString(),
  };
}

function toUnmatchedDto(u: IntegrationUnmatchedAlert): UnmatchedAlertResponseDto {
  return {
    fingerprint: u.fingerprint,
    status: u.status,
    labels: u.labels as Record<string, string>,
    annotations: u.annotations as Record<string, string>,
    startsAt: u.startsAt?.toISOString() ?? null,
    endsAt: u.endsAt?.toISOString() ?? null,
    receivedAt: u.receivedAt.toISOString(),
  };
}
