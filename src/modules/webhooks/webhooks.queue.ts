import { JobsOptions } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import type { WebhookEventType } from './webhook-payloads';

/** Jobs of the `webhooks` queue. */
export const WEBHOOKS_QUEUE = 'webhooks';

export interface WebhookJobs {
  /** POST one signed message to one webhook; retried with exponential backoff until it gets a 2xx. */
  'deliver-webhook': {
    webhookId: string;
    /** The webhook's page: deliveries share the workers fairly between pages. */
    pageId: string;
    /** `msg_` + uuid: the `webhook-id` header, the same on every attempt. */
    messageId: string;
    event: WebhookEventType;
    /** The JSON body `{type, timestamp, data}`, serialized once so every attempt signs the same bytes. */
    body: string;
  };
}

/** One job per (webhook, message): a duplicate enqueue of the same message is ignored by BullMQ. */
export function deliveryJobId(webhookId: string, messageId: string): string {
  return `deliver-${webhookId}-${messageId}`;
}

export function deliveryJobOptions(config: AppConfig, webhookId: string, messageId: string) {
  return {
    jobId: deliveryJobId(webhookId, messageId),
    attempts: config.webhookMaxAttempts,
    backoff: { type: 'exponential', delay: config.webhookRetryBaseMs },
    removeOnComplete: true,
    removeOnFail: 1000,
  } as const satisfies JobsOptions;
}
