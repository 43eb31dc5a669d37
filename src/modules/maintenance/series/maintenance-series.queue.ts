import { JobsOptions } from 'bullmq';

/** Jobs of the maintenance queue that concern series (JobPayloads['maintenance'] includes them). */
export interface MaintenanceSeriesJobs {
  /** Make the occurrences that entered the 90-day horizon (the reconciler does the same on every run). */
  'extend-series': Record<string, never>;
}

/** How often the `extend-series` job scheduler runs. */
export const EXTEND_SERIES_EVERY_MS = 60 * 60_000;

export const EXTEND_SERIES_JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: 100,
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
} as const satisfies JobsOptions;
