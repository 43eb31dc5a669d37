import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createComponent, createMaintenance, createPage, MaintenanceBody } from '../factories';
import { eventually, startApp, TestApp } from './harness';
import { assertBuilt, kill, REDIS_URL, startWorker } from './worker-process';

jest.setTimeout(90_000);

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

async function deleteQueueKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:maintenance:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Scheduled maintenance survives a worker killed mid-work, with and without its Redis keys. */
describe('maintenance across a killed worker (SIGKILL, separate processes)', () => {
  let api: TestApp;
  let redis: Redis;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    assertBuilt();
    api = await startApp({ role: 'api' });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await Promise.all(workers.map(kill));
    await api?.stop();
    await redis?.quit();
  });

  /** How many of the page's windows have each status. */
  async function census(pageId: string): Promise<Record<string, number>> {
    const res = await api.admin().get(`/api/v1/pages/${pageId}/maintenances?perPage=100`).expect(200);
    const out: Record<string, number> = {};
    for (const m of res.body.data as MaintenanceBody[]) out[m.status] = (out[m.status] ?? 0) + 1;
    return out;
  }

  /**
   * 25 windows start at one instant; the worker is SIGKILLed either as they fall
   * due (`due`: 20 ms before the instant, as its timers are about to fire; a
   * worker applies all 25 within a few milliseconds of it, so a kill after the
   * instant may find nothing left to do) or the moment the first start has been
   * applied (`mid-work`: its follow-ups, such as the public status and history,
   * may not have run).
   */
  async function scenario(killAt: 'due' | 'mid-work', loseKeys: boolean): Promise<void> {
    const page = await createPage(api);
    const component = await createComponent(api, page.id);
    let worker = startWorker(api);
    workers.push(worker.child);
    const start = Date.now() + 4_000;
    const windows: MaintenanceBody[] = [];
    for (let i = 0; i < 25; i++) {
      windows.push(
        await createMaintenance(api, page.id, {
          scheduledStart: new Date(start).toISOString(),
          scheduledEnd: new Date(start + 2_500).toISOString(),
          componentIds: [component.id],
        }),
      );
    }
    await sleepUntil(killAt === 'due' ? start - 20 : start);
    if (killAt === 'mid-work') {
      await eventually(async () => ((await census(page.id)).in_progress ?? 0) > 0, {
        timeoutMs: 10_000,
        intervalMs: 10,
        what: 'the first start to be applied',
      });
    }
    await kill(worker.child);
    const atKill = await census(page.id);
    expect(killAt === 'due' ? atKill.scheduled : atKill.in_progress).toBeGreaterThan(0);
    if (loseKeys) expect(await deleteQueueKeys(redis, api.config.queuePrefix)).toBeGreaterThan(0);

    worker = startWorker(api);
    workers.push(worker.child);
    for (const m of windows) {
      const done = await eventually(
        async () => {
          const res = await api.admin().get(`/api/v1/pages/${page.id}/maintenances/${m.id}`).expect(200);
          return res.body.status === 'completed' ? (res.body as MaintenanceBody) : null;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: `maintenance ${m.id} completed after the crash (worker: ${worker.stderr().slice(0, 500)})` },
      );
      // Exactly once each: one start and one end in the timeline, never early.
      expect(done.updates.map((u) => u.status)).toEqual(['scheduled', 'in_progress', 'completed']);
      expect(new Date(done.startedAt!).getTime()).toBeGreaterThanOrEqual(start);
      expect(new Date(done.completedAt!).getTime()).toBeGreaterThanOrEqual(start + 2_500);
    }
    const summary = await api.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200);
    expect(summary.body.scheduled_maintenances).toEqual([]);
    expect(summary.body.components[0].status).toBe('operational');
    await kill(worker.child);
  }

  it('a worker killed as 25 windows fall due: a new worker applies every transition exactly once', async () => {
    await scenario('due', false);
  });

  it('a worker killed mid-work, right after the first start was applied: the rest follows, each once', async () => {
    await scenario('mid-work', false);
  });

  it('killed mid-work, and Redis lost the queue keys too: the new worker rebuilds them and still applies each once', async () => {
    await scenario('mid-work', true);
  });
});
