import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../../generated/prisma/client';
import { PrismaService } from '../../../prisma/prisma.service';
import { Notice, NoticeKind } from './notice';
import { TokenPurpose } from './subscription-tokens';

/** An event as the sender needs it. */
export interface StoredNotice {
  id: string;
  pageId: string;
  kind: NoticeKind;
  subject: string;
  text: string;
  html: string;
  threadKey: string;
  startsThread: boolean;
  linkBase: string;
}

/** A delivery a worker has claimed: it alone sends it until its lease ends. */
export interface ClaimedDelivery {
  id: string;
  email: string;
  subscriberId: string;
  attempts: number;
}

/** The tokens' hashes a claimed delivery's email will carry (null: that link is not in it). */
export interface DeliveryTokens {
  confirm: string | null;
  manage: string;
  unsubscribe: string;
}

/** The outcome of one attempt, as recorded. */
export interface AttemptResult {
  deliveryId: string;
  attempt: number;
  ok: boolean;
  response: string;
  durationMs: number;
  /** The delivery's state after it: sent, retrying (at nextAttemptAt) or failed (given up). */
  state: 'sent' | 'retrying' | 'failed';
  nextAttemptAt: Date | null;
  messageId: string;
}

/** A delivery the reconciler found overdue. */
export interface DueDelivery {
  id: string;
  eventId: string;
  attempts: number;
}

export interface AttemptRow {
  id: string;
  deliveryId: string;
  kind: string;
  subject: string;
  email: string;
  attempt: number;
  ok: boolean;
  response: string;
  durationMs: number;
  createdAt: Date;
}

/** How long a claimed delivery is a worker's own; after it, another may send it (the crash case). */
const LEASE = Prisma.sql`interval '5 minutes'`;

