import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { paginate, Paginated, PaginationQueryDto } from '../../../common/pagination';
import { ResourceNotFoundError } from '../../../common/errors';
import { JobQueues } from '../../../jobs/job-queues';
import { PagesService } from '../../status-pages/pages.service';
import { confirmationNotice } from './confirmation-email';
import { SubscriberDeliveryAttemptDto } from './dto/delivery.dto';
import { Mailer } from './mailer';
import { Notice } from './notice';
import { FanOut } from './fan-out';
import { batches, fanOutJob, NOTIFICATIONS_QUEUE, sendJob } from './notifications.queue';
import { NotificationsRepository } from './notifications.repository';
import { CONFIRM_TOKEN_TTL_MS, isTokenShaped, TokenPurpose, tokenHash } from './subscription-tokens';

export type { TokenPurpose } from './subscription-tokens';

/** An event not fanned out after this long lost its job (Redis was down or lost it). */
const FAN_OUT_GRACE_MS = 30_000;
/** A delivery still pending after this long lost its job (a long queue is slower than this only under extreme load). */
const PENDING_GRACE_MS = 5 * 60_000;
/** A retry whose time passed this long ago lost its delayed job. */
const RETRY_GRACE_MS = 30_000;
const REPAIR_TAKE = 5_000;
const ADD_TIMEOUT_MS = 30_000;

export interface NotificationsReconcileResult {
  fannedOut: number;
  requeued: number;
}

/**
 * Telling subscribers: an event is recorded once (its key), fanned out to one
 * delivery per subscriber it concerns, and sent in batches by the workers
 * (EmailSender). Recording is in PostgreSQL, so a lost job is found again by
 * the reconciler; the delivery rows' unique key and claim keep each email to
 * one subscriber and event to one send.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly queues: JobQueues,
    private readonly pages: PagesService,
    private readonly mailer: Mailer,
    private readonly fanOut: FanOut,
  ) {}

  /** Whether email can be sent at all (SMTP_URL is set). */
  get enabled(): boolean {
    return this.mailer.enabled;
  }

  /**
   * Records the event and queues its fan-out. Never throws: an event source must not
   * fail because of its emails (a failure is logged; a lost fan-out job is re-queued
   * by the reconciler, a failure to record loses that event's emails).
   */
  async notify(notice: Notice): Promise<void> {
    try {
      await this.record(notice);
    } catch (err) {
      this.logger.error(`could not record the ${notice.kind} emails of page ${notice.pageId}: ${(err as Error).message}`);
    }
  }

  /** As `notify`, but a failure to record the event throws (for a job that should then be retried). */
  async record(notice: Notice): Promise<void> {
    if (!this.mailer.enabled) return;
    const page = await this.pages.lookup(notice.pageId);
    // A private page has no public side: its emails' links (history, manage, unsubscribe) could not work.
    if (!page?.allowSubscribers || !page.isPublic) return;
    const { id, created } = await this.repo.recordEvent(notice, this.pages.publicUrl(page));
    if (created) await this.queueFanOut(id);
  }

  /** Queues a confirmation email to a pending subscriber; each carries fresh tokens (confirm valid 7 days). */
  async requestConfirmation(subscriber: { id: string; pageId: string }): Promise<void> {
    const page = await this.pages.find(subscriber.pageId);
    const notice = confirmationNotice(page, `confirmation:${randomUUID()}`);
    const { id } = await this.repo.recordEvent(notice, this.pages.publicUrl(page), subscriber.id);
    await this.queueFanOut(id);
  }

  /** The subscriber id a token from an email was issued for, or null (unknown token, or an expired confirm token). */
  async subscriberForToken(purpose: TokenPurpose, token: string): Promise<string | null> {
    if (!isTokenShaped(token)) return null;
    const owner = await this.repo.tokenOwner(purpose, tokenHash(token));
    if (!owner) return null;
    if (purpose === 'confirm' && owner.issuedAt.getTime() + CONFIRM_TOKEN_TTL_MS < Date.now()) return null;
    return owner.subscriberId;
  }

  /** Every email attempt to a subscriber of the page, newest first. */
  async listAttempts(pageId: string, subscriberId: string, query: PaginationQueryDto): Promise<Paginated<SubscriberDeliveryAttemptDto>> {
    if (!(await this.repo.subscriberExists(pageId, subscriberId))) throw new ResourceNotFoundError('subscriber', subscriberId);
    return paginate(
      query,
      (skip, take) => this.repo.attempts(subscriberId, skip, take),
      (r): SubscriberDeliveryAttemptDto => ({
        id: r.id,
        deliveryId: r.deliveryId,
        kind: r.kind,
        subject: r.subject,
        email: r.email,
        attempt: r.attempt,
        outcome: r.ok ? 'sent' : 'failed',
        response: r.response,
        durationMs: r.durationMs,
        createdAt: r.createdAt.toISOString(),
      }),
    );
  }

  /**
   * Finds the email work whose jobs were lost (Redis down when it was queued,
   * or its keys lost) and queues it again: events never fanned out, deliveries
   * never attempted, overdue retries, and deliveries whose sender died (lease
   * run out). Safe to repeat: each email is claimed before it is sent.
   */
  async requeueLost(): Promise<NotificationsReconcileResult> {
    const now = Date.now();
    const events = await this.repo.unfannedEvents(new Date(now - FAN_OUT_GRACE_MS), REPAIR_TAKE);
    for (const id of events) await this.fanOut.run(id, 'repair');
    const due = await this.repo.dueDeliveries(new Date(now - PENDING_GRACE_MS), new Date(now - RETRY_GRACE_MS), REPAIR_TAKE);
    const byEvent = new Map<string, Array<{ id: string; attempts: number }>>();
    for (const d of due) byEvent.set(d.eventId, [...(byEvent.get(d.eventId) ?? []), d]);
    const jobs = [...byEvent].flatMap(([eventId, rows]) =>
      // The attempt count in the id: a later repair of the same rows is a new job, a repeated one is not.
      batches(rows).map((b) => sendJob(eventId, b.map((r) => r.id), `repair${b[0].attempts}`)),
    );
    await this.queues.addBulk(NOTIFICATIONS_QUEUE, jobs, { timeoutMs: ADD_TIMEOUT_MS });
    return { fannedOut: events.length, requeued: due.length };
  }

  private async queueFanOut(eventId: string): Promise<void> {
    try {
      const job = fanOutJob(eventId);
      await this.queues.add(NOTIFICATIONS_QUEUE, job.name, job.data, job.opts);
    } catch (err) {
      this.logger.warn(`could not queue the emails of event ${eventId} (the reconciler will): ${(err as Error).message}`);
    }
  }
}
