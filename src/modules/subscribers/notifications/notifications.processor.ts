import { Processor } from '@nestjs/bullmq';
import { JobRegistry } from '../../../jobs/job-registry';
import { OnJob } from '../../../jobs/on-job.decorator';
import { QueueProcessor } from '../../../jobs/queue-processor';
import { JobData } from '../../../jobs/queues';
import { MetricsService } from '../../../metrics/metrics.service';
import { EmailSender } from './email-sender';
import { FanOut } from './fan-out';
import { NOTIFICATIONS_QUEUE } from './notifications.queue';

/**
 * Subscriber email: fans events out to deliveries and sends them in batches.
 * A few batches at a time: they share one pooled SMTP transport.
 */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 4 })
export class NotificationsProcessor extends QueueProcessor {
  protected readonly queueName = NOTIFICATIONS_QUEUE;

  constructor(
    registry: JobRegistry,
    metrics: MetricsService,
    private readonly fanOut: FanOut,
    private readonly sender: EmailSender,
  ) {
    super(registry, metrics);
  }

  @OnJob(NOTIFICATIONS_QUEUE, 'fan-out')
  async fanOutEvent(data: JobData<'notifications', 'fan-out'>): Promise<void> {
    await this.fanOut.run(data.eventId);
  }

  @OnJob(NOTIFICATIONS_QUEUE, 'send-emails')
  async sendEmails(data: JobData<'notifications', 'send-emails'>): Promise<void> {
    await this.sender.sendBatch(data.eventId, data.deliveryIds);
  }
}