/**
 * Queries of `notification_events`, `notification_deliveries` and
 * `notification_attempts`, and the audience read of `subscribers` (the
 * subscribers feature's table, read here in bulk for the fan-out). The hot
 * statements work on whole batches: one round trip per batch, not per email.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Records the event unless its key is known; returns its id and whether it was new. */
  async recordEvent(notice: Notice, linkBase: string, subscriberId: string | null = null): Promise<{ id: string; created: boolean }> {
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      INSERT INTO notification_events
        (id, page_id, key, kind, component_ids, subscriber_id, subject, text, html, thread_key, starts_thread, link_base)
      VALUES (${randomUUID()}::uuid, ${notice.pageId}::uuid, ${notice.key}, ${notice.kind}, ${notice.componentIds}::uuid[],
        ${subscriberId}::uuid, ${notice.subject}, ${notice.text}, ${notice.html}, ${notice.threadKey}, ${notice.startsThread}, ${linkBase})
      ON CONFLICT (key) DO NOTHING
      RETURNING id`;
    if (rows.length) return { id: rows[0].id, created: true };
    const existing = await this.prisma.notificationEvent.findUniqueOrThrow({ where: { key: notice.key }, select: { id: true } });
    return { id: existing.id, created: false };
  }

  async event(eventId: string): Promise<StoredNotice | null> {
    const e = await this.prisma.notificationEvent.findUnique({ where: { id: eventId } });
    return e && { ...e, kind: e.kind as NoticeKind };
  }

  /**
   * Makes the event's deliveries: one per active subscriber of the page who
   * follows the whole page or one of its components (a confirmation: its one
   * subscriber, whatever the state). Existing ones are left as they are.
   */
  async fanOut(eventId: string): Promise<number> {
    return this.prisma.$executeRaw`
      INSERT INTO notification_deliveries (id, event_id, subscriber_id, email)
      SELECT gen_random_uuid(), e.id, s.id, s.email
      FROM notification_events e
      JOIN subscribers s ON s.page_id = e.page_id
      WHERE e.id = ${eventId}::uuid
        AND (CASE WHEN e.subscriber_id IS NOT NULL THEN s.id = e.subscriber_id
          ELSE s.state = 'active' AND (
            cardinality(e.component_ids) = 0
            OR NOT EXISTS (SELECT 1 FROM subscriber_components sc WHERE sc.subscriber_id = s.id)
            OR EXISTS (SELECT 1 FROM subscriber_components sc WHERE sc.subscriber_id = s.id AND sc.component_id = ANY (e.component_ids)))
          END)
      ON CONFLICT (subscriber_id, event_id) DO NOTHING`;
  }

  /** Ids of the event's deliveries not yet attempted, in a stable order (so batches get stable job ids). */
  async pendingIds(eventId: string): Promise<string[]> {
    const rows = await this.prisma.notificationDelivery.findMany({
      where: { eventId, state: 'pending' },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => r.id);
  }

  async markFannedOut(eventId: string): Promise<void> {
    await this.prisma.notificationEvent.updateMany({ where: { id: eventId, fannedOutAt: null }, data: { fannedOutAt: new Date() } });
  }

  /**
   * Claims those of the deliveries that are due and nobody is sending (or whose
   * sender's lease ran out), and stores the hashes of the tokens their emails
   * will carry. A delivery already sent, or claimed by another worker, is not
   * returned: this is what makes each email go out once.
   */
  claim(tokens: Map<string, DeliveryTokens>): Promise<ClaimedDelivery[]> {
    const ids = [...tokens.keys()];
    const values = [...tokens.values()];
    return this.prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE notification_deliveries d
      SET state = 'sending', attempts = d.attempts + 1, lease_until = now() + ${LEASE},
          confirm_token_hash = t.c, manage_token_hash = t.m, unsubscribe_token_hash = t.u, tokens_issued_at = now()
      FROM unnest(${ids}::uuid[], ${values.map((v) => v.confirm)}::text[], ${values.map((v) => v.manage)}::text[],
                  ${values.map((v) => v.unsubscribe)}::text[]) AS t(id, c, m, u)
      WHERE d.id = t.id
        AND (d.state = 'pending'
          OR (d.state = 'retrying' AND d.next_attempt_at <= now() + interval '1 second')
          OR (d.state = 'sending' AND d.lease_until < now()))
      RETURNING d.id, d.email, d.subscriber_id AS "subscriberId", d.attempts`;
  }

  /** Records the attempts and moves each delivery on, in one statement. */
  async record(results: AttemptResult[]): Promise<void> {
    if (results.length === 0) return;
    const col = <K extends keyof AttemptResult>(k: K) => results.map((r) => r[k]);
    await this.prisma.$executeRaw`
      WITH t AS (
        SELECT * FROM unnest(${col('deliveryId')}::uuid[], ${col('attempt')}::int[], ${col('ok')}::bool[],
          ${col('response')}::text[], ${col('durationMs')}::int[], ${col('state')}::text[],
          ${col('nextAttemptAt')}::timestamptz[], ${col('messageId')}::text[])
          AS t(id, attempt, ok, response, duration_ms, state, next_attempt_at, message_id)
      ), attempts AS (
        INSERT INTO notification_attempts (id, delivery_id, attempt, ok, response, duration_ms)
        SELECT gen_random_uuid(), t.id, t.attempt, t.ok, t.response, t.duration_ms FROM t
      )
      UPDATE notification_deliveries d
      SET state = t.state::"DeliveryState", lease_until = NULL, next_attempt_at = t.next_attempt_at,
          message_id = t.message_id, sent_at = CASE WHEN t.state = 'sent' THEN now() END
      FROM t WHERE d.id = t.id AND d.state = 'sending'`;
  }

  /** The subscriber a token was issued to, and when (null: no email carried it). */
  async tokenOwner(purpose: TokenPurpose, hash: string): Promise<{ subscriberId: string; issuedAt: Date } | null> {
    const column = { confirm: 'confirmTokenHash', manage: 'manageTokenHash', unsubscribe: 'unsubscribeTokenHash' }[purpose];
    const row = await this.prisma.notificationDelivery.findFirst({
      where: { [column]: hash },
      select: { subscriberId: true, tokensIssuedAt: true },
    });
    return row?.tokensIssuedAt ? { subscriberId: row.subscriberId, issuedAt: row.tokensIssuedAt } : null;
  }

  /** Events recorded before `before` whose deliveries were never made (their fan-out job was lost). */
  async unfannedEvents(before: Date, take: number): Promise<string[]> {
    const rows = await this.prisma.notificationEvent.findMany({
      where: { fannedOutAt: null, createdAt: { lt: before } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take,
    });
    return rows.map((r) => r.id);
  }

  /** Deliveries whose job should have run by now: pending since `pendingBefore`, retries overdue, leases run out. */
  dueDeliveries(pendingBefore: Date, retryBefore: Date, take: number): Promise<DueDelivery[]> {
    return this.prisma.$queryRaw<DueDelivery[]>`
      SELECT id, event_id AS "eventId", attempts FROM notification_deliveries
      WHERE (state = 'pending' AND created_at < ${pendingBefore})
         OR (state = 'retrying' AND next_attempt_at < ${retryBefore})
         OR (state = 'sending' AND lease_until < now())
      ORDER BY event_id, id
      LIMIT ${take}`;
  }

  async subscriberExists(pageId: string, subscriberId: string): Promise<boolean> {
    return (await this.prisma.subscriber.count({ where: { id: subscriberId, pageId } })) > 0;
  }

  /** Every attempt to email the subscriber, newest first. */
  async attempts(subscriberId: string, skip: number, take: number): Promise<{ rows: AttemptRow[]; total: number }> {
    const where = { delivery: { subscriberId } };
    const [rows, total] = await Promise.all([
      this.prisma.notificationAttempt.findMany({
        where,
        include: { delivery: { select: { email: true, event: { select: { kind: true, subject: true } } } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
      }),
      this.prisma.notificationAttempt.count({ where }),
    ]);
    return {
      rows: rows.map(({ delivery, ...a }) => ({ ...a, email: delivery.email, kind: delivery.event.kind, subject: delivery.event.subject })),
      total,
    };
  }
}
