import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { JobQueues } from '../../../jobs/job-queues';
import { MetricsService } from '../../../metrics/metrics.service';
import { AttemptRecorder } from './attempt-recorder';
import { Mailer } from './mailer';
import { personalize } from './notice';
import { NOTIFICATIONS_QUEUE, sendJob } from './notifications.queue';
import { AttemptResult, ClaimedDelivery, DeliveryTokens, NotificationsRepository, StoredNotice } from './notifications.repository';
import { newToken, tokenHash } from './subscription-tokens';

/**
 * Sends a batch of one event's deliveries: claims those still due (so no
 * email goes out twice, whatever duplicate jobs or workers run), gives each
 * email fresh link tokens (stored as hashes), sends them through the pooled
 * transport, and records every attempt. An email the server did not accept
 * is retried with exponential backoff (MAIL_RETRY_BASE_MS, MAIL_MAX_ATTEMPTS).
 */
@Injectable()
export class EmailSender {
  private readonly logger = new Logger(EmailSender.name);
  /** Events are written once and read by every batch: the last few are kept here. */
  private readonly events = new Map<string, StoredNotice>();

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly mailer: Mailer,
    private readonly queues: JobQueues,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async sendBatch(eventId: string, deliveryIds: string[]): Promise<void> {
    const event = await this.event(eventId);
    if (!event || deliveryIds.length === 0) return; // the page (and with it the event) was deleted
    const raw = new Map<string, { confirm: string | null; manage: string; unsubscribe: string }>();
    const hashes = new Map<string, DeliveryTokens>();
    for (const id of deliveryIds) {
      const t = { confirm: event.kind === 'confirmation' ? newToken() : null, manage: newToken(), unsubscribe: newToken() };
      raw.set(id, t);
      hashes.set(id, { confirm: t.confirm && tokenHash(t.confirm), manage: tokenHash(t.manage), unsubscribe: tokenHash(t.unsubscribe) });
    }
    const claimed = await this.repo.claim(hashes);
    if (claimed.length === 0) return;
    const recorder = new AttemptRecorder((results) => this.repo.record(results));
    const results = await Promise.all(
      claimed.map(async (d) => {
        const result = await this.sendOne(event, d, raw.get(d.id)!);
        recorder.add(result); // marked sent right away, not when the whole batch is done
        return result;
      }),
    );
    await recorder.drain();
    await this.scheduleRetries(eventId, results);
  }

  private async sendOne(
    event: StoredNotice,
    delivery: ClaimedDelivery,
    tokens: { confirm: string | null; manage: string; unsubscribe: string },
  ): Promise<AttemptResult> {
    const base = event.linkBase;
    const links = {
      confirm: tokens.confirm ? `${base}/subscriptions/confirm?token=${tokens.confirm}` : undefined,
      manage: `${base}/subscriptions/manage?token=${tokens.manage}`,
      unsubscribe: `${base}/subscriptions/unsubscribe?token=${tokens.unsubscribe}`,
    };
    const root = `<${event.threadKey}.${delivery.subscriberId}@${this.mailer.domain}>`;
    const messageId = event.startsThread ? root : `<${delivery.id}@${this.mailer.domain}>`;
    const started = Date.now();
    const sent = await this.mailer.send({
      to: delivery.email,
      subject: event.subject,
      text: personalize(event.text, links),
      html: personalize(event.html, links),
      messageId,
      inReplyTo: event.startsThread ? undefined : root,
      unsubscribeUrl: links.unsubscribe,
    });
    this.metrics.emailsSent.inc({ outcome: sent.ok ? 'sent' : 'failed' });
    const retry = !sent.ok && !sent.permanent && delivery.attempts < this.config.mailMaxAttempts;
    return {
      deliveryId: delivery.id,
      attempt: delivery.attempts,
      ok: sent.ok,
      response: sent.response,
      durationMs: Date.now() - started,
      state: sent.ok ? 'sent' : retry ? 'retrying' : 'failed',
      nextAttemptAt: retry ? new Date(Date.now() + this.retryDelay(delivery.attempts)) : null,
      messageId,
    };
  }

  private retryDelay(attempt: number): number {
    return this.config.mailRetryBaseMs * 2 ** (attempt - 1);
  }

  /** One delayed job per attempt number (same delay): if Redis loses it, the reconciler re-queues it. */
  private async scheduleRetries(eventId: string, results: AttemptResult[]): Promise<void> {
    const byAttempt = new Map<number, string[]>();
    for (const r of results) if (r.state === 'retrying') byAttempt.set(r.attempt, [...(byAttempt.get(r.attempt) ?? []), r.deliveryId]);
    if (byAttempt.size === 0) return;
    try {
      await this.queues.addBulk(
        NOTIFICATIONS_QUEUE,
        [...byAttempt].map(([attempt, ids]) => sendJob(eventId, ids, `retry${attempt}`, this.retryDelay(attempt))),
      );
    } catch (err) {
      this.logger.warn(`could not queue email retries (the reconciler will): ${(err as Error).message}`);
    }
  }

  private async event(eventId: string): Promise<StoredNotice | null> {
    const cached = this.events.get(eventId);
    if (cached) return cached;
    const event = await this.repo.event(eventId);
    if (event) {
      this.events.set(eventId, event);
      if (this.events.size > 100) this.events.delete(this.events.keys().next().value as string);
    }
    return event;
  }
}
