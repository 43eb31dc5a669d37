import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobRegistry } from '../../jobs/job-registry';
import { OnJob } from '../../jobs/on-job.decorator';
import { QueueProcessor } from '../../jobs/queue-processor';
import { JobData } from '../../jobs/queues';
import { MetricsService } from '../../metrics/metrics.service';
import { WebhookDelivery } from './webhook-delivery';
import { WEBHOOKS_QUEUE } from './webhooks.queue';

/** Delivers webhooks (one attempt per run; BullMQ retries failures with exponential backoff). */
@Processor(WEBHOOKS_QUEUE, { concurrency: 8 })
export class WebhooksProcessor extends QueueProcessor {
  protected readonly queueName = WEBHOOKS_QUEUE;

  constructor(
    registry: JobRegistry,
    metrics: MetricsService,
    private readonly delivery: WebhookDelivery,
  ) {
    super(registry, metrics);
  }

  @OnJob(WEBHOOKS_QUEUE, 'deliver-webhook')
  deliverWebhook(data: JobData<'webhooks', 'deliver-webhook'>, job: Job): Promise<void> {
    return this.delivery.attempt(data, job.attemptsMade + 1);
  }
}
