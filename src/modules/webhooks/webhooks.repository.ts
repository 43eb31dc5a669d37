import { Injectable } from '@nestjs/common';
import { Webhook, WebhookDelivery } from '../../generated/prisma/client';
import { ResourceNotFoundError } from '../../common/errors';
import { PrismaService } from '../../prisma/prisma.service';
import { LOCKED_TX, lockRow } from '../../prisma/row-lock';

export interface NewWebhook {
  pageId: string;
  url: string;
  secret: string;
  events: string[];
  componentIds: string[];
}

export type NewDelivery = Omit<WebhookDelivery, 'id' | 'createdAt'>;

/** Queries of the `webhooks` and `webhook_deliveries` tables. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(pageId: string, skip: number, take: number): Promise<{ rows: Webhook[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.webhook.findMany({ where: { pageId }, skip, take, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.webhook.count({ where: { pageId } }),
    ]);
    return { rows, total };
  }

  find(pageId: string, id: string): Promise<Webhook | null> {
    return this.prisma.webhook.findFirst({ where: { id, pageId } });
  }

  findById(id: string): Promise<Webhook | null> {
    return this.prisma.webhook.findUnique({ where: { id } });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.webhook.count({ where: { id } })) > 0;
  }

  /**
   * Creates the webhook unless the page already holds `max` (null then): the
   * count and the insert run under the page's row lock, so concurrent creates
   * never overshoot.
   */
  createUnderCap(data: NewWebhook, max: number): Promise<Webhook | null> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockRow(tx, 'pages', data.pageId))) throw new ResourceNotFoundError('page', data.pageId);
      if ((await tx.webhook.count({ where: { pageId: data.pageId } })) >= max) return null;
      return tx.webhook.create({ data });
    }, LOCKED_TX);
  }

  async delete(id: string): Promise<void> {
    await this.prisma.webhook.delete({ where: { id } });
  }

  /** The page's enabled webhooks that want this event. */
  subscribedTo(pageId: string, event: string): Promise<Array<Pick<Webhook, 'id' | 'componentIds'>>> {
    return this.prisma.webhook.findMany({
      where: { pageId, events: { has: event }, disabledAt: null },
      select: { id: true, componentIds: true },
    });
  }

  async deliveries(webhookId: string, skip: number, take: number): Promise<{ rows: WebhookDelivery[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.webhookDelivery.findMany({
        where: { webhookId },
        skip,
        take,
        orderBy: [{ createdAt: 'desc' }, { attempt: 'desc' }, { id: 'asc' }],
      }),
      this.prisma.webhookDelivery.count({ where: { webhookId } }),
    ]);
    return { rows, total };
  }

  async recordDelivery(data: NewDelivery): Promise<void> {
    await this.prisma.webhookDelivery.create({ data });
  }

  async recordSuccess(id: string): Promise<void> {
    await this.prisma.webhook.updateMany({ where: { id, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
  }

  /**
   * Counts a failed attempt; at `disableAfter` failures in a row the webhook
   * is disabled with `reason`. True if this call disabled it.
   */
  async recordFailure(id: string, disableAfter: number, reason: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ disabled: boolean }[]>`
      UPDATE webhooks SET
        consecutive_failures = consecutive_failures + 1,
        disabled_at = CASE WHEN disabled_at IS NULL AND consecutive_failures + 1 >= ${disableAfter} THEN now() ELSE disabled_at END,
        disabled_reason = CASE WHEN disabled_at IS NULL AND consecutive_failures + 1 >= ${disableAfter} THEN ${reason} ELSE disabled_reason END
      WHERE id = ${id}::uuid
      RETURNING (disabled_at IS NOT NULL AND consecutive_failures = ${disableAfter}) AS disabled`;
    return rows[0]?.disabled ?? false;
  }

  enable(id: string): Promise<Webhook> {
    return this.prisma.webhook.update({ where: { id }, data: { disabledAt: null, disabledReason: null, consecutiveFailures: 0 } });
  }
}
