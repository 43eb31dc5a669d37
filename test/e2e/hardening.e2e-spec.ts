import { connect } from 'node:net';
import { createIncident, createMaintenance, createPage } from '../factories';
import { MaintenanceReconciler } from '../../src/modules/maintenance/maintenance.reconciler';
import { PUBLIC_TIMELINE_BYTES, PUBLIC_TIMELINE_ENTRIES } from '../../src/modules/status-pages/public/public-timeline';
import { insertMaintenance, touchPage, withDb } from './public-fixtures';
import { eventually, ROOT_KEY, startApp, TestApp } from './harness';

/** Raw HTTP on a socket: how long until the server answers or closes a request that never completes. */
function slowRequest(baseUrl: string, head: string): Promise<{ answer: string; closed: boolean }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve({ answer, closed: true }));
    socket.on('error', () => undefined);
    socket.write(head);
    // one byte of a 1000-byte body, then nothing more
    socket.write('{');
  });
}

describe('hardening (HTTP)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp({ env: { HTTP_REQUEST_TIMEOUT_MS: '1500', METRICS_TOKEN: 'metrics-token-0123456789' } });
  });
  afterAll(() => app.stop());

  it('answers 408 (or closes) a request whose body never arrives', async () => {
    const page = await createPage(app);
    const result = await slowRequest(
      app.baseUrl,
      `PATCH /api/v1/pages/${page.id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ROOT_KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
    );
    expect(result.closed).toBe(true);
    expect(result.answer === '' || result.answer.startsWith('HTTP/1.1 408')).toBe(true);
    const after = await app.admin().get(`/api/v1/pages/${page.id}`).expect(200);
    expect(after.body.name).toBe(page.name); // nothing changed
  }, 30_000);

  it('refuses a domain that is localhost, an IP address or the service host, and lets only the root key set one', async () => {
    const page = await createPage(app);
    const own = new URL(app.config.publicBaseUrl).hostname;
    for (const [domain, pattern] of [
      ['localhost', /localhost/],
      ['app.localhost', /localhost/],
      ['10.0.0.1', /IP address/],
      ['127.0.0.1', /IP address/],
      [own, /own public host/],
    ] as const) {
      const res = await app.admin().patch(`/api/v1/pages/${page.id}`).send({ domain }).expect(400);
      expect([domain, (res.body.message as string[]).join(' ')]).toEqual([domain, expect.stringMatching(pattern)]);
      await app.admin().post('/api/v1/pages').send({ slug: `p-${Date.now()}`, name: 'x', domain }).expect(400);
    }
    const key = (await app.admin().post('/api/v1/api-keys').send({ name: 'tenant', pageIds: [page.id] }).expect(201)).body.key;
    const as = (t: import('supertest').Test) => t.set('Authorization', `Bearer ${key}`);
    const denied = await as(app.http().patch(`/api/v1/pages/${page.id}`).send({ domain: 'status.tenant.example' })).expect(403);
    expect(denied.body.message).toMatch(/root/);
    await as(app.http().patch(`/api/v1/pages/${page.id}`).send({ name: 'Renamed' })).expect(200);
    const ok = await app.admin().patch(`/api/v1/pages/${page.id}`).send({ domain: 'status.tenant.example' }).expect(200);
    expect(ok.body.domain).toBe('status.tenant.example');
  });

  it('restricts /metrics to the bearer token when METRICS_TOKEN is set', async () => {
    await app.http().get('/metrics').expect(401);
    await app.http().get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    const res = await app.http().get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789').expect(200);
    expect(res.text).toContain('http_request_duration_seconds');
  });

  it('lists API keys in the list envelope, with page and perPage bounded like every list', async () => {
    const page = await createPage(app);
    for (let i = 0; i < 3; i++) await app.admin().post('/api/v1/api-keys').send({ name: `k${i}`, pageIds: [page.id] }).expect(201);
    const first = await app.admin().get('/api/v1/api-keys?perPage=2').expect(200);
    expect(first.body.meta).toEqual({ total: expect.any(Number), page: 1, perPage: 2 });
    expect(first.body.data).toHaveLength(2);
    expect(first.body.meta.total).toBeGreaterThanOrEqual(3);
    for (const bad of ['perPage=-1', 'perPage=100000', 'page=0', 'perPage=abc']) {
      const res = await app.admin().get(`/api/v1/api-keys?${bad}`).expect(400);
      expect((res.body.message as string[]).join(' ')).toMatch(/page|perPage/);
    }
  });

  it('a revoked key stops working in every process at once', async () => {
    const other = await startApp({ db: app.db, queuePrefix: app.config.queuePrefix, role: 'api' });
    try {
      const page = await createPage(app);
      const created = await app.admin().post('/api/v1/api-keys').send({ name: 'leaked', pageIds: [page.id] }).expect(201);
      const as = (t: import('supertest').Test) => t.set('Authorization', `Bearer ${created.body.key}`);
      await as(other.http().get(`/api/v1/pages/${page.id}`)).expect(200); // now cached in the other process
      await app.admin().delete(`/api/v1/api-keys/${created.body.id}`).expect(204);
      // The other process hears the revocation through Redis: well before its 10 s cache would expire.
      await eventually(async () => (await as(other.http().get(`/api/v1/pages/${page.id}`))).status === 401, {
        timeoutMs: 3_000,
        what: 'the other process to refuse the revoked key',
      });
    } finally {
      await other.stop();
    }
  });

  it('renders timeline Markdown once, when written, and caps a timeline at 500 entries (409 beyond)', async () => {
    const page = await createPage(app);
    const incident = await createIncident(app, page.id, { message: 'We are **on it**.' });
    const stored = await withDb(app, (db) =>
      db.query<{ message_html: string }>('SELECT message_html FROM incident_updates WHERE incident_id = $1', [incident.id]),
    );
    expect(stored.rows.map((r) => r.message_html)).toEqual(['<p>We are <strong>on it</strong>.</p>']);
    // Fill the timeline to one short of the cap directly, then append through the API.
    await withDb(app, (db) =>
      db.query(
        `INSERT INTO incident_updates (id, incident_id, status, message, message_html)
         SELECT gen_random_uuid(), $1, 'investigating', 'filler', '<p>filler</p>' FROM generate_series(1, 498)`,
        [incident.id],
      ),
    );
    const url = `/api/v1/pages/${page.id}/incidents/${incident.id}/updates`;
    await app.admin().post(url).send({ status: 'identified', message: 'the 500th' }).expect(201);
    const refused = await app.admin().post(url).send({ status: 'resolved', message: 'the 501st' }).expect(409);
    expect(refused.body.message).toMatch(/at most 500 timeline entries/);
    const after = await app.admin().get(`/api/v1/pages/${page.id}/incidents/${incident.id}`).expect(200);
    expect([after.body.status, after.body.updates.length]).toEqual(['identified', 500]);
    // At the contract's limits the public documents still render, with the newest entries only, and say so.
    for (const path of ['', '/history', '/history.atom', '/history.rss', '/api/v2/summary.json']) {
      await app.http().get(`/status/${page.slug}${path}`).expect(200);
    }
    const leftOut = `${500 - PUBLIC_TIMELINE_ENTRIES} earlier updates are not shown.`;
    for (const path of ['', '/history']) {
      const html = (await app.http().get(`/status/${page.slug}${path}`).expect(200)).text;
      const article = html.slice(html.indexOf(`id="incident-${incident.id}"`), html.indexOf('</article>', html.indexOf(`id="incident-${incident.id}"`)));
      expect([path, (article.match(/<p class="when">/g) ?? []).length]).toEqual([path, PUBLIC_TIMELINE_ENTRIES]);
      expect(article).toContain('the 500th');
      expect(article).toContain(`<p class="note" data-left-out>${leftOut}</p>`);
    }
    expect((await app.http().get(`/status/${page.slug}/history.atom`).expect(200)).text).toContain(`&lt;em&gt;${leftOut}&lt;/em&gt;`);
    const summary = (await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200)).body;
    const updates = summary.incidents[0].incident_updates as Array<{ body: string }>;
    expect([updates.length, updates[0].body, updates[1].body]).toEqual([PUBLIC_TIMELINE_ENTRIES, 'the 500th', 'filler']);
  }, 60_000);

  it('public documents of timelines at the limits (500 entries of 20,000 characters) carry only what fits their byte budget', async () => {
    const page = await createPage(app);
    const incident = await createIncident(app, page.id, { message: 'first' });
    const maintenanceId = await insertMaintenance(app, page.id, {
      title: 'long window',
      status: 'in_progress',
      scheduledStart: new Date(Date.now() - 3_600_000),
      scheduledEnd: new Date(Date.now() + 3_600_000),
    });
    // Messages of 20,000 characters: 3,999 words and the entry's number, newest last.
    const words = 'word '.repeat(3_999);
    await withDb(app, async (db) => {
      for (const [table, column, id, status, count] of [
        ['incident_updates', 'incident_id', incident.id, 'identified', 499],
        ['maintenance_updates', 'maintenance_id', maintenanceId, 'in_progress', 500],
      ] as const) {
        await db.query(
          `INSERT INTO ${table} (id, ${column}, status, message, message_html)
           SELECT gen_random_uuid(), $1, $2, $3 || lpad(n::text, 5, '0'), '<p>' || $3 || lpad(n::text, 5, '0') || '</p>'
           FROM generate_series(1, $4::int) n ORDER BY n`,
          [id, status, words, count],
        );
      }
    });
    await touchPage(app, page.id);
    const fits = Math.floor(PUBLIC_TIMELINE_BYTES / (20_000 + 20_007)); // message and its HTML
    const html = (await app.http().get(`/status/${page.slug}`).expect(200)).text;
    expect(html.length).toBeLessThan(3 * PUBLIC_TIMELINE_BYTES);
    for (const [id, newest] of [[`incident-${incident.id}`, '00499'], [`maintenance-${maintenanceId}`, '00500']] as const) {
      const at = html.indexOf(`id="${id}"`);
      const article = html.slice(at, html.indexOf('</article>', at));
      const shown = (article.match(/<p class="when">/g) ?? []).length;
      expect([id, shown]).toEqual([id, fits]);
      expect(article).toContain(`<p class="note" data-left-out>${500 - fits} earlier updates are not shown.</p>`);
      expect(article.indexOf(`word ${newest}</p>`)).toBeGreaterThan(-1); // the newest entry, first
      expect(article.indexOf(`word ${newest}</p>`)).toBeLessThan(article.indexOf('<p class="when">', article.indexOf('<p class="when">') + 1));
    }
    const summary = (await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200)).body;
    expect(summary.incidents[0].incident_updates).toHaveLength(fits);
    expect(summary.incidents[0].incident_updates[0].body).toMatch(/word 00499$/);
    expect(summary.scheduled_maintenances[0].incident_updates).toHaveLength(fits);
    // Every other public document renders too, within the same order of size.
    for (const path of ['/history', '/history.atom', '/history.rss', '/api/v2/incidents.json', '/api/v2/incidents/unresolved.json',
      '/api/v2/scheduled-maintenances.json', '/api/v2/scheduled-maintenances/active.json', '/maintenances.ics', '/badge.svg']) {
      const res = await app.http().get(`/status/${page.slug}${path}`).buffer(true).parse((r, done) => {
        let n = 0;
        r.on('data', (chunk: Buffer) => (n += chunk.length));
        r.on('end', () => done(null, n));
      });
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, res.body < 3 * PUBLIC_TIMELINE_BYTES]).toEqual([path, true]);
    }
    // The admin API still has the whole timeline.
    const full = await app.admin().get(`/api/v1/pages/${page.id}/incidents/${incident.id}`).expect(200);
    expect(full.body.updates).toHaveLength(500);
  }, 60_000);

  it('holds the caps under concurrent requests: 20 webhooks per page, 500 entries per maintenance', async () => {
    const page = await createPage(app);
    const hooks = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        app.admin().post(`/api/v1/pages/${page.id}/webhooks`).send({ url: `http://127.0.0.1:9/race-${i}` }),
      ),
    );
    expect(hooks.map((r) => r.status).sort()).toEqual([...Array(20).fill(201), ...Array(5).fill(409)]);
    const listed = await app.admin().get(`/api/v1/pages/${page.id}/webhooks`).expect(200);
    expect(listed.body.meta.total).toBe(20);

    const maintenance = await createMaintenance(app, page.id);
    // 1 entry from the create, 495 filler: room for 4 more.
    await withDb(app, (db) =>
      db.query(
        `INSERT INTO maintenance_updates (id, maintenance_id, status, message, message_html)
         SELECT gen_random_uuid(), $1, 'scheduled', 'filler', '<p>filler</p>' FROM generate_series(1, 495)`,
        [maintenance.id],
      ),
    );
    const url = `/api/v1/pages/${page.id}/maintenances/${maintenance.id}`;
    const posts = await Promise.all([
      ...Array.from({ length: 9 }, (_, i) => app.admin().post(`${url}/updates`).send({ message: `race ${i}` })),
      app.admin().post(`${url}/start`).send({}),
    ]);
    expect(posts.filter((r) => r.status === 201 || r.status === 200)).toHaveLength(4);
    expect(posts.filter((r) => r.status === 409)).toHaveLength(6);
    const after = await app.admin().get(url).expect(200);
    expect(after.body.updates).toHaveLength(500);
  }, 60_000);

  it('a window whose stored times cannot be read does not stop the reconciler repairing the others', async () => {
    const page = await createPage(app);
    await insertMaintenance(app, page.id, {
      title: 'written before instants were validated',
      status: 'scheduled',
      scheduledStart: new Date(Date.now() + 3_600_000),
      scheduledEnd: new Date(Date.now() + 7_200_000),
    }).then((id) =>
      withDb(app, (db) =>
        db.query(`UPDATE maintenances SET scheduled_start = '10000-01-01T00:00:00Z', scheduled_end = '10000-01-02T00:00:00Z' WHERE id = $1`, [id]),
      ),
    );
    const good = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/maintenances`)
      .send({
        title: 'fine',
        scheduledStart: new Date(Date.now() + 3_600_000).toISOString(),
        scheduledEnd: new Date(Date.now() + 7_200_000).toISOString(),
      })
      .expect(201);
    const reconciler = app.app!.get(MaintenanceReconciler);
    const result = await reconciler.reconcile();
    expect(result.scheduled).toBeGreaterThanOrEqual(2); // the good window's start and complete jobs
    expect(good.body.status).toBe('scheduled');
  });
});
