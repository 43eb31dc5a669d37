import { Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JobQueues } from '../../../jobs/job-queues';
import { JobRegistry } from '../../../jobs/job-registry';
import { OnJob } from '../../../jobs/on-job.decorator';
import { QueueProcessor } from '../../../jobs/queue-processor';
import { JobData } from '../../../jobs/queues';
import { MetricsService } from '../../../metrics/metrics.service';
import { PagesService } from '../pages.service';
import { RECONCILE_HISTORY_EVERY_MS, STATUS_HISTORY_JOB_OPTIONS } from './status-history.queue';

/** While the scheduler cannot be created (Redis unreachable at start), try again this often. */
const RETRY_SCHEDULE_MS = 5_000;
import { StatusHistoryService } from './status-history.service';

/** Records effective-status history, and re-checks every page periodically. */
@Processor('status-history', { concurrency: 4 })
export class StatusHistoryProcessor extends QueueProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly queueName = 'status-history';
  private readonly log = new Logger(StatusHistoryProcessor.name);
  private retry?: NodeJS.Timeout;

  constructor(
    registry: JobRegistry,
    metrics: MetricsService,
    private readonly history: StatusHistoryService,
    private readonly pages: PagesService,
    private readonly queues: JobQueues,
  ) {
    super(registry, metrics);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule();
  }

  onModuleDestroy(): void {
    clearTimeout(this.retry);
  }

  /** Catch up on changes recorded while no worker ran, then keep checking (a repeating job, once Redis can take it). */
  private async schedule(): Promise<void> {
    try {
      await this.queues.upsertScheduler('status-history', 'reconcile-status-history', RECONCILE_HISTORY_EVERY_MS, {}, STATUS_HISTORY_JOB_OPTIONS);
    } catch (err) {
      if (!this.retry) {
        this.log.warn(`could not schedule history reconciliation yet (retrying every ${RETRY_SCHEDULE_MS / 1000} s): ${(err as Error).message}`);
      }
      this.retry = setTimeout(() => void this.schedule(), RETRY_SCHEDULE_MS);
      this.retry.unref();
    }
  }

  @OnJob('status-history', 'record-status-history')
  async recordStatusHistory(data: JobData<'status-history', 'record-status-history'>): Promise<number> {
    return (await this.history.record(data.pageId, new Date(data.at))).length;
  }

  @OnJob('status-history', 'reconcile-status-history')
  async reconcileStatusHistory(): Promise<number> {
    let changes = 0;
    for (const pageId of await this.pages.allIds()) changes += (await this.history.record(pageId, new Date())).length;
    return changes;
  }
}
