import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { InstrumentedProcessor } from '../../common/instrumented-processor';
import { MetricsService } from '../../metrics/metrics.service';
import { MAINTENANCE_QUEUE, MaintenanceJobName, MaintenanceJobs } from './maintenance.queue';
import { MaintenanceService, Transition } from './maintenance.service';

/**
 * Applies scheduled starts and ends. Thin: the service re-reads PostgreSQL and
 * applies the transition only if the window still expects it. High concurrency
 * because many windows can be due at the same second and each job is short.
 */
@Processor(MAINTENANCE_QUEUE, { concurrency: 50 })
export class MaintenanceProcessor extends InstrumentedProcessor {
  protected readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(private readonly maintenance: MaintenanceService, metrics: MetricsService) {
    super(metrics);
  }

  async process(job: Job): Promise<Transition[]> {
    const name = job.name as MaintenanceJobName;
    switch (name) {
      case 'start':
      case 'complete': {
        const data = job.data as MaintenanceJobs[typeof name];
        return this.maintenance.runScheduledTransition(name, data.maintenanceId, new Date(data.at));
      }
      default: {
        const unknown: never = name;
        throw new Error(`unknown job ${String(unknown)}`);
      }
    }
  }
}
