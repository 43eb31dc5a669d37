import { JobsOptions } from 'bullmq';

/** Jobs of the `notifications` queue. */
export const NOTIFICATIONS_QUEUE = 'notifications';

export interface NotificationJobs {
  /** Makes an event's deliveries (one per subscriber it concerns) and queues them in batches. */
  'fan-out': { eventId: string };
  /** Sends a batch of an event's deliveries (those still due: a duplicate job sends nothing twice). */
  'send-emails': { eventId: string; deliveryIds: string[] };
}

/** Emails per send job: the database work is per batch, the SMTP work per email. */
export const SEND_BATCH = 50;

/** Jobs fail only when PostgreSQL or Redis does (SMTP failures are recorded per email): retried soon. */
const RETRY = { attempts: 10, backoff: { type: 'exponential', delay: 1_000 } } as const;

export function fanOutJob(eventId: string) {
  return {
    name: 'fan-out' as const,
    data: { eventId },
    opts: { jobId: `fan-out-${eventId}`, ...RETRY, removeOnComplete: true, removeOnFail: 1000 } satisfies JobsOptions,
  };
}

/** `tag` makes the id: the same batch queued twice for the same reason is one job. */
export function sendJob(eventId: string, deliveryIds: string[], tag: string, delayMs = 0) {
  return {
    name: 'send-emails' as const,
    data: { eventId, deliveryIds },
    opts: {
      jobId: `send-${eventId}-${deliveryIds[0]}-${tag}`,
      delay: delayMs,
      ...RETRY,
      removeOnComplete: true,
      removeOnFail: 1000,
    } satisfies JobsOptions,
  };
}

export function batches<T>(items: T[], size = SEND_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
