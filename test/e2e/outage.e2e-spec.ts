import { Redis } from 'ioredis';
import { createComponent, createPage } from '../factories';
import { CuttableProxy } from './cuttable-proxy';
import { createTestDatabase, startApp, TestApp } from './harness';

jest.setTimeout(60_000);

/** The public side stays up while PostgreSQL is unreachable; writes fail cleanly; all recovers. */
describe('PostgreSQL outage (the worst day)', () => {
  let app: TestApp;
  let proxy: CuttableProxy;
  let redis: Redis;
  let page: { id: string; slug: string };
  let unseen: { id: string; slug: string };

  beforeAll(async () => {
    const db = await createTestDatabase();
    const real = new URL(db.url);
    proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    app = await startApp({ db: { ...db, url: viaProxy.toString() } });
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    page = await createPage(app, { name: 'Outage Co' });
    await createComponent(app, page.id, { name: 'API' });
    unseen = await createPage(app, { name: 'Never read before' });
  });

  afterAll(async () => {
    await proxy?.cut().catch(() => undefined);
    await app?.stop();
    await redis?.quit();
  });

  it('serves the last known state, refuses writes with a 503, reports not ready, and recovers', async () => {
    const summaryUrl = `/status/${page.slug}/api/v2/summary.json`;
    const before = await app.http().get(summaryUrl).expect(200);
    const html = await app.http().get(`/status/${page.slug}`).expect(200);

    await proxy.cut();

    // From memory, as before.
    expect((await app.http().get(summaryUrl).expect(200)).body).toEqual(before.body);
    // Another process announced a change that this one cannot read now: the last
    // good snapshot is still served (stale beats down on a status page).
    expect(await redis.publish(`${app.config.queuePrefix}:events:public-invalidate`, page.id)).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    const stale = await app.http().get(summaryUrl).expect(200);
    expect(stale.body.page).toEqual(before.body.page);
    expect((await app.http().get(`/status/${page.slug}`).expect(200)).text).toBe(html.text);
    // Even a change of the page directory does not take the pages down.
    expect(await redis.publish(`${app.config.queuePrefix}:events:page-directory`, '*')).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    await app.http().get(summaryUrl).expect(200);

    // What was never read cannot be served: a clear 503, not a 500.
    const cold = await app.http().get(`/status/${unseen.slug}/api/v2/summary.json`).expect(503);
    expect(cold.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(cold.headers['retry-after']).toBeDefined();
    // Writes: 503 naming the cause; readiness: 503.
    const write = await app.admin().post('/api/v1/pages').send({ slug: 'during-outage', name: 'x' }).expect(503);
    expect(write.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/database/i) });
    await app.http().get('/health/ready').expect(503);
    await app.http().get('/health').expect(200);

    await proxy.open();

    // Recovered: writes work, and the public side shows them at once.
    const created = await app.admin().post(`/api/v1/pages/${page.id}/components`).send({ name: 'Added after' }).expect(201);
    const after = await app.http().get(summaryUrl).expect(200);
    expect(after.body.components.map((c: { id: string }) => c.id)).toContain(created.body.id);
    await app.http().get(`/status/${unseen.slug}/api/v2/summary.json`).expect(200);
    await app.http().get('/health/ready').expect(200);
  });
});
