import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { PrismaService } from '../../prisma/prisma.service';
import { StatusPagesService } from '../status-pages/status-pages.service';
import * as target from './webhook-target';
import { WebhooksService } from './webhooks.service';

const config = new AppConfig({ WEBHOOK_RETRY_BASE_MS: '250', WEBHOOK_MAX_ATTEMPTS: '5' });

function service(hooks: Array<{ id: string; componentIds: string[] }>, found: unknown = null) {
  const added: Array<{ name: string; data: Record<string, unknown>; opts: Record<string, unknown> }> = [];
  const prisma = {
    webhook: { findMany: jest.fn(async () => hooks), findUnique: jest.fn(async () => found) },
  } as unknown as PrismaService;
  const queue = { addBulk: jest.fn(async (jobs: typeof added) => added.push(...jobs)) };
  const svc = new WebhooksService(prisma, {} as StatusPagesService, config, queue as never);
  return { svc, added, prisma };
}

describe('WebhooksService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('queues one job per matching subscriber, filtering by componentIds, with one message id and body', async () => {
    const { svc, added, prisma } = service([
      { id: 'all', componentIds: [] },
      { id: 'a', componentIds: ['c-a'] },
      { id: 'b', componentIds: ['c-b'] },
    ]);
    const n = await svc.enqueue({ pageId: 'p', type: 'incident.created', data: { id: 'i' }, componentIds: ['c-a'] });
    expect(n).toBe(2);
    expect(prisma.webhook.findMany).toHaveBeenCalledWith(
      expect.objectContaining({ where: { pageId: 'p', events: { has: 'incident.created' } } }),
    );
    expect(added.map((j) => j.data.webhookId)).toEqual(['all', 'a']);
    const [first, second] = added;
    expect(first.name).toBe('deliver-webhook');
    expect(first.data.messageId).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(second.data.messageId).toBe(first.data.messageId);
    expect(JSON.parse(first.data.body as string)).toEqual({
      type: 'incident.created',
      timestamp: expect.any(String),
      data: { id: 'i' },
    });
    expect(first.opts).toMatchObject({
      jobId: `deliver-all-${first.data.messageId as string}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 250 },
    });
    expect(String(first.opts.jobId)).not.toContain(':');
  });

  it('queues nothing when no subscriber matches, and never throws', async () => {
    const { svc, added } = service([{ id: 'a', componentIds: ['c-a'] }]);
    expect(await svc.enqueue({ pageId: 'p', type: 'incident.created', data: {}, componentIds: [] })).toBe(0);
    expect(added).toEqual([]);
    const broken = new WebhooksService(
      { webhook: { findMany: async () => Promise.reject(new Error('db down')) } } as never,
      {} as StatusPagesService,
      config,
      {} as never,
    );
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(await broken.enqueue({ pageId: 'p', type: 'incident.created', data: {}, componentIds: [] })).toBe(0);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('db down'));
  });

  it('drops the delivery of a deleted webhook without calling anyone', async () => {
    const post = jest.spyOn(target, 'postJson');
    const { svc } = service([], null);
    await expect(
      svc.deliver({ webhookId: 'gone', messageId: 'msg_x', event: 'incident.created', body: '{}' }, 1),
    ).resolves.toBeUndefined();
    expect(post).not.toHaveBeenCalled();
  });
});
