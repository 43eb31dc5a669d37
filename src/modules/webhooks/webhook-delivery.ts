import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Webhook } from '../../generated/prisma/client';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { AppConfig } from '../../config/app-config';
import { JobData } from '../../jobs/queues';
import { BlockedTargetError, postJson } from './webhook-target';
import { WebhooksRepository } from './webhooks.repository';

/** A failed attempt: thrown so that BullMQ retries it with backoff. */
export class WebhookDeliveryError extends Error {}

const MAX_ERROR_LENGTH = 500;

/** One delivery attempt of one message to one webhook (Standard Webhooks signing). */
@Injectable()
export class WebhookDelivery {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Signs and POSTs the message, records the attempt, and throws on a non-2xx
   * answer, a timeout or a network error so that BullMQ retries. A deleted
   * webhook ends the delivery quietly.
   */
  async attempt(job: JobData<'webhooks', 'deliver-webhook'>, attempt: number): Promise<void> {
    const webhook = await this.repo.findById(job.webhookId);
    // Deleted, or disabled because its receiver kept failing: nothing to deliver.
    if (!webhook || webhook.disabledAt) return;
    const started = performance.now();
    const { statusCode, error, blocked } = await this.post(webhook, job);
    try {
      await this.repo.recordDelivery({
        webhookId: webhook.id,
        messageId: job.messageId,
        event: job.event,
        attempt,
        statusCode,
        error,
        durationMs: Math.round(performance.now() - started),
      });
    } catch (err) {
      // Deleted meanwhile: nothing left to deliver to.
      if (!(await this.repo.exists(webhook.id))) return;
      throw err;
    }
    const message = `${job.event} ${job.messageId} to webhook ${webhook.id}: ${error}`;
    // A target that is not allowed stays so: recorded once, not retried.
    if (blocked) throw new UnrecoverableError(message);
    if (!error) return this.repo.recordSuccess(webhook.id);
    const limit = this.config.webhookDisableAfter;
    const reason = `disabled after ${limit} failed delivery attempts in a row; the last: ${error}`;
    if (await this.repo.recordFailure(webhook.id, limit, reason)) throw new UnrecoverableError(`${message} (${reason})`);
    throw new WebhookDeliveryError(message);
  }

  private async post(webhook: Webhook, job: JobData<'webhooks', 'deliver-webhook'>) {
    const sentAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'statuspages-webhooks',
      'webhook-id': job.messageId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new StandardWebhook(webhook.secret).sign(job.messageId, sentAt, job.body),
    };
    try {
      const res = await postJson(webhook.url, headers, job.body, {
        timeoutMs: this.config.webhookTimeoutMs,
        allowPrivate: this.config.webhookAllowPrivate,
      });
      const ok = res.status >= 200 && res.status <= 299;
      return { statusCode: res.status, error: ok ? null : `receiver answered HTTP ${res.status}`, blocked: false };
    } catch (err) {
      return { statusCode: null, error: describeRequestError(err, this.config.webhookTimeoutMs), blocked: err instanceof BlockedTargetError };
    }
  }
}

function describeRequestError(err: unknown, timeoutMs: number): string {
  const e = err as Error | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return (e?.message ?? String(err)).slice(0, MAX_ERROR_LENGTH);
}
