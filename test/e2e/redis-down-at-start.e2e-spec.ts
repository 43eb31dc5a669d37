import { createComponent, createMaintenance, createPage } from '../factories';
import { CuttableProxy } from './cuttable-proxy';
import { eventually, startApp, TestApp } from './harness';

jest.setTimeout(90_000);

const real = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** A proxy to the real Redis that has a port but is closed: Redis is down when the process starts. */
async function closedProxy(): Promise<CuttableProxy> {
  const proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 6379) });
  await proxy.open();
  await proxy.cut();
  return proxy;
}

const maintenanceStatus = async (app: TestApp, pageId: string, id: string) =>
  (await app.admin().get(`/api/v1/pages/${pageId}/maintenances/${id}`).expect(200)).body.status as string;

/**
 * Every role starts while Redis is unreachable, serves what it can, and becomes
 * ready by itself once Redis is back, without a restart.
 */
describe('Redis down at start', () => {
  const started: TestApp[] = [];
  const proxies: CuttableProxy[] = [];
  const track = <T extends TestApp>(app: T) => (started.push(app), app);

  afterAll(async () => {
    for (const proxy of proxies) await proxy.open(); // let the apps close their connections cleanly
    for (const app of started.reverse()) await app.stop();
    for (const proxy of proxies) await proxy.cut();
  });

  it('all: starts, is alive but not ready (naming Redis), serves pages, takes writes, and catches up once Redis returns', async () => {
    const proxy = await closedProxy();
    proxies.push(proxy);
    const app = track(await startApp({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, RECONCILE_INTERVAL_MS: '1000' } }));
    await app.http().get('/health').expect(200);
    const ready = await app.http().get('/health/ready').expect(503);
    expect(ready.body.message).toMatch(/redis down/);

    const page = await createPage(app);
    const component = await createComponent(app, page.id);
    await app.admin().patch(`/api/v1/pages/${page.id}/components/${component.id}`).send({ status: 'major_outage' }).expect(200);
    const summary = await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200);
    expect(summary.body.status.indicator).toBe('critical');
    // Its start job cannot be queued now: the reconciler schedules it once Redis is back.
    const window = await createMaintenance(app, page.id, { componentIds: [component.id] }, { startInMs: 1_500, durationMs: 60_000 });
    // Overdue while Redis is still down: applied by the reconciler's sweep, which needs no queue.
    await eventually(async () => (await maintenanceStatus(app, page.id, window.id)) === 'in_progress', {
      what: 'the reconciler to start the window while Redis is down',
    });
    expect((await app.http().get('/health/ready')).status).toBe(503);

    await proxy.open();
    await eventually(async () => (await app.http().get('/health/ready')).status === 200, { what: 'readiness once Redis is back' });
    const later = await createMaintenance(app, page.id, {}, { startInMs: 1_500, durationMs: 60_000 });
    await eventually(async () => (await maintenanceStatus(app, page.id, later.id)) === 'in_progress', {
      what: 'a window scheduled after Redis returned to start through its job',
    });
  });

  it('api: starts without Redis, and once Redis returns hears other processes’ changes (no restart)', async () => {
    const proxy = await closedProxy();
    proxies.push(proxy);
    const writer = track(await startApp());
    const api = track(
      await startApp({ db: writer.db, queuePrefix: writer.config.queuePrefix, role: 'api', env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } }),
    );
    await api.http().get('/health').expect(200);
    await api.http().get('/health/ready').expect(503);
    const page = await createPage(writer);
    const component = await createComponent(writer, page.id);
    const url = `/status/${page.slug}/api/v2/summary.json`;
    expect((await api.http().get(url).expect(200)).body.status.indicator).toBe('none'); // from PostgreSQL

    await proxy.open();
    await eventually(async () => (await api.http().get('/health/ready')).status === 200, { what: 'readiness' });
    // A change made through another process reaches this one's cache through Redis pub/sub
    // (well before the 30 s maximum age of a snapshot).
    await eventually(
      async () => {
        await writer.admin().patch(`/api/v1/pages/${page.id}/components/${component.id}`).send({ status: 'partial_outage' }).expect(200);
        return (await api.http().get(url).expect(200)).body.status.indicator === 'major';
      },
      { timeoutMs: 10_000, intervalMs: 500, what: 'the api process to hear the change' },
    );
  });

  it('worker: starts without Redis, and applies the windows that fall due', async () => {
    const proxy = await closedProxy();
    proxies.push(proxy);
    const api = track(await startApp({ role: 'api' }));
    const worker = track(
      await startApp({
        db: api.db,
        queuePrefix: api.config.queuePrefix,
        role: 'worker',
        env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, RECONCILE_INTERVAL_MS: '1000' },
      }),
    );
    expect(worker.context).toBeDefined(); // booted although Redis is down
    const page = await createPage(api);
    const window = await createMaintenance(api, page.id, {}, { startInMs: 1_000, durationMs: 60_000 });
    await proxy.open();
    await eventually(async () => (await maintenanceStatus(api, page.id, window.id)) === 'in_progress', {
      what: 'the worker to start the window once Redis is back',
    });
  });
});
