import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobQueues } from '../../jobs/job-queues';
import { RedisService } from '../../redis/redis.service';
import { plannedJobs, toBullJob } from './maintenance.queue';
import { MaintenanceService } from './maintenance.service';
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
 * PostgreSQL is the truth, Redis may lose every key. At worker start and then
 * every RECONCILE_INTERVAL_MS, this applies the transitions that are overdue
 * (e.g. every process was down at that instant) and re-adds the delayed job of
 * every window that still has one ahead (deterministic ids: existing jobs are
 * left as they are). It first extends the recurring series, so that losing
 * Redis (and the `extend-series` scheduler) loses no occurrence.
 *
 * The timer lives in the process, not in Redis, so it survives Redis losing
 * its keys; a short Redis lock keeps it to one run per interval across
 * workers (and if Redis is down every worker runs it: transitions are
 * conditional updates, so concurrent runs never apply one twice).
 */
@Injectable()
export class MaintenanceReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly queues: JobQueues,
    private readonly series: MaintenanceSeriesService,
  ) {}

  onApplicationBootstrap(): void {
    this.kick(false);
    this.timer = setInterval(() => this.kick(true), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Starts a run in the background unless one is already running in this process. */
  private kick(periodic: boolean): void {
    if (this.running) return;
    this.running = (async () => {
      if (periodic && !(await this.takeTurn())) return;
      const result = await this.reconcile();
      if (result.applied) this.logger.log(`applied ${result.applied} overdue maintenance transition(s)`);
    })()
      .catch((err: Error) => this.logger.warn(`maintenance reconciliation failed: ${err.message}`))
      .finally(() => (this.running = undefined));
  }

  /** One periodic run per interval across every worker. */
  private async takeTurn(): Promise<boolean> {
    const key = `${this.config.queuePrefix}:locks:maintenance-reconcile`;
    const ttl = Math.max(100, Math.floor(this.config.reconcileIntervalMs * 0.8));
    try {
      return (await this.redis.client.set(key, String(process.pid), 'PX', ttl, 'NX')) === 'OK';
    } catch {
      return true;
    }
  }

  async reconcile(): Promise<ReconcileResult> {
    // A failed extension must not keep the due transitions from being applied.
    const extended = await this.series.extendDue().catch((err: Error) => {
      this.logger.warn(`could not extend maintenance series: ${err.message}`);
      return 0;
    });
    // Starts first: a window whose start and end both passed is then completed by the second sweep.
    const applied = (await this.maintenance.sweepDue('in_progress')) + (await this.maintenance.sweepDue('completed'));
    const scheduled = await this.rescheduleMissing();
    return { applied, scheduled, extended };
  }

  private async rescheduleMissing(): Promise<number> {
    let scheduled = 0;
    let afterId: string | undefined;
    for (;;) {
      const pending = await this.maintenance.findPending(afterId, BATCH);
      if (pending.length === 0) return scheduled;
      afterId = pending[pending.length - 1].id;
      const now = Date.now();
      const jobs = pending.flatMap((m) => plannedJobs(m)).map((j) => toBullJob(j, now));
      await this.queues.addBulk('maintenance', jobs, { timeoutMs: ADD_TIMEOUT_MS });
      scheduled += jobs.length;
    }
  }
}
