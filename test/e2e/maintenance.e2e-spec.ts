import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MaintenanceEvent, MaintenanceEventName } from '../../src/events/app-events';
import { MAINTENANCE_QUEUE, maintenanceJobId } from '../../src/modules/maintenance/maintenance.queue';
import { MaintenanceLifecycleService } from '../../src/modules/maintenance/maintenance-lifecycle.service';
import { createComponent, createMaintenance, createPage, MaintenanceBody } from '../factories';
import { eventually, startApp, TestApp } from './harness';

jest.setTimeout(60_000);

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
const statuses = (m: MaintenanceBody) => m.updates.map((u) => u.status);

function contextOf(app: TestApp): INestApplicationContext {
  return (app.app ?? app.context) as INestApplicationContext;
}

async function getMaintenance(app: TestApp, pageId: string, id: string): Promise<MaintenanceBody> {
  const res = await app.admin().get(`/api/v1/pages/${pageId}/maintenances/${id}`).expect(200);
  return res.body as MaintenanceBody;
}

/** Polls until the window has `status` (scheduled transitions: generous deadline). */
function waitForStatus(app: TestApp, pageId: string, id: string, status: string, timeoutMs = 15_000) {
  return eventually(
    async () => {
      const m = await getMaintenance(app, pageId, id);
      return m.status === status ? m : null;
    },
    { timeoutMs, intervalMs: 100, what: `maintenance ${id} to be ${status}` },
  );
}

async function effectiveStatus(app: TestApp, pageId: string, componentId: string): Promise<string> {
  const res = await app.admin().get(`/api/v1/pages/${pageId}/components/${componentId}`).expect(200);
  return res.body.effectiveStatus as string;
}

