import type { Test } from 'supertest';
import { createComponent, createGroup, createPage } from '../factories';
import { startApp, TestApp } from './harness';

const V2 = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
];

describe('public Statuspage v2 API (HTTP)', () => {
  let app: TestApp;
  let page: { id: string; slug: string };
  let group: { id: string };
  let api: { id: string };
  let web: { id: string };

  beforeAll(async () => {
    app = await startApp();
    page = await createPage(app, { name: 'Acme', timeZone: 'Europe/Paris' });
    group = await createGroup(app, page.id, { name: 'Core', position: 0 });
    api = await createComponent(app, page.id, { name: 'API', groupId: group.id, position: 0 });
    web = await createComponent(app, page.id, { name: 'Website', position: 1, onlyShowIfDegraded: true });
  });
  afterAll(() => app.stop());

  it.each(V2)('serves %s with CORS *, ETag and Cache-Control', async (doc) => {
    const res = await app.http().get(`/status/${page.slug}/api/v2/${doc}`).set('Origin', 'https://any.example').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['etag']).toMatch(/^"[^"]+"$/);
    expect(res.headers['cache-control']).toMatch(/public/);
    expect(res.body.page).toEqual({
      id: page.id,
      name: 'Acme',
      url: expect.stringContaining(`/status/${page.slug}`),
      time_zone: 'Europe/Paris',
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    await app
      .http()
      .get(`/status/${page.slug}/api/v2/${doc}`)
      .set('If-None-Match', res.headers['etag'])
      .expect(304);
  });

  it('answers from memory (the front door) exactly as the first, built answer', async () => {
    const fresh = await createPage(app, { name: 'Front Door' });
    for (let i = 0; i < 8; i += 1) await createComponent(app, fresh.id, { name: `Service ${i}` }); // over 1 KiB: gzipped too
    const url = `/status/${fresh.slug}/api/v2/summary.json`;
    const raw = (req: Test) => req.buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const built = await raw(app.http().get(url).set('Accept-Encoding', 'identity')).expect(200);
    const served = await raw(app.http().get(`${url}?cachebust=1`).set('Accept-Encoding', 'identity')).expect(200);
    expect((served.body as Buffer).equals(built.body as Buffer)).toBe(true);
    for (const h of ['etag', 'content-type', 'cache-control', 'access-control-allow-origin', 'vary', 'content-length']) {
      expect([h, served.headers[h]]).toEqual([h, built.headers[h]]);
    }
    expect(served.headers['x-request-id']).toBeTruthy();
    expect(served.headers['x-request-id']).not.toBe(built.headers['x-request-id']);
    const traced = await app.http().get(url).set('X-Request-Id', 'trace-me-42').expect(200);
    expect(traced.headers['x-request-id']).toBe('trace-me-42');

    const zipped = await raw(app.http().get(url).set('Accept-Encoding', 'gzip, br')).expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    // supertest has already gunzipped it: the same document, sent smaller.
    expect((zipped.body as Buffer).equals(built.body as Buffer)).toBe(true);
    expect(Number(zipped.headers['content-length'])).toBeLessThan((built.body as Buffer).length);

    const etag = built.headers['etag'];
    await app.http().get(url).set('If-None-Match', etag).expect(304);
    await app.http().get(url).set('If-None-Match', `"other", W/${etag}`).expect(304);
    await app.http().get(url).set('If-None-Match', '"other"').expect(200);
    const head = await app.http().head(url).expect(200);
    expect(head.headers['etag']).toBe(etag);

    // Every answer is counted under the route, whichever way it went.
    const metrics = await app.http().get('/metrics').expect(200);
    const count = new RegExp(`http_request_duration_seconds_count\\{method="GET",route="/status/:slug/api/v2/summary.json",status="200"\\} (\\d+)`);
    expect(Number(count.exec(metrics.text)?.[1])).toBeGreaterThanOrEqual(5);
  });

  it('summary has Statuspage nesting: groups as components, status indicator', async () => {
    const res = await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['components', 'incidents', 'page', 'scheduled_maintenances', 'status']);
    expect(res.body.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const [g, a, w] = res.body.components;
    expect(g).toMatchObject({ id: group.id, name: 'Core', group: true, components: [api.id], status: 'operational' });
    expect(a).toMatchObject({
      id: api.id,
      name: 'API',
      status: 'operational',
      group: false,
      group_id: group.id,
      page_id: page.id,
      position: 0,
      showcase: true,
      only_show_if_degraded: false,
    });
    expect(a.start_date).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(w).toMatchObject({ id: web.id, only_show_if_degraded: true, group_id: null });
  });

  it('reflects an admin change as soon as the call returns, with a new ETag', async () => {
    const before = await app.http().get(`/status/${page.slug}/api/v2/status.json`).expect(200);
    await app.admin().patch(`/api/v1/pages/${page.id}/components/${api.id}`).send({ status: 'major_outage' }).expect(200);
    const after = await app.http().get(`/status/${page.slug}/api/v2/status.json`).expect(200);
    expect(after.body.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(after.headers['etag']).not.toBe(before.headers['etag']);
    // the old ETag no longer matches
    await app.http().get(`/status/${page.slug}/api/v2/status.json`).set('If-None-Match', before.headers['etag']).expect(200);
    const summary = await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200);
    expect(summary.body.components[0]).toMatchObject({ group: true, status: 'major_outage' });

    await app.admin().patch(`/api/v1/pages/${page.id}/components/${api.id}`).send({ status: 'degraded_performance' }).expect(200);
    const minor = await app.http().get(`/status/${page.slug}/api/v2/status.json`).expect(200);
    expect(minor.body.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    await app.admin().patch(`/api/v1/pages/${page.id}/components/${api.id}`).send({ status: 'operational' }).expect(200);
  });

  it('moves a component between groups and out of its group', async () => {
    const other = await createGroup(app, page.id, { name: 'Edge', position: 5 });
    await app.admin().patch(`/api/v1/pages/${page.id}/components/${web.id}`).send({ groupId: other.id }).expect(200);
    let comps = (await app.http().get(`/status/${page.slug}/api/v2/components.json`).expect(200)).body.components;
    expect(comps.find((c: { id: string }) => c.id === other.id).components).toEqual([web.id]);
    const admin = await app.admin().get(`/api/v1/pages/${page.id}/component-groups/${other.id}`).expect(200);
    expect(admin.body.componentIds).toEqual([web.id]);
    await app.admin().patch(`/api/v1/pages/${page.id}/components/${web.id}`).send({ groupId: null }).expect(200);
    comps = (await app.http().get(`/status/${page.slug}/api/v2/components.json`).expect(200)).body.components;
    expect(comps.find((c: { id: string }) => c.id === web.id).group_id).toBeNull();
    // a group of another page is refused, naming the field
    const foreign = await createPage(app);
    const foreignGroup = await createGroup(app, foreign.id);
    const res = await app
      .admin()
      .patch(`/api/v1/pages/${page.id}/components/${web.id}`)
      .send({ groupId: foreignGroup.id })
      .expect(400);
    expect(res.body.message.join()).toMatch(/groupId/);
  });

  it('answers 404 for unknown and private pages on every public route', async () => {
    const hidden = await createPage(app, { isPublic: false });
    for (const doc of V2) {
      await app.http().get(`/status/${hidden.slug}/api/v2/${doc}`).expect(404);
      await app.http().get(`/status/no-such-page/api/v2/${doc}`).expect(404);
    }
    // making a page private takes effect at once
    const flip = await createPage(app);
    await app.http().get(`/status/${flip.slug}/api/v2/summary.json`).expect(200);
    await app.admin().patch(`/api/v1/pages/${flip.id}`).send({ isPublic: false }).expect(200);
    await app.http().get(`/status/${flip.slug}/api/v2/summary.json`).expect(404);
  });

  it("serves a page at the root of its own domain (where the status widget looks)", async () => {
    const own = await createPage(app, { name: 'Own Domain', domain: 'status.acme.test' });
    await createComponent(app, own.id, { name: 'Checkout' });
    const res = await app.http().get('/api/v2/summary.json').set('Host', 'status.acme.test:8080').expect(200);
    expect(res.body.page).toMatchObject({ id: own.id, name: 'Own Domain' });
    expect(res.body.components.map((c: { name: string }) => c.name)).toEqual(['Checkout']);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    await app.http().get('/api/v2/summary.json').set('Host', 'unknown.test').expect(404);
    const dup = await app.admin().post('/api/v1/pages').send({ slug: 'dup-domain', name: 'x', domain: 'status.acme.test' }).expect(409);
    expect(dup.body.message).toMatch(/domain/);
  });

  it('deleting a page removes everything under it', async () => {
    const gone = await createPage(app);
    const c = await createComponent(app, gone.id);
    await app.admin().delete(`/api/v1/pages/${gone.id}`).expect(204);
    await app.admin().get(`/api/v1/pages/${gone.id}/components/${c.id}`).expect(404);
    await app.http().get(`/status/${gone.slug}/api/v2/summary.json`).expect(404);
  });
});

describe('read-after-write across processes', () => {
  let writer: TestApp;
  let reader: TestApp;

  beforeAll(async () => {
    writer = await startApp();
    reader = await startApp({ db: writer.db, queuePrefix: writer.config.queuePrefix, role: 'api' });
  });
  afterAll(async () => {
    await reader.stop();
    await writer.stop();
  });

  it('another api process serves the new state once the admin call has returned', async () => {
    const page = await createPage(writer);
    const component = await createComponent(writer, page.id);
    // warm the reader's snapshot
    const warm = await reader.http().get(`/status/${page.slug}/api/v2/status.json`).expect(200);
    expect(warm.body.status.indicator).toBe('none');
    for (const [status, indicator] of [
      ['partial_outage', 'major'],
      ['operational', 'none'],
      ['major_outage', 'critical'],
      ['degraded_performance', 'minor'],
    ]) {
      await writer.admin().patch(`/api/v1/pages/${page.id}/components/${component.id}`).send({ status }).expect(200);
      const res = await reader.http().get(`/status/${page.slug}/api/v2/status.json`).expect(200);
      expect(res.body.status.indicator).toBe(indicator);
    }
  });
});
