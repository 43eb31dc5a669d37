import { Processor } from '@nestjs/bullmq';
import { DelayedError, Job } from 'bullmq';
import { JobRegistry } from '../../jobs/job-registry';
import { OnJob } from '../../jobs/on-job.decorator';
import { QueueProcessor } from '../../jobs/queue-processor';
import { JobData } from '../../jobs/queues';
import { MetricsService } from '../../metrics/metrics.service';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookPageSlots } from './webhook-page-slots';
import { WEBHOOKS_QUEUE } from './webhooks.queue';

/** A delivery whose page has no free slot waits this long (plus jitter) and is picked up again. */
const WAIT_FOR_SLOT_MS = 250;

/**
 * Delivers webhooks: one attempt per run (BullMQ retries failures with
 * exponential backoff), at most WEBHOOK_PAGE_CONCURRENCY at a time per page.
 */
@Processor(WEBHOOKS_QUEUE, { concurrency: 8 })
export class WebhooksProcessor extends QueueProcessor {
  protected readonly queueName = WEBHOOKS_QUEUE;

  constructor(
    registry: JobRegistry,
    metrics: MetricsService,
    private readonly delivery: WebhookDelivery,
    private readonly slots: WebhookPageSlots,
  ) {
    super(registry, metrics);
  }

  @OnJob(WEBHOOKS_QUEUE, 'deliver-webhook')
  async deliverWebhook(data: JobData<'webhooks', 'deliver-webhook'>, job: Job, token?: string): Promise<void> {
    const page = data.pageId ?? data.webhookId; // jobs queued before deliveries carried their page
    if (!(await this.slots.acquire(page))) {
      // Not an attempt: back in the queue for a moment, while other pages' deliveries run.
      await job.moveToDelayed(Date.now() + WAIT_FOR_SLOT_MS + Math.floor(Math.random() * WAIT_FOR_SLOT_MS), token);
      throw new DelayedError();
    }
    try {
      await this.delivery.attempt(data, job.attemptsMade + 1);
    } finally {
      await this.slots.release(page);
    }
  }
}
