import { Processor } from '@nestjs/bullmq';
import { JobRegistry } from '../../jobs/job-registry';
import { OnJob } from '../../jobs/on-job.decorator';
import { QueueProcessor } from '../../jobs/queue-processor';
import { JobData } from '../../jobs/queues';
import { MetricsService } from '../../metrics/metrics.service';
import { MAINTENANCE_QUEUE } from './maintenance.queue';
import { MaintenanceService, Transition } from './maintenance.service';

/**
 * Applies scheduled starts and ends. Thin: the service re-reads PostgreSQL and
 * applies the transition only if the window still expects it. High concurrency
 * because many windows can be due at the same second and each job is short.
 */
@Processor(MAINTENANCE_QUEUE, { concurrency: 50 })
export class MaintenanceProcessor extends QueueProcessor {
  protected readonly queueName = MAINTENANCE_QUEUE;

  constructor(
    registry: JobRegistry,
    metrics: MetricsService,
    private readonly maintenance: MaintenanceService,
  ) {
    super(registry, metrics);
  }

  @OnJob(MAINTENANCE_QUEUE, 'start')
  start(data: JobData<'maintenance', 'start'>): Promise<Transition[]> {
    return this.maintenance.runScheduledTransition('start', data.maintenanceId, new Date(data.at));
  }

  @OnJob(MAINTENANCE_QUEUE, 'complete')
  complete(data: JobData<'maintenance', 'complete'>): Promise<Transition[]> {
    return this.maintenance.runScheduledTransition('complete', data.maintenanceId, new Date(data.at));
  }
}
