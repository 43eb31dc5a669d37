import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { JobHandlerKey, ON_JOB } from './on-job.decorator';
import { JOB_NAMES, QUEUE_NAMES, QueueName } from './queues';

type Handler = (data: unknown, job: Job, token?: string) => Promise<unknown>;

/** Thrown at boot when a job has no handler, or two. */
export class JobHandlersError extends Error {}

/**
 * The job handlers of this process, found through their `@OnJob` decorators.
 * At boot it checks that every job of every queue has exactly one handler
 * (a worker must not start and then drop jobs it cannot run).
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const key = this.reflector.get<JobHandlerKey | undefined>(ON_JOB, fn as () => unknown);
        if (!key) continue;
        const id = handlerId(key.queue, key.name);
        if (this.handlers.has(id)) problems.push(`job ${id} has more than one handler`);
        this.handlers.set(id, (fn as Handler).bind(instance));
      }
    }
    for (const queue of QUEUE_NAMES) {
      for (const name of Object.keys(JOB_NAMES[queue])) {
        if (!this.handlers.has(handlerId(queue, name))) problems.push(`job ${handlerId(queue, name)} has no handler`);
      }
    }
    if (problems.length) throw new JobHandlersError(`refusing to start the workers: ${problems.join('; ')}`);
  }

  /** Runs the job's handler (`token`: the worker's lock token, for moving the job). */
  run(queue: QueueName, job: Job, token?: string): Promise<unknown> {
    const handler = this.handlers.get(handlerId(queue, job.name));
    if (!handler) throw new Error(`no handler for job ${handlerId(queue, job.name)}`);
    return handler(job.data, job, token);
  }
}

const handlerId = (queue: string, name: string): string => `${queue}/${name}`;
