import { ConflictException, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated, PaginationQueryDto } from '../../common/pagination';
import { AppConfig } from '../../config/app-config';
import { Webhook, WebhookDelivery } from '../../generated/prisma/client';
import { ComponentsService } from '../status-pages/components.service';
import { CreatedWebhookResponseDto, CreateWebhookDto, WebhookDeliveryResponseDto, WebhookResponseDto } from './dto/webhook.dto';
import { targetProblem } from './webhook-target';
import { WEBHOOK_EVENTS, WebhookEventType } from './webhook-payloads';
import { WebhooksRepository } from './webhooks.repository';

/** A page holds at most this many webhooks (409 beyond). */
export const MAX_WEBHOOKS_PER_PAGE = 20;

/** A page's webhook subscribers and their delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly components: ComponentsService,
    private readonly config: AppConfig,
  ) {}

  async list(pageId: string, query: PaginationQueryDto): Promise<Paginated<WebhookResponseDto>> {
    return paginate(query, (skip, take) => this.repo.list(pageId, skip, take), toWebhookDto);
  }

  async get(pageId: string, webhookId: string): Promise<WebhookResponseDto> {
    return toWebhookDto(await this.find(pageId, webhookId));
  }

  /** The secret is returned here only. */
  async create(pageId: string, dto: CreateWebhookDto): Promise<CreatedWebhookResponseDto> {
    const componentIds = [...new Set(dto.componentIds ?? [])];
    await this.components.assertOnPage(pageId, componentIds, 'componentIds');
    // Checked before the page is locked: it may wait for DNS.
    const problem = await targetProblem(dto.url, this.config.webhookAllowPrivate);
    if (problem) throw new FieldValidationError([problem]);
    const webhook = await this.repo.createUnderCap(
      {
        pageId,
        url: dto.url,
        secret: `whsec_${randomBytes(32).toString('base64')}`,
        events: dto.events ? [...new Set(dto.events)] : [...WEBHOOK_EVENTS],
        componentIds,
      },
      MAX_WEBHOOKS_PER_PAGE,
    );
    if (!webhook) throw new ConflictException(`a page holds at most ${MAX_WEBHOOKS_PER_PAGE} webhooks`);
    return { ...toWebhookDto(webhook), secret: webhook.secret };
  }

  /** Pending deliveries stop: the processor finds no webhook and drops them. */
  async delete(pageId: string, webhookId: string): Promise<void> {
    await this.find(pageId, webhookId);
    await this.repo.delete(webhookId);
  }

  /** Turns a disabled webhook back on (its failure count starts again from zero). */
  async enable(pageId: string, webhookId: string): Promise<WebhookResponseDto> {
    await this.find(pageId, webhookId);
    return toWebhookDto(await this.repo.enable(webhookId));
  }

  /** Attempts, newest first. */
  async deliveries(pageId: string, webhookId: string, query: PaginationQueryDto): Promise<Paginated<WebhookDeliveryResponseDto>> {
    await this.find(pageId, webhookId);
    return paginate(query, (skip, take) => this.repo.deliveries(webhookId, skip, take), toDeliveryDto);
  }

  private async find(pageId: string, webhookId: string): Promise<Webhook> {
    const webhook = await this.repo.find(pageId, webhookId);
    if (!webhook) throw new ResourceNotFoundError('webhook', webhookId);
    return webhook;
  }
}

function toWebhookDto(w: Webhook): WebhookResponseDto {
  return {
    id: w.id,
    pageId: w.pageId,
    url: w.url,
    events: w.events as WebhookEventType[],
    componentIds: w.componentIds,
    createdAt: w.createdAt.toISOString(),
    disabledAt: w.disabledAt?.toISOString() ?? null,
    disabledReason: w.disabledReason,
  };
}

function toDeliveryDto(d: WebhookDelivery): WebhookDeliveryResponseDto {
  return {
    id: d.id,
    messageId: d.messageId,
    event: d.event as WebhookEventType,
    attempt: d.attempt,
    statusCode: d.statusCode,
    error: d.error,
    durationMs: d.durationMs,
    createdAt: d.createdAt.toISOString(),
  };
}