describe('maintenance windows (HTTP)', () => {
  let app: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    app = await startApp();
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await app.stop();
    await redis.quit();
  });

  it('runs the whole lifecycle on time: scheduled → in_progress → completed, with the public status following', async () => {
    const page = await createPage(app);
    const plain = await createComponent(app, page.id);
    const degraded = await createComponent(app, page.id, { status: 'degraded_performance' });
    type Seen = { type: MaintenanceEventName; pageId: string; data: MaintenanceEvent['maintenance']; componentIds: string[] };
    const events: Seen[] = [];
    const emitter = app.app!.get(EventEmitter2);
    const names: MaintenanceEventName[] = ['maintenance.scheduled', 'maintenance.started', 'maintenance.completed', 'maintenance.cancelled'];
    const listeners = names.map((type) => {
      const listener = ({ maintenance }: MaintenanceEvent) =>
        events.push({ type, pageId: maintenance.pageId, data: maintenance, componentIds: maintenance.componentIds });
      emitter.on(type, listener);
      return [type, listener] as const;
    });

    const m = await createMaintenance(
      app,
      page.id,
      { componentIds: [plain.id, degraded.id], message: 'Database upgrade', description: 'Planned' },
      { startInMs: 2_000, durationMs: 2_000 },
    );
    expect(m).toMatchObject({
      pageId: page.id,
      status: 'scheduled',
      autoStart: true,
      autoComplete: true,
      description: 'Planned',
      startedAt: null,
      completedAt: null,
      cancelledAt: null,
    });
    expect([...m.componentIds].sort()).toEqual([plain.id, degraded.id].sort());
    expect(m.updates).toEqual([expect.objectContaining({ status: 'scheduled', message: 'Database upgrade' })]);
    expect(await effectiveStatus(app, page.id, plain.id)).toBe('operational');

    const running = await waitForStatus(app, page.id, m.id, 'in_progress');
    expect(new Date(running.startedAt!).getTime()).toBeGreaterThanOrEqual(new Date(m.scheduledStart).getTime());
    expect(await effectiveStatus(app, page.id, plain.id)).toBe('under_maintenance');
    // degraded_performance is worse than under_maintenance: the computation keeps it
    expect(await effectiveStatus(app, page.id, degraded.id)).toBe('degraded_performance');
    const summary = await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200);
    const publicStatus = (id: string) =>
      (summary.body.components as { id: string; status: string }[]).find((c) => c.id === id)?.status;
    expect(publicStatus(plain.id)).toBe('under_maintenance');

    const done = await waitForStatus(app, page.id, m.id, 'completed');
    expect(statuses(done)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(new Date(done.completedAt!).getTime()).toBeGreaterThanOrEqual(new Date(m.scheduledEnd).getTime());
    expect(await effectiveStatus(app, page.id, plain.id)).toBe('operational');
    expect(await effectiveStatus(app, page.id, degraded.id)).toBe('degraded_performance');

    const list = await app.admin().get(`/api/v1/pages/${page.id}/maintenances?status=completed`).expect(200);
    expect(list.body.meta).toEqual({ total: 1, page: 1, perPage: 25 });
    expect(list.body.data[0].id).toBe(m.id);
    const past = await app.admin().get(`/api/v1/pages/${page.id}/maintenances?when=past`).expect(200);
    expect(past.body.data.map((x: MaintenanceBody) => x.id)).toEqual([m.id]);
    const upcoming = await app.admin().get(`/api/v1/pages/${page.id}/maintenances?when=upcoming`).expect(200);
    expect(upcoming.body.meta.total).toBe(0);

    for (const [type, listener] of listeners) emitter.off(type, listener);
    const mine = events.filter((e) => e.data.id === m.id);
    expect(mine.map((e) => e.type)).toEqual(['maintenance.scheduled', 'maintenance.started', 'maintenance.completed']);
    expect(mine[1]).toMatchObject({ pageId: page.id, data: { status: 'in_progress' } });
    expect([...mine[1].componentIds].sort()).toEqual([plain.id, degraded.id].sort());
  });

  it('moves a rescheduled window and never starts a cancelled one', async () => {
    const page = await createPage(app);
    const at = { startInMs: 2_000, durationMs: 30_000 };
    const control = await createMaintenance(app, page.id, {}, at);
    const moved = await createMaintenance(app, page.id, { scheduledStart: control.scheduledStart, scheduledEnd: control.scheduledEnd });
    const cancelled = await createMaintenance(app, page.id, { scheduledStart: control.scheduledStart, scheduledEnd: control.scheduledEnd });

    const newStart = new Date(new Date(control.scheduledStart).getTime() + 3_000).toISOString();
    const patched = await app
      .admin()
      .patch(`/api/v1/pages/${page.id}/maintenances/${moved.id}`)
      .send({ scheduledStart: newStart, title: 'Moved' })
      .expect(200);
    expect(patched.body).toMatchObject({ scheduledStart: newStart, title: 'Moved', status: 'scheduled' });
    const c = await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${cancelled.id}/cancel`).expect(200);
    expect(c.body).toMatchObject({ status: 'cancelled' });
    expect(c.body.cancelledAt).toEqual(expect.any(String));

    // the control window starts at the old time: by then, the moved and the cancelled ones must not have
    await waitForStatus(app, page.id, control.id, 'in_progress');
    await sleepUntil(new Date(control.scheduledStart).getTime() + 500);
    expect((await getMaintenance(app, page.id, moved.id)).status).toBe('scheduled');
    const stillCancelled = await getMaintenance(app, page.id, cancelled.id);
    expect(stillCancelled.status).toBe('cancelled');
    expect(statuses(stillCancelled)).toEqual(['scheduled', 'cancelled']);

    const started = await waitForStatus(app, page.id, moved.id, 'in_progress');
    expect(new Date(started.startedAt!).getTime()).toBeGreaterThanOrEqual(new Date(newStart).getTime());
    expect(statuses(started)).toEqual(['scheduled', 'in_progress']);

    // a cancelled window is final
    const again = await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${cancelled.id}/start`).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${cancelled.id}/complete`).expect(409);
    await app.admin().patch(`/api/v1/pages/${page.id}/maintenances/${cancelled.id}`).send({ title: 'x' }).expect(409);
    const queue = app.app!.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
    const cancelledStart = new Date(cancelled.scheduledStart).getTime();
    expect(await queue.getJob(maintenanceJobId('start', cancelled.id, cancelledStart))).toBeUndefined();
  });

  it('manual start, verifying, complete and timeline updates; the pending job stays harmless', async () => {
    const page = await createPage(app);
    const m = await createMaintenance(app, page.id, {}, { startInMs: 1_500, durationMs: 60_000 });
    const base = `/api/v1/pages/${page.id}/maintenances/${m.id}`;
    const started = await app.admin().post(`${base}/start`).send({ message: 'Starting early' }).expect(200);
    expect(started.body).toMatchObject({ status: 'in_progress' });
    await app.admin().post(`${base}/start`).expect(409);
    await app.admin().post(`${base}/cancel`).expect(409);
    const note = await app.admin().post(`${base}/updates`).send({ message: 'Halfway there' }).expect(201);
    expect(note.body.updates.at(-1)).toMatchObject({ status: 'in_progress', message: 'Halfway there' });
    const verifying = await app.admin().post(`${base}/updates`).send({ message: 'Checking', status: 'verifying' }).expect(201);
    expect(verifying.body.status).toBe('verifying');
    await app.admin().post(`${base}/updates`).send({ message: 'x', status: 'scheduled' }).expect(409);
    // once the original start time has passed, its job has found nothing to do
    await sleepUntil(new Date(m.scheduledStart).getTime() + 1_000);
    const done = await app.admin().post(`${base}/complete`).send({}).expect(200);
    expect(statuses(done.body)).toEqual(['scheduled', 'in_progress', 'in_progress', 'verifying', 'completed']);
    expect(done.body.updates[1].message).toBe('Starting early');
    await app.admin().post(`${base}/complete`).expect(409);
    await app.admin().patch(base).send({ scheduledEnd: new Date(Date.now() + 1e6).toISOString() }).expect(409);
    await app.admin().delete(base).expect(204);
    await app.admin().get(base).expect(404);
  });

  it('rejects bad input with a 400 naming the field, and changes nothing', async () => {
    const page = await createPage(app);
    const other = await createPage(app);
    const foreign = await createComponent(app, other.id);
    const base = `/api/v1/pages/${page.id}/maintenances`;
    const post = (body: Record<string, unknown>) => app.admin().post(base).send(body).expect(400);
    const messages = async (p: Promise<{ body: { message: string[] } }>) => (await p).body.message.join('\n');

    const start = '2031-05-01T10:00:00Z';
    expect(await messages(post({ title: 'x', scheduledStart: start, scheduledEnd: '2031-05-01T09:00:00Z' }))).toMatch(
      /scheduledEnd must be after scheduledStart/,
    );
    expect(await messages(post({ title: 'x', scheduledStart: start, scheduledEnd: start }))).toMatch(/scheduledEnd/);
    const bad = await messages(post({ title: '', scheduledStart: 'tomorrow', scheduledEnd: 5, autoStart: 'yes' }));
    expect(bad).toMatch(/title/);
    expect(bad).toMatch(/scheduledStart/);
    expect(bad).toMatch(/scheduledEnd/);
    expect(bad).toMatch(/autoStart/);
    expect(await messages(post({ title: 'x', scheduledStart: '2031-02-30T10:00:00Z', scheduledEnd: '2031-03-30T10:00:00Z' }))).toMatch(
      /scheduledStart/,
    );
    expect(await messages(post({ title: 'x', scheduledStart: '2031-05-01T10:00:00', scheduledEnd: '2031-05-01T11:00:00Z' }))).toMatch(
      /scheduledStart.*time zone/,
    );
    expect(await messages(post({ title: 'x', scheduledStart: start, scheduledEnd: '2031-05-01T11:00:00Z', bogus: 1 }))).toMatch(
      /property bogus should not exist/,
    );
    expect(
      await messages(post({ title: 'x', scheduledStart: start, scheduledEnd: '2031-05-01T11:00:00Z', componentIds: [foreign.id] })),
    ).toMatch(new RegExp(`componentIds: component ${foreign.id} does not belong to this page`));
    expect(
      await messages(post({ title: 'x', scheduledStart: start, scheduledEnd: '2031-05-01T11:00:00Z', componentIds: ['nope'] })),
    ).toMatch(/componentIds/);
    expect(await messages(post({ title: null, scheduledStart: start, scheduledEnd: '2031-05-01T11:00:00Z' }))).toMatch(/title/);
    expect(await messages(post({ title: 'x', scheduledStart: start, scheduledEnd: '2031-05-01T11:00:00Z', autoComplete: null }))).toMatch(
      /autoComplete/,
    );
    expect((await app.admin().get(base).expect(200)).body.meta.total).toBe(0);

    const m = await createMaintenance(app, page.id);
    const one = `${base}/${m.id}`;
    expect(await messages(app.admin().patch(one).send({ scheduledEnd: '2000-01-01T00:00:00Z' }).expect(400))).toMatch(/scheduledEnd/);
    expect(await messages(app.admin().patch(one).send({ title: null }).expect(400))).toMatch(/title/);
    expect(await messages(app.admin().patch(one).send({ componentIds: [foreign.id] }).expect(400))).toMatch(/componentIds/);
    expect(await messages(app.admin().post(`${one}/updates`).send({ status: 'done' }).expect(400))).toMatch(/message[\s\S]*status/);
    const unchanged = await getMaintenance(app, page.id, m.id);
    expect(unchanged).toMatchObject({ scheduledEnd: m.scheduledEnd, title: m.title, componentIds: [] });

    expect(await messages(app.admin().get(`${base}?status=done`).expect(400))).toMatch(/status must be one of/);
    expect(await messages(app.admin().get(`${base}?when=soon`).expect(400))).toMatch(/when/);
    await app.admin().get(`${base}?perPage=0`).expect(400);
    expect(await messages(app.admin().get(`${base}/not-a-uuid`).expect(400))).toMatch(/maintenanceId/);
    await app.admin().get(`${base}/${other.id}`).expect(404);
    await app.admin().get(`/api/v1/pages/${foreign.id}/maintenances`).expect(404);
    // a scheduled window cannot be completed before it starts
    const refused = await app.admin().post(`${one}/complete`).expect(409);
    expect(refused.body.message).toMatch(/scheduled/);
    await app.http().get(base).expect(401);
  });

  it('applies a transition once, however often its job is delivered', async () => {
    const page = await createPage(app);
    const m = await createMaintenance(app, page.id, {}, { startInMs: 600_000 });
    const service = app.app!.get(MaintenanceLifecycleService);
    const queue = app.app!.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
    const at = new Date(m.scheduledStart);
    const jobId = maintenanceJobId('start', m.id, at.getTime());
    // the same job added twice is one job
    await queue.add('start', { maintenanceId: m.id, at: at.getTime() }, { jobId, delay: 600_000 });
    expect((await queue.getDelayed()).filter((j) => j.id === jobId)).toHaveLength(1);

    const results = await Promise.all(Array.from({ length: 5 }, () => service.runScheduledTransition('start', m.id, at)));
    expect(results.filter((r) => r.length > 0)).toEqual([[{ from: 'scheduled', to: 'in_progress' }]]);
    // a job for another time (a moved window) does nothing either
    expect(await service.runScheduledTransition('complete', m.id, new Date(at.getTime() + 1))).toEqual([]);
    const end = new Date(m.scheduledEnd);
    const ends = await Promise.all(Array.from({ length: 5 }, () => service.runScheduledTransition('complete', m.id, end)));
    expect(ends.flat()).toEqual([{ from: 'in_progress', to: 'completed' }]);
    expect(statuses(await getMaintenance(app, page.id, m.id))).toEqual(['scheduled', 'in_progress', 'completed']);
  });

  describe('several processes', () => {
    it('a window whose start and end pass while no worker runs ends completed when one comes back', async () => {
      const api = await startApp({ role: 'api' });
      let worker = await startApp({ role: 'worker', db: api.db, queuePrefix: api.config.queuePrefix });
      try {
        const page = await createPage(api);
        const m = await createMaintenance(api, page.id, {}, { startInMs: 2_000, durationMs: 1_000 });
        await worker.stop();
        await sleepUntil(new Date(m.scheduledEnd).getTime() + 500);
        expect((await getMaintenance(api, page.id, m.id)).status).toBe('scheduled');
        worker = await startApp({ role: 'worker', db: api.db, queuePrefix: api.config.queuePrefix });
        const done = await waitForStatus(api, page.id, m.id, 'completed');
        expect(statuses(done)).toEqual(['scheduled', 'in_progress', 'completed']);
      } finally {
        await worker.stop();
        await api.stop();
      }
    });

    it('rebuilds the delayed jobs after Redis lost the queue keys, and still transitions on time', async () => {
      const node = await startApp({ env: { RECONCILE_INTERVAL_MS: '500' } });
      try {
        const page = await createPage(node);
        const m = await createMaintenance(node, page.id, {}, { startInMs: 4_000, durationMs: 1_500 });
        const queue = node.app!.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
        const jobId = maintenanceJobId('start', m.id, new Date(m.scheduledStart).getTime());
        expect(await queue.getJob(jobId)).toBeDefined();

        let cursor = '0';
        let deleted = 0;
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${node.config.queuePrefix}:maintenance:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) deleted += await redis.del(...keys);
        } while (cursor !== '0');
        expect(deleted).toBeGreaterThan(0);
        expect(await queue.getJob(jobId)).toBeUndefined();

        await eventually(() => queue.getJob(jobId), { timeoutMs: 3_000, what: 'the reconciler to re-add the start job' });
        const running = await waitForStatus(node, page.id, m.id, 'in_progress');
        expect(new Date(running.startedAt!).getTime() - new Date(m.scheduledStart).getTime()).toBeLessThan(1_000);
        const done = await waitForStatus(node, page.id, m.id, 'completed');
        expect(statuses(done)).toEqual(['scheduled', 'in_progress', 'completed']);
      } finally {
        await node.stop();
      }
    });

    it('two workers at once apply each transition exactly once', async () => {
      const api = await startApp({ role: 'api' });
      const shared = { db: api.db, queuePrefix: api.config.queuePrefix };
      const workers = await Promise.all([startApp({ role: 'worker', ...shared }), startApp({ role: 'worker', ...shared })]);
      try {
        const page = await createPage(api);
        const windows: MaintenanceBody[] = [];
        const start = Date.now() + 2_500;
        for (let i = 0; i < 20; i++) {
          windows.push(
            await createMaintenance(api, page.id, {
              scheduledStart: new Date(start).toISOString(),
              scheduledEnd: new Date(start + 1_000).toISOString(),
            }),
          );
        }
        // both reconcilers race the jobs too
        const services = workers.map((w) => contextOf(w).get(MaintenanceLifecycleService));
        await sleepUntil(start + 1_100);
        await Promise.all(
          windows.flatMap((m) => services.map((s) => s.runScheduledTransition('complete', m.id, new Date(m.scheduledEnd)))),
        );
        for (const m of windows) {
          const done = await waitForStatus(api, page.id, m.id, 'completed');
          expect(statuses(done)).toEqual(['scheduled', 'in_progress', 'completed']);
        }
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        await api.stop();
      }
    });
  });
});
