import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { AppEvents } from '../../events/app-events';
import { EventBus } from '../../events/event-bus';
import { JobQueues } from '../../jobs/job-queues';
import { WEBHOOK_EVENTS, WEBHOOK_MESSAGES, WebhookEventType, WebhookMessage } from './webhook-payloads';
import { deliveryJobOptions, WEBHOOKS_QUEUE } from './webhooks.queue';
import { WebhooksRepository } from './webhooks.repository';

/**
 * Turns events into delivery jobs: one per webhook of the page that wants the
 * event (and, if it filters by components, only when the event concerns one
 * of them). Runs in every process (events happen in API and worker processes
 * alike); the request that caused the event never waits for a receiver.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger(WebhookDispatcher.name);

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly queues: JobQueues,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const type of WEBHOOK_EVENTS) this.listen(type);
  }

  private listen<K extends WebhookEventType>(type: K): void {
    const toMessage = WEBHOOK_MESSAGES[type] as (event: AppEvents[K]) => WebhookMessage;
    this.events.on(type, (event) => this.enqueue(type, toMessage(event)));
  }

  /** Queues the message for every matching webhook; returns how many. Never throws (an event source must not fail). */
  async enqueue(type: WebhookEventType, message: WebhookMessage): Promise<number> {
    try {
      const hooks = await this.repo.subscribedTo(message.pageId, type);
      const targets = hooks.filter(
        (h) => h.componentIds.length === 0 || h.componentIds.some((id) => message.componentIds.includes(id)),
      );
      if (targets.length === 0) return 0;
      const messageId = `msg_${randomUUID()}`;
      const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data: message.data });
      await this.queues.addBulk(
        WEBHOOKS_QUEUE,
        targets.map((h) => ({
          name: 'deliver-webhook' as const,
          data: { webhookId: h.id, pageId: message.pageId, messageId, event: type, body },
          opts: deliveryJobOptions(this.config, h.id, messageId),
        })),
      );
      return targets.length;
    } catch (err) {
      this.logger.error(`could not queue ${type} webhooks for page ${message.pageId}: ${(err as Error).message}`);
      return 0;
    }
  }
}
