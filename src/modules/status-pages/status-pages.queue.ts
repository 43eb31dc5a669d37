/** Queue and jobs of the StatusPages module. */
export const STATUS_PAGES_QUEUE = 'status-pages';

export interface StatusPagesJobs {
  /** Record changes of effective status for every component of a page. */
  'record-status-history': { pageId: string; at: string };
  /** Re-check every page (run at worker start, and periodically). */
  'reconcile-status-history': Record<string, never>;
}
export type StatusPagesJobName = keyof StatusPagesJobs;

export const STATUS_PAGES_JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: 1000,
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
} as const;
