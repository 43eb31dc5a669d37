import type { MaintenanceJobs } from '../modules/maintenance/maintenance.queue';
import type { MaintenanceSeriesJobs } from '../modules/maintenance/series/maintenance-series.queue';
import type { StatusHistoryJobs } from '../modules/status-pages/status-history/status-history.queue';
import type { NotificationJobs } from '../modules/subscribers/notifications/notifications.queue';
import type { WebhookJobs } from '../modules/webhooks/webhooks.queue';

/**
 * Every queue of the application and, for each, its jobs and their payloads.
 * A module's `*.queue.ts` declares its jobs; this map is the one list of
 * queues (BullMQ registration, metrics, the boot check of handlers).
 */
export interface JobPayloads {
  'status-history': StatusHistoryJobs;
  maintenance: MaintenanceJobs & MaintenanceSeriesJobs;
  webhooks: WebhookJobs;
  notifications: NotificationJobs;
}

export type QueueName = keyof JobPayloads;
export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = JobPayloads[Q][N];

/** The job names of each queue, at run time (the compiler checks they are all there). */
export const JOB_NAMES: { [Q in QueueName]: Record<JobName<Q>, true> } = {
  'status-history': { 'record-status-history': true, 'reconcile-status-history': true },
  maintenance: { start: true, complete: true, remind: true, 'extend-series': true },
  webhooks: { 'deliver-webhook': true },
  notifications: { 'fan-out': true, 'send-emails': true },
};

export const QUEUE_NAMES = Object.keys(JOB_NAMES) as QueueName[];
