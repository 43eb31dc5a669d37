import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Queue, UnrecoverableError } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import {
  ComponentStatusChangedEvent,
  DomainEvents,
  WEBHOOK_EVENT,
  WEBHOOK_EVENTS,
  WebhookEventPayload,
  WebhookEventType,
} from '../../common/domain-events';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { Paginated, PaginationQueryDto, paging } from '../../common/pagination';
import { AppConfig } from '../../config/app-config';
import { Webhook, WebhookDelivery } from '../../generated/prisma/client';
import { PrismaService } from '../../prisma/prisma.service';
import { StatusPagesService } from '../status-pages/status-pages.service';
import {
  CreatedWebhookResponseDto,
  CreateWebhookDto,
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
} from './dto/webhook.dto';
import { deliveryJobOptions, STATUS_INCIDENTS_QUEUE, StatusIncidentsJobs } from './status-incidents.queue';
import { BlockedTargetError, postJson, targetProblem } from './webhook-target';

/** A failed attempt: thrown so that BullMQ retries it with backoff. */
export class WebhookDeliveryError extends Error {}

const MAX_ERROR_LENGTH = 500;

/**
 * Webhook subscribers of a page, and their deliveries. Events arrive
 * in-process (`WEBHOOK_EVENT` from any module, and component status changes
 * from StatusPages); each matching subscriber gets one queued delivery job. The
 * request that caused the event never waits for a receiver.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly pages: StatusPagesService,
    private readonly config: AppConfig,
    @InjectQueue(STATUS_INCIDENTS_QUEUE) private readonly queue: Queue,
  ) {}

  // ---- subscribers ------------------------------------------------------

  async listWebhooks(pageId: string, query: PaginationQueryDto): Promise<Paginated<WebhookResponseDto>> {
    await this.pages.assertPageExists(pageId);
    const { skip, take, page, perPage } = paging(query);
    const [rows, total] = await Promise.all([
      this.prisma.webhook.findMany({ where: { pageId }, skip, take, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.webhook.count({ where: { pageId } }),
    ]);
    return { data: rows.map(toWebhookDto), meta: { total, page, perPage } };
  }

  async getWebhook(pageId: string, webhookId: string): Promise<WebhookResponseDto> {
    return toWebhookDto(await this.findWebhook(pageId, webhookId));
  }

  /** The secret is returned here only. */
  async createWebhook(pageId: string, dto: CreateWebhookDto): Promise<CreatedWebhookResponseDto> {
    await this.pages.assertPageExists(pageId);
    const componentIds = [...new Set(dto.componentIds ?? [])];
    await this.pages.assertComponentsOnPage(pageId, componentIds, 'componentIds');
    const problem = await targetProblem(dto.url, this.config.webhookAllowPrivate);
    if (problem) throw new FieldValidationError([problem]);
    const webhook = await this.prisma.webhook.create({
      data: {
        pageId,
        url: dto.url,
        secret: `whsec_${randomBytes(32).toString('base64')}`,
        events: dto.events ? [...new Set(dto.events)] : [...WEBHOOK_EVENTS],
        componentIds,
      },
    });
    return { ...toWebhookDto(webhook), secret: webhook.secret };
  }

  /** Pending deliveries stop: the processor finds no webhook and drops them. */
  async deleteWebhook(pageId: string, webhookId: string): Promise<void> {
    await this.findWebhook(pageId, webhookId);
    await this.prisma.webhook.delete({ where: { id: webhookId } });
  }

  /** Attempts, newest first. */
  async listDeliveries(
    pageId: string,
    webhookId: string,
    query: PaginationQueryDto,
  ): Promise<Paginated<WebhookDeliveryResponseDto>> {
    await this.findWebhook(pageId, webhookId);
    const { skip, take, page, perPage } = paging(query);
    const [rows, total] = await Promise.all([
      this.prisma.webhookDelivery.findMany({
        where: { webhookId },
        skip,
        take,
        orderBy: [{ createdAt: 'desc' }, { attempt: 'desc' }, { id: 'asc' }],
      }),
      this.prisma.webhookDelivery.count({ where: { webhookId } }),
    ]);
    return { data: rows.map(toDeliveryDto), meta: { total, page, perPage } };
  }

  private async findWebhook(pageId: string, webhookId: string): Promise<Webhook> {
    await this.pages.assertPageExists(pageId);
    const webhook = await this.prisma.webhook.findFirst({ where: { id: webhookId, pageId } });
    if (!webhook) throw new ResourceNotFoundError('webhook', webhookId);
    return webhook;
  }

  // ---- events → delivery jobs --------------------------------------------

  @OnEvent(WEBHOOK_EVENT)
  async onWebhookEvent(event: WebhookEventPayload): Promise<void> {
    await this.enqueue(event);
  }

  @OnEvent(DomainEvents.ComponentStatusChanged)
  async onComponentStatusChanged(change: ComponentStatusChangedEvent): Promise<void> {
    await this.enqueue({
      pageId: change.pageId,
      type: 'component.status_changed',
      componentIds: [change.componentId],
      data: {
        component: { id: change.componentId, name: change.componentName, status: change.newStatus },
        oldStatus: change.oldStatus,
        newStatus: change.newStatus,
        changedAt: change.at,
      },
    });
  }

  /**
   * Queues one delivery per subscriber of the page that wants this event (and,
   * if it filters by components, only when the event concerns one of them).
   * Returns how many were queued; never throws (an event source must not fail).
   */
  async enqueue(event: WebhookEventPayload): Promise<number> {
    try {
      const hooks = await this.prisma.webhook.findMany({
        where: { pageId: event.pageId, events: { has: event.type } },
        select: { id: true, componentIds: true },
      });
      const targets = hooks.filter(
        (h) => h.componentIds.length === 0 || h.componentIds.some((id) => event.componentIds.includes(id)),
      );
      if (targets.length === 0) return 0;
      const messageId = `msg_${randomUUID()}`;
      const body = JSON.stringify({ type: event.type, timestamp: new Date().toISOString(), data: event.data });
      await this.queue.addBulk(
        targets.map((h) => {
          const data: StatusIncidentsJobs['deliver-webhook'] = { webhookId: h.id, messageId, event: event.type, body };
          return { name: 'deliver-webhook', data, opts: deliveryJobOptions(this.config, h.id, messageId) };
        }),
      );
      return targets.length;
    } catch (err) {
      this.logger.error(`could not queue ${event.type} webhooks for page ${event.pageId}: ${(err as Error).message}`);
      return 0;
    }
  }

  // ---- delivery (called by the processor) ---------------------------------

  /**
   * One attempt: signs and POSTs the message, records the attempt, and throws
   * on a non-2xx answer, a timeout or a network error so that BullMQ retries.
   * A deleted webhook ends the delivery quietly.
   */
  async deliver(job: StatusIncidentsJobs['deliver-webhook'], attempt: number): Promise<void> {
    const webhook = await this.prisma.webhook.findUnique({ where: { id: job.webhookId } });
    if (!webhook) return;
    const sentAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'statuspages-webhooks',
      'webhook-id': job.messageId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new StandardWebhook(webhook.secret).sign(job.messageId, sentAt, job.body),
    };
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let blocked = false;
    try {
      const res = await postJson(webhook.url, headers, job.body, {
        timeoutMs: this.config.webhookTimeoutMs,
        allowPrivate: this.config.webhookAllowPrivate,
      });
      statusCode = res.status;
      if (res.status < 200 || res.status > 299) error = `receiver answered HTTP ${res.status}`;
    } catch (err) {
      blocked = err instanceof BlockedTargetError;
      error = describeRequestError(err, this.config.webhookTimeoutMs);
    }
    const durationMs = Math.round(performance.now() - started);
    try {
      await this.prisma.webhookDelivery.create({
        data: {
          webhookId: webhook.id,
          messageId: job.messageId,
          event: job.event,
          attempt,
          statusCode,
          error,
          durationMs,
        },
      });
    } catch (err) {
      // Deleted meanwhile: nothing left to deliver to.
      if (!(await this.prisma.webhook.findUnique({ where: { id: webhook.id }, select: { id: true } }))) return;
      throw err;
    }
    const message = `${job.event} ${job.messageId} to webhook ${webhook.id}: ${error}`;
    // A target that is not allowed stays so: recorded once, not retried.
    if (blocked) throw new UnrecoverableError(message);
    if (error) throw new WebhookDeliveryError(message);
  }
}

function describeRequestError(err: unknown, timeoutMs: number): string {
  const e = err as Error | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return (e?.message ?? String(err)).slice(0, MAX_ERROR_LENGTH);
}

function toWebhookDto(w: Webhook): WebhookResponseDto {
  return {
    id: w.id,
    pageId: w.pageId,
    url: w.url,
    events: w.events as WebhookEventType[],
    componentIds: w.componentIds,
    createdAt: w.createdAt.toISOString(),
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
