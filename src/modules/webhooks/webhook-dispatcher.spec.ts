import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { EventBus } from '../../events/event-bus';
import type { JobQueues } from '../../jobs/job-queues';
import * as target from './webhook-target';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { WebhooksRepository } from './webhooks.repository';

const config = new AppConfig({ WEBHOOK_RETRY_BASE_MS: '250', WEBHOOK_MAX_ATTEMPTS: '5' });
const message = (componentIds: string[], data: object = { id: 'i' }) => ({ pageId: 'p', componentIds, data }) as never;

function dispatcher(hooks: Array<{ id: string; componentIds: string[] }>) {
  const added: Array<{ name: string; data: Record<string, unknown>; opts: Record<string, unknown> }> = [];
  const repo = { subscribedTo: jest.fn(async () => hooks) };
  const queues = { addBulk: jest.fn(async (_queue: string, jobs: typeof added) => void added.push(...jobs)) };
  const svc = new WebhookDispatcher(repo as unknown as WebhooksRepository, queues as unknown as JobQueues, {} as EventBus, config);
  return { svc, added, repo, queues };
}

describe('WebhookDispatcher', () => {
  afterEach(() => jest.restoreAllMocks());

  it('queues one job per matching subscriber, filtering by componentIds, with one message id and body', async () => {
    const { svc, added, repo, queues } = dispatcher([
      { id: 'all', componentIds: [] },
      { id: 'a', componentIds: ['c-a'] },
      { id: 'b', componentIds: ['c-b'] },
    ]);
    const n = await svc.enqueue('incident.created', message(['c-a']));
    expect(n).toBe(2);
    expect(repo.subscribedTo).toHaveBeenCalledWith('p', 'incident.created');
    expect(queues.addBulk).toHaveBeenCalledWith('webhooks', expect.any(Array));
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
    const { svc, added } = dispatcher([{ id: 'a', componentIds: ['c-a'] }]);
    expect(await svc.enqueue('incident.created', message([]))).toBe(0);
    expect(added).toEqual([]);
    const broken = new WebhookDispatcher(
      { subscribedTo: async () => Promise.reject(new Error('db down')) } as unknown as WebhooksRepository,
      {} as JobQueues,
      {} as EventBus,
      config,
    );
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(await broken.enqueue('incident.created', message([]))).toBe(0);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('db down'));
  });
});

describe('WebhookDelivery', () => {
  it('drops the delivery of a deleted webhook without calling anyone', async () => {
    const post = jest.spyOn(target, 'postJson');
    const repo = { findById: jest.fn(async () => null) } as unknown as WebhooksRepository;
    const delivery = new WebhookDelivery(repo, config);
    await expect(
      delivery.attempt({ webhookId: 'gone', pageId: 'p', messageId: 'msg_x', event: 'incident.created', body: '{}' }, 1),
    ).resolves.toBeUndefined();
    expect(post).not.toHaveBeenCalled();
  });
});
