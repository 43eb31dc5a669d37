import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { MetricsService } from './metrics/metrics.service';
import { MAINTENANCE_QUEUE } from './modules/maintenance/maintenance.queue';
import { STATUS_INCIDENTS_QUEUE } from './modules/status-incidents/status-incidents.queue';
import { STATUS_PAGES_QUEUE } from './modules/status-pages/status-pages.queue';
import { logQueueErrors } from './redis/redis.service';

/** Every queue of the application (each feature module registers its own). */
export const QUEUES = [STATUS_PAGES_QUEUE, MAINTENANCE_QUEUE, STATUS_INCIDENTS_QUEUE];

/** One place that watches every queue, in every role: depths for /metrics, connection errors for the log. */
@Injectable()
export class QueueObserver implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    for (const name of QUEUES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.metrics.watchQueue(queue);
      logQueueErrors(queue, this.logger);
    }
  }
}
