import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { InstrumentedProcessor } from '../../common/instrumented-processor';
import { MetricsService } from '../../metrics/metrics.service';
import { StatusPagesService } from './status-pages.service';
import { STATUS_PAGES_JOB_OPTIONS, STATUS_PAGES_QUEUE, StatusPagesJobName, StatusPagesJobs } from './status-pages.queue';

const RECONCILE_EVERY_MS = 5 * 60_000;

/** Records effective-status history (the source of uptime figures). */
@Processor(STATUS_PAGES_QUEUE, { concurrency: 4 })
export class StatusPagesProcessor extends InstrumentedProcessor implements OnApplicationBootstrap {
  protected readonly logger = new Logger(StatusPagesProcessor.name);

  constructor(
    private readonly pages: StatusPagesService,
    @InjectQueue(STATUS_PAGES_QUEUE) private readonly queue: Queue,
    metrics: MetricsService,
  ) {
    super(metrics);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Catch up on changes recorded while no worker ran, then keep checking.
    await this.queue
      .upsertJobScheduler('reconcile-status-history', { every: RECONCILE_EVERY_MS }, {
        name: 'reconcile-status-history',
        data: {},
        opts: STATUS_PAGES_JOB_OPTIONS,
      })
      .catch((err: Error) => this.logger.warn(`could not schedule history reconciliation: ${err.message}`));
  }

  async process(job: Job): Promise<number> {
    const name = job.name as StatusPagesJobName;
    switch (name) {
      case 'record-status-history': {
        const data = job.data as StatusPagesJobs['record-status-history'];
        return (await this.pages.recordStatusHistory(data.pageId, new Date(data.at))).length;
      }
      case 'reconcile-status-history': {
        let changes = 0;
        for (const pageId of await this.pages.allPageIds()) {
          changes += (await this.pages.recordStatusHistory(pageId, new Date())).length;
        }
        return changes;
      }
      default: {
        const unknown: never = name;
        throw new Error(`unknown job ${String(unknown)}`);
      }
    }
  }
}
