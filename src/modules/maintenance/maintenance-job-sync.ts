import { Injectable, Logger } from '@nestjs/common';
import { JobQueues } from '../../jobs/job-queues';
import { plannedJobs, SchedulableWindow, toBullJob } from './maintenance.queue';

/** Many windows at once (a series' occurrences) may wait longer for Redis than one API call. */
const BULK_ADD_TIMEOUT_MS = 10_000;

/**
 * Makes the maintenance queue match windows that changed: removes the jobs
 * they no longer need (moved, cancelled, done, deleted) and adds those they
 * need (deterministic ids: adding an existing job is a no-op). A job that
 * cannot be removed (running right now) is harmless: it re-checks the row.
 * Queue trouble never fails the caller; the reconciler repairs it.
 */
@Injectable()
export class MaintenanceJobSync {
  private readonly logger = new Logger(MaintenanceJobSync.name);

  constructor(private readonly queues: JobQueues) {}

  /** `before`: the windows as they were (none for new ones); `after`: as they are now (none once deleted). */
  async sync(before: SchedulableWindow[], after: SchedulableWindow[]): Promise<void> {
    const wanted = after.flatMap((w) => plannedJobs(w));
    const keep = new Set(wanted.map((j) => j.id));
    const stale = before.flatMap((w) => plannedJobs(w)).filter((j) => !keep.has(j.id));
    await Promise.all(
      stale.map((j) =>
        this.queues.remove('maintenance', j.id).catch((err: Error) =>
          this.logger.warn(`could not remove job ${j.id} (it will find nothing to do): ${err.message}`),
        ),
      ),
    );
    const call = after.length > 1 ? { timeoutMs: BULK_ADD_TIMEOUT_MS } : {};
    await this.queues.addBulk('maintenance', wanted.map((j) => toBullJob(j)), call).catch((err: Error) =>
      this.logger.warn(`could not schedule jobs of ${after.length} maintenance(s) (the reconciler will): ${err.message}`),
    );
  }
}
