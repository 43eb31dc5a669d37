import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Base of every processor: counts job outcomes and logs failures, and logs
 * worker connection errors at most once per 30 s (a Redis outage must not
 * flood the log).
 */
export abstract class InstrumentedProcessor extends WorkerHost {
  protected abstract readonly logger: Logger;
  private lastErrorLog = 0;

  protected constructor(private readonly metrics: MetricsService) {
    super();
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.metrics.jobOutcomes.inc({ queue: job.queueName, name: job.name, outcome: 'completed' });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    if (!job) return;
    this.metrics.jobOutcomes.inc({ queue: job.queueName, name: job.name, outcome: 'failed' });
    this.logger.warn(`job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${err.message}`);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLog > 30_000) {
      this.lastErrorLog = now;
      this.logger.warn(`worker error: ${err.message}`);
    }
  }
}
