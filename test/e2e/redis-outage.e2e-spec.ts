import { createComponent, createMaintenance, createPage } from '../factories';
import { CuttableProxy } from './cuttable-proxy';
import { eventually, startApp, TestApp } from './harness';

jest.setTimeout(90_000);

/** Redis vanishes and comes back: reads go on, nothing crashes, scheduled work catches up. */
describe('Redis outage', () => {
  let app: TestApp;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    const real = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 6379) });
    await proxy.open();
    app = await startApp({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, RECONCILE_INTERVAL_MS: '1000' } });
  });

  afterAll(async () => {
    await proxy?.open(); // let the app close its connections cleanly
    await app?.stop();
    await proxy?.cut();
  });

  it('public pages and admin reads keep working, writes still land, and maintenance scheduled meanwhile runs once Redis is back', async () => {
    const page = await createPage(app, { name: 'Redis Outage Co' });
    const component = await createComponent(app, page.id, { name: 'API' });
    const summaryUrl = `/status/${page.slug}/api/v2/summary.json`;
    await app.http().get(summaryUrl).expect(200);

    await proxy.cut();
    await new Promise((r) => setTimeout(r, 300));

    await app.http().get(summaryUrl).expect(200);
    await app.http().get(`/status/${page.slug}`).expect(200);
    await app.admin().get(`/api/v1/pages/${page.id}`).expect(200);
    // A change that needs no queue is made, and this process shows it at once.
    await app.admin().patch(`/api/v1/pages/${page.id}/components/${component.id}`).send({ status: 'major_outage' }).expect(200);
    const changed = await app.http().get(summaryUrl).expect(200);
    expect(changed.body.status.indicator).toBe('critical');
    // A window is kept in PostgreSQL even though its delayed jobs cannot reach Redis
    // now (the reconciler schedules them once Redis is back).
    const start = Date.now() + 3_000;
    const created = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/maintenances`)
      .send({ title: 'During the outage', scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 1_000).toISOString() });
    expect(created.status).toBe(201);
    await app.http().get('/health/ready').expect(503);
    await app.http().get('/health').expect(200);

    await proxy.open();

    await eventually(async () => (await app.http().get('/health/ready')).status === 200, { timeoutMs: 20_000, what: 'ready again' });
    const later = await createMaintenance(app, page.id, {}, { startInMs: 1_500, durationMs: 1_000 });
    for (const id of [later.id, created.body.id as string]) {
      await eventually(
        async () => (await app.admin().get(`/api/v1/pages/${page.id}/maintenances/${id}`).expect(200)).body.status === 'completed',
        { timeoutMs: 30_000, intervalMs: 200, what: `maintenance ${id} completed after Redis came back` },
      );
    }
  });
});
