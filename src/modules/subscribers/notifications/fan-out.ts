import { Injectable } from '@nestjs/common';
import { JobQueues } from '../../../jobs/job-queues';
import { batches, NOTIFICATIONS_QUEUE, sendJob } from './notifications.queue';
import { NotificationsRepository } from './notifications.repository';

/** A worker may wait longer than an API call for a batch of jobs to be added. */
const ADD_TIMEOUT_MS = 30_000;

/**
 * One event to its deliveries: one row per subscriber it concerns (made in
 * one statement; a second run makes none), then a send job per batch. Safe
 * to run again after a crash at any point: rows are unique per subscriber
 * and event, and a batch queued twice sends each email once (the claim).
 */
@Injectable()
export class FanOut {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly queues: JobQueues,
  ) {}

  async run(eventId: string, tag = 'first'): Promise<number> {
    await this.repo.fanOut(eventId);
    const pending = await this.repo.pendingIds(eventId);
    await this.queues.addBulk(
      NOTIFICATIONS_QUEUE,
      batches(pending).map((ids) => sendJob(eventId, ids, tag)),
      { timeoutMs: ADD_TIMEOUT_MS },
    );
    await this.repo.markFannedOut(eventId);
    return pending.length;
  }
}
