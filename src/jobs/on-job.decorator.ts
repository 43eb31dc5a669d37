import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobData, JobName, QueueName } from './queues';

export const ON_JOB = 'jobs:onJob';

export interface JobHandlerKey {
  queue: QueueName;
  name: string;
}

/**
 * Marks a processor method as the handler of one job; its first parameter
 * must be that job's payload. Found at boot by the JobRegistry, which refuses
 * to start a worker while any job of any queue has no handler.
 */
export function OnJob<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N) {
  return <T extends (data: JobData<Q, N>, job: Job, token?: string) => Promise<unknown>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    SetMetadata<string, JobHandlerKey>(ON_JOB, { queue, name })(target, key, descriptor);
  };
}
