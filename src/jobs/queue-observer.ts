import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { logQueueErrors } from '../redis/redis.service';
import { JobQueues } from './job-queues';

/** Watches every queue, in every role: depths for /metrics, connection errors for the log. */
@Injectable()
export class QueueObserver implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(
    private readonly queues: JobQueues,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    for (const queue of this.queues.all()) {
      this.metrics.watchQueue(queue);
      logQueueErrors(queue, this.logger);
    }
  }
}
