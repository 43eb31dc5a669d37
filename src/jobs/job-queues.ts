import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobsOptions, Queue } from 'bullmq';
import { RedisService } from '../redis/redis.service';
import { JobData, JobName, QUEUE_NAMES, QueueName } from './queues';

export interface QueuedJob<Q extends QueueName, N extends JobName<Q> = JobName<Q>> {
  name: N;
  data: JobData<Q, N>;
  opts: JobsOptions;
}

export interface QueueCallOptions {
  /** How long to wait for Redis (default: the API's short wait, QUEUE_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * The one way to add and remove jobs: typed by queue and job name, and
 * through the Redis-outage guard (a lost connection fails at once, a slow one
 * after a bounded wait), so no caller ever hangs on Redis. Callers decide what
 * a failure means (usually: log, the reconcilers repair it).
 */
@Injectable()
export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly redis: RedisService,
  ) {}

  /** The BullMQ queue (for metrics and schedulers); looked up on first use, once every provider exists. */
  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, queue);
    }
    return queue;
  }

  all(): Queue[] {
    return QUEUE_NAMES.map((name) => this.queue(name));
  }

  async add<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    data: JobData<Q, N>,
    opts: JobsOptions,
    call: QueueCallOptions = {},
  ): Promise<void> {
    await this.redis.queueCommand(() => this.queue(queue).add(name, data, opts), call.timeoutMs);
  }

  async addBulk<Q extends QueueName>(queue: Q, jobs: Array<QueuedJob<Q>>, call: QueueCallOptions = {}): Promise<void> {
    if (jobs.length === 0) return;
    await this.redis.queueCommand(() => this.queue(queue).addBulk(jobs), call.timeoutMs);
  }

  /** Creates or updates a repeating job (BullMQ job scheduler) with this id. */
  async upsertScheduler<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    everyMs: number,
    data: JobData<Q, N>,
    opts: JobsOptions,
  ): Promise<void> {
    await this.redis.queueCommand(() => this.queue(queue).upsertJobScheduler(name, { every: everyMs }, { name, data, opts }));
  }

  async remove(queue: QueueName, jobId: string, call: QueueCallOptions = {}): Promise<void> {
    await this.redis.queueCommand(() => this.queue(queue).remove(jobId), call.timeoutMs);
  }
}
