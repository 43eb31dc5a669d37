import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobQueues } from '../../jobs/job-queues';
import { ReconcileLoop } from '../../jobs/reconcile-loop';
import { RedisService } from '../../redis/redis.service';
import { plannedJobs, toBullJob } from './maintenance.queue';
import { MaintenanceLifecycleService } from './maintenance-lifecycle.service';
import { MaintenanceSeriesService } from './series/maintenance-series.service';

const BATCH = 1_000;
/** A worker may wait longer than an API call for a batch of jobs to be added. */
const ADD_TIMEOUT_MS = 30_000;

export interface ReconcileResult {
  /** Overdue transitions this run applied. */
  applied: number;
  /** Jobs (re-)added; adding a job that still exists is a no-op in BullMQ. */
  scheduled: number;
  /** Occurrences of recurring series made (those that entered the horizon). */
  extended: number;
}

/**
 * At worker start and then every RECONCILE_INTERVAL_MS (ReconcileLoop), this
 * applies the transitions that are overdue (e.g. every process was down at
 * that instant) and re-adds the delayed job of every window that still has
 * one ahead (deterministic ids: existing jobs are left as they are). It first
 * extends the recurring series, so that losing Redis (and the `extend-series`
 * scheduler) loses no occurrence. Transitions are conditional updates, so
 * concurrent runs never apply one twice.
 */
@Injectable()
export class MaintenanceReconciler extends ReconcileLoop<ReconcileResult> {
  protected readonly logger = new Logger(MaintenanceReconciler.name);
  protected readonly what = 'maintenance';

  constructor(
    private readonly lifecycle: MaintenanceLifecycleService,
    config: AppConfig,
    redis: RedisService,
    private readonly queues: JobQueues,
    private readonly series: MaintenanceSeriesService,
  ) {
    super(config, redis);
  }

  protected describe(result: ReconcileResult): string | undefined {
    return result.applied ? `applied ${result.applied} overdue maintenance transition(s)` : undefined;
  }

  async reconcile(): Promise<ReconcileResult> {
    // A failed extension must not keep the due transitions from being applied.
    const extended = await this.series.extendDue().catch((err: Error) => {
      this.logger.warn(`could not extend maintenance series: ${err.message}`);
      return 0;
    });
    // Starts first: a window whose start and end both passed is then completed by the second sweep.
    const applied = (await this.lifecycle.sweepDue('in_progress')) + (await this.lifecycle.sweepDue('completed'));
    const scheduled = await this.rescheduleMissing();
    return { applied, scheduled, extended };
  }

  private async rescheduleMissing(): Promise<number> {
    let scheduled = 0;
    let afterId: string | undefined;
    for (;;) {
      const pending = await this.lifecycle.findPending(afterId, BATCH);
      if (pending.length === 0) return scheduled;
      afterId = pending[pending.length - 1].id;
      const now = Date.now();
      const jobs = pending.flatMap((m) => plannedJobs(m)).map((j) => toBullJob(j, now));
      await this.queues.addBulk('maintenance', jobs, { timeoutMs: ADD_TIMEOUT_MS });
      scheduled += jobs.length;
    }
  }
}
