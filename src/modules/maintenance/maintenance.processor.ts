import { Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '../../jobs/job-queues';
import { JobRegistry } from '../../jobs/job-registry';
import { OnJob } from '../../jobs/on-job.decorator';
import { QueueProcessor } from '../../jobs/queue-processor';
import { JobData } from '../../jobs/queues';
import { MetricsService } from '../../metrics/metrics.service';
import { MAINTENANCE_QUEUE } from './maintenance.queue';
import { MaintenanceLifecycleService } from './maintenance-lifecycle.service';
import { Transition } from './maintenance.transitions';
import { EXTEND_SERIES_EVERY_MS, EXTEND_SERIES_JOB_OPTIONS } from './series/maintenance-series.queue';
import { MaintenanceSeriesService } from './series/maintenance-series.service';

/**
 * Applies scheduled starts and ends, and sends due reminders (`remind`). Thin: the lifecycle service re-reads
 * PostgreSQL and applies the transition only if the window still expects it. High concurrency
 * because many windows can be due at the same second and each job is short.
 * Also extends the recurring series every hour (`extend-series`).
 */
@Processor(MAINTENANCE_QUEUE, { concurrency: 50 })
export class MaintenanceProcessor extends QueueProcessor implements OnApplicationBootstrap {
  protected readonly queueName = MAINTENANCE_QUEUE;
  private readonly log = new Logger(MaintenanceProcessor.name);

  constructor(
    registry: JobRegistry,
    metrics: MetricsService,
    private readonly lifecycle: MaintenanceLifecycleService,
    private readonly series: MaintenanceSeriesService,
    private readonly queues: JobQueues,
  ) {
    super(registry, metrics);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .upsertScheduler(MAINTENANCE_QUEUE, 'extend-series', EXTEND_SERIES_EVERY_MS, {}, EXTEND_SERIES_JOB_OPTIONS)
      .catch((err: Error) => this.log.warn(`could not schedule the extension of maintenance series: ${err.message}`));
  }

  @OnJob(MAINTENANCE_QUEUE, 'start')
  start(data: JobData<'maintenance', 'start'>): Promise<Transition[]> {
    return this.lifecycle.runScheduledTransition('start', data.maintenanceId, new Date(data.at));
  }

  @OnJob(MAINTENANCE_QUEUE, 'complete')
  complete(data: JobData<'maintenance', 'complete'>): Promise<Transition[]> {
    return this.lifecycle.runScheduledTransition('complete', data.maintenanceId, new Date(data.at));
  }

  @OnJob(MAINTENANCE_QUEUE, 'remind')
  remind(data: JobData<'maintenance', 'remind'>): Promise<boolean> {
    return this.lifecycle.remindIfDue(data.maintenanceId, new Date(data.at));
  }

  @OnJob(MAINTENANCE_QUEUE, 'extend-series')
  extendSeries(): Promise<number> {
    return this.series.extendDue();
  }
}
