import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { InstrumentedProcessor } from '../../common/instrumented-processor';
import { MetricsService } from '../../metrics/metrics.service';
import { STATUS_INCIDENTS_QUEUE, StatusIncidentsJobName, StatusIncidentsJobs } from './status-incidents.queue';
import { WebhooksService } from './webhooks.service';

/** Delivers webhooks (one attempt per run; BullMQ retries failures with exponential backoff). */
@Processor(STATUS_INCIDENTS_QUEUE, { concurrency: 8 })
export class StatusIncidentsProcessor extends InstrumentedProcessor {
  protected readonly logger = new Logger(StatusIncidentsProcessor.name);

  constructor(
    private readonly webhooks: WebhooksService,
    metrics: MetricsService,
  ) {
    super(metrics);
  }

  async process(job: Job): Promise<void> {
    const name = job.name as StatusIncidentsJobName;
    switch (name) {
      case 'deliver-webhook':
        return this.webhooks.deliver(job.data as StatusIncidentsJobs['deliver-webhook'], job.attemptsMade + 1);
      default: {
        const unknown: never = name;
        throw new Error(`unknown job ${String(unknown)}`);
      }
    }
  }
}
