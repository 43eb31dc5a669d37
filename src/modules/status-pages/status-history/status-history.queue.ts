import { JobsOptions } from 'bullmq';

/** Jobs of the `status-history` queue: recording effective-status history (the source of uptime figures). */
export interface StatusHistoryJobs {
  /** Record changes of effective status for every component of a page. */
  'record-status-history': { pageId: string; at: string };
  /** Re-check every page (run at worker start, and periodically). */
  'reconcile-status-history': Record<string, never>;
}

export const STATUS_HISTORY_JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: 1000,
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
} as const satisfies JobsOptions;

export const RECONCILE_HISTORY_EVERY_MS = 5 * 60_000;
