import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { MetricsService } from '../metrics/metrics.service';
import { JobRegistry } from './job-registry';
import { QueueName } from './queues';

/**
 * Base of every queue's processor (one per queue, `@Processor(name)`): hands
 * each job to its `@OnJob` handler, counts outcomes, logs failures, and logs
 * worker connection errors at most once per 30 s (a Redis outage must not
 * flood the log).
 */
export abstract class QueueProcessor extends WorkerHost {
  protected abstract readonly queueName: QueueName;
  private readonly logger = new Logger(this.constructor.name);
  private lastErrorLog = 0;

  protected constructor(
    private readonly registry: JobRegistry,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return this.registry.run(this.queueName, job, token);
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
