import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { createComponent, createIncident, createPage, createWebhook } from '../factories';
import { eventually, startApp, TestApp } from './harness';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * A real local webhook receiver. The path decides the answer:
 * `/fail-twice/...` answers 500 to the first two attempts of each message, then 200;
 * `/hang/...` never answers; anything else answers 200.
 */
class Receiver {
  readonly received: Received[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    const attempts = new Map<string, number>();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        if (path.startsWith('/hang/')) return;
        const id = String(req.headers['webhook-id']);
        const n = (attempts.get(path + id) ?? 0) + 1;
        attempts.set(path + id, n);
        const answered = path.startsWith('/fail-twice/') && n <= 2 ? 500 : 200;
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

const json = (r: Received) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, any> };

describe('incidents and webhooks (HTTP)', () => {
  let app: TestApp;
  let receiver: Receiver;
  let db: Client;

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    app = await startApp({ env: { WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '2000' } });
    db = new Client({ connectionString: app.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await app?.stop();
    await receiver?.close();
  });

  const incidents = (pageId: string) => `/api/v1/pages/${pageId}/incidents`;
  const summary = async (slug: string) => (await app.http().get(`/status/${slug}/api/v2/summary.json`).expect(200)).body;
  const effective = async (pageId: string, componentId: string) =>
    (await app.admin().get(`/api/v1/pages/${pageId}/components/${componentId}`).expect(200)).body.effectiveStatus;

  describe('incidents', () => {
    it('creates with defaults, reads, lists, filters, patches and deletes', async () => {
      const page = await createPage(app);
      const created = await createIncident(app, page.id, { name: 'API errors', message: 'Looking into it' });
      expect(created).toMatchObject({
        pageId: page.id,
        name: 'API errors',
        status: 'investigating',
        impact: 'none',
        components: [],
        resolvedAt: null,
      });
      expect(created.updates).toEqual([
        {
          id: expect.any(String),
          createdAt: expect.any(String),
          status: 'investigating',
          message: 'Looking into it',
          components: [],
        },
      ]);
      const got = await app.admin().get(`${incidents(page.id)}/${created.id}`).expect(200);
      expect(got.body).toEqual(created);

      const resolved = await createIncident(app, page.id, { status: 'resolved', startedAt: '2020-01-01T00:00:00Z' });
      const newest = await createIncident(app, page.id, { status: 'identified', impact: 'minor' });
      const list = await app.admin().get(`${incidents(page.id)}?perPage=2`).expect(200);
      expect(list.body.meta).toEqual({ total: 3, page: 1, perPage: 2 });
      expect(list.body.data.map((i: { id: string }) => i.id)).toEqual([newest.id, created.id]);
      const second = await app.admin().get(`${incidents(page.id)}?perPage=2&page=2`).expect(200);
      expect(second.body.data.map((i: { id: string }) => i.id)).toEqual([resolved.id]);
      const filtered = await app.admin().get(`${incidents(page.id)}?status=resolved`).expect(200);
      expect(filtered.body.data.map((i: { id: string }) => i.id)).toEqual([resolved.id]);
      expect(filtered.body.meta.total).toBe(1);
      await app.admin().get(`${incidents(page.id)}?status=closed`).expect(400);

      const patched = await app
        .admin()
        .patch(`${incidents(page.id)}/${created.id}`)
        .send({ name: 'API errors in EU', impact: 'major' })
        .expect(200);
      expect(patched.body).toMatchObject({ name: 'API errors in EU', impact: 'major', status: 'investigating' });
      expect(patched.body.updates).toHaveLength(1);
      const nope = await app.admin().patch(`${incidents(page.id)}/${created.id}`).send({ status: 'resolved' }).expect(400);
      expect(nope.body.message).toContain('property status should not exist');

      await app.admin().delete(`${incidents(page.id)}/${created.id}`).expect(204);
      await app.admin().get(`${incidents(page.id)}/${created.id}`).expect(404);
      await app.admin().delete(`${incidents(page.id)}/${created.id}`).expect(404);
    });

    it('answers 400 naming each bad field, and changes nothing', async () => {
      const page = await createPage(app);
      const other = await createPage(app);
      const foreign = await createComponent(app, other.id);
      const mine = await createComponent(app, page.id);
      const bad = async (body: Record<string, unknown>, ...fields: string[]) => {
        const res = await app.admin().post(incidents(page.id)).send(body).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        const text = (res.body.message as string[]).join('\n');
        for (const field of fields) expect(text).toContain(field);
      };
      await bad({}, 'name', 'message');
      await bad({ name: 'x', message: 'y', status: 'postmortem', impact: 'huge' }, 'status', 'impact');
      await bad({ name: 'x', message: 'y', status: null }, 'status');
      await bad({ name: 'x', message: 'y', startedAt: 'yesterday' }, 'startedAt');
      await bad({ name: 'x', message: 'y', startedAt: '2999-01-01T00:00:00Z' }, 'startedAt');
      await bad({ name: 'x', message: 'y', components: 'api' }, 'components');
      await bad({ name: 'x', message: 'y', components: [{ componentId: 'nope', status: 'broken' }] }, 'componentId', 'status');
      await bad({ name: 'x', message: 'y', components: [{ componentId: foreign.id, status: 'major_outage' }] }, 'components');
      await bad(
        { name: 'x', message: 'y', components: [mine, mine].map((c) => ({ componentId: c.id, status: 'major_outage' })) },
        'components',
      );
      await bad({ name: 'x', message: 'y', bogus: true }, 'bogus');

      const incident = await createIncident(app, page.id);
      const url = `${incidents(page.id)}/${incident.id}/updates`;
      const res = await app.admin().post(url).send({ status: 'fixed', components: [{ status: 'operational' }] }).expect(400);
      const text = (res.body.message as string[]).join('\n');
      for (const field of ['status', 'message', 'componentId']) expect(text).toContain(field);
      await app
        .admin()
        .post(url)
        .send({ status: 'identified', message: 'x', components: [{ componentId: foreign.id, status: 'major_outage' }] })
        .expect(400);
      await app.admin().get(`${incidents(page.id)}/not-a-uuid`).expect(400);
      await app.admin().get(`${incidents(page.id)}/${foreign.id}`).expect(404);
      await app
        .admin()
        .post(`${incidents(page.id)}/${foreign.id}/updates`)
        .send({ status: 'identified', message: 'x' })
        .expect(404);
      await app.admin().get(`/api/v1/pages/${foreign.id}/incidents`).expect(404);

      const after = await app.admin().get(`${incidents(page.id)}/${incident.id}`).expect(200);
      expect(after.body.updates).toHaveLength(1);
      expect(after.body.status).toBe('investigating');
      expect((await app.admin().get(incidents(page.id)).expect(200)).body.meta.total).toBe(1);
    });

    it('moves through the statuses; postmortem only after resolved (409); going back is a new entry', async () => {
      const page = await createPage(app);
      const incident = await createIncident(app, page.id);
      const url = `${incidents(page.id)}/${incident.id}/updates`;
      const early = await app.admin().post(url).send({ status: 'postmortem', message: 'too early' }).expect(409);
      expect(early.body).toMatchObject({ statusCode: 409, error: 'Conflict' });

      const monitoring = await app.admin().post(url).send({ status: 'monitoring', message: 'fix deployed' }).expect(201);
      expect(monitoring.body.monitoringAt).not.toBeNull();
      const resolved = await app.admin().post(url).send({ status: 'resolved', message: 'all good' }).expect(201);
      expect(resolved.body.status).toBe('resolved');
      expect(resolved.body.resolvedAt).not.toBeNull();
      const reopened = await app.admin().post(url).send({ status: 'investigating', message: 'it is back' }).expect(201);
      expect(reopened.body).toMatchObject({ status: 'investigating', resolvedAt: null, monitoringAt: null });
      await app.admin().post(url).send({ status: 'resolved', message: 'fixed for good' }).expect(201);
      const pm = await app.admin().post(url).send({ status: 'postmortem', message: 'what happened' }).expect(201);
      expect(pm.body.status).toBe('postmortem');
      expect(pm.body.updates.map((u: { status: string }) => u.status)).toEqual([
        'investigating',
        'monitoring',
        'resolved',
        'investigating',
        'resolved',
        'postmortem',
      ]);
    });

    it('backfills a past resolved incident without changing any current status', async () => {
      const page = await createPage(app);
      const component = await createComponent(app, page.id);
      const startedAt = '2024-03-01T10:00:00.000Z';
      const incident = await createIncident(app, page.id, {
        status: 'resolved',
        impact: 'critical',
        startedAt,
        message: 'A database failover took the API down.',
        components: [{ componentId: component.id, status: 'major_outage' }],
      });
      expect(incident).toMatchObject({ status: 'resolved', startedAt, resolvedAt: startedAt });
      expect(incident.updates[0].createdAt).toBe(startedAt);
      expect(await effective(page.id, component.id)).toBe('operational');
      const s = await summary(page.slug);
      expect(s.status.indicator).toBe('none');
      expect(s.incidents).toEqual([]);
      const history = await app.http().get(`/status/${page.slug}/api/v2/incidents.json`).expect(200);
      expect(history.body.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id]);
    });

    it('an open incident sets effective and public statuses at once; resolving restores them', async () => {
      const page = await createPage(app);
      const api = await createComponent(app, page.id, { name: 'API' });
      const web = await createComponent(app, page.id, { name: 'Web' });
      const incident = await createIncident(app, page.id, {
        name: 'Slow API',
        message: 'Requests are slow.',
        impact: 'minor',
        components: [{ componentId: api.id, status: 'degraded_performance' }],
      });
      expect(incident.components).toEqual([{ componentId: api.id, status: 'degraded_performance' }]);
      expect(incident.updates[0].components).toEqual([
        { componentId: api.id, status: 'degraded_performance', name: 'API', oldStatus: 'operational' },
      ]);
      expect(await effective(page.id, api.id)).toBe('degraded_performance');
      let s = await summary(page.slug);
      expect(s.status.indicator).toBe('minor');
      expect(s.components.find((c: { id: string }) => c.id === api.id).status).toBe('degraded_performance');
      expect(s.incidents).toHaveLength(1);
      expect(s.incidents[0].incident_updates[0].body).toBe('Requests are slow.');

      const url = `${incidents(page.id)}/${incident.id}/updates`;
      const worse = await app
        .admin()
        .post(url)
        .send({
          status: 'identified',
          message: 'The API is down, the site is slow.',
          components: [
            { componentId: api.id, status: 'major_outage' },
            { componentId: web.id, status: 'partial_outage' },
          ],
        })
        .expect(201);
      expect(worse.body.components).toHaveLength(2);
      expect(worse.body.updates[1].components).toEqual([
        { componentId: api.id, status: 'major_outage', name: 'API', oldStatus: 'degraded_performance' },
        { componentId: web.id, status: 'partial_outage', name: 'Web', oldStatus: 'operational' },
      ]);
      expect(await effective(page.id, api.id)).toBe('major_outage');
      expect(await effective(page.id, web.id)).toBe('partial_outage');
      s = await summary(page.slug);
      expect(s.status.indicator).toBe('critical');
      expect(s.incidents[0].status).toBe('identified');
      expect(s.incidents[0].incident_updates[0].body).toBe('The API is down, the site is slow.');
      expect(s.incidents[0].incident_updates[0].affected_components).toEqual([
        { code: api.id, name: 'API', old_status: 'degraded_performance', new_status: 'major_outage' },
        { code: web.id, name: 'Web', old_status: 'operational', new_status: 'partial_outage' },
      ]);

      await app.admin().post(url).send({ status: 'resolved', message: 'Fixed.' }).expect(201);
      expect(await effective(page.id, api.id)).toBe('operational');
      expect(await effective(page.id, web.id)).toBe('operational');
      s = await summary(page.slug);
      expect(s.status.indicator).toBe('none');
      expect(s.incidents).toEqual([]);
      expect(s.components.every((c: { status: string }) => c.status === 'operational')).toBe(true);
    });

    it('editing the impact and deleting an open incident update the public status at once', async () => {
      const page = await createPage(app);
      const component = await createComponent(app, page.id);
      const incident = await createIncident(app, page.id, {
        impact: 'minor',
        components: [{ componentId: component.id, status: 'under_maintenance' }],
      });
      expect((await summary(page.slug)).status.indicator).toBe('minor');
      await app.admin().patch(`${incidents(page.id)}/${incident.id}`).send({ impact: 'critical' }).expect(200);
      expect((await summary(page.slug)).status.indicator).toBe('critical');
      await app.admin().delete(`${incidents(page.id)}/${incident.id}`).expect(204);
      expect((await summary(page.slug)).status.indicator).toBe('none');
      expect(await effective(page.id, component.id)).toBe('operational');
    });

    it("hides other pages' incidents and webhooks from a page-scoped key (404)", async () => {
      const mine = await createPage(app);
      const other = await createPage(app);
      const incident = await createIncident(app, other.id);
      const hook = await createWebhook(app, other.id);
      const key = (await app.admin().post('/api/v1/api-keys').send({ name: 'scoped', pageIds: [mine.id] }).expect(201))
        .body.key as string;
      const as = (t: import('supertest').Test) => t.set('Authorization', `Bearer ${key}`);
      await as(app.http().get(incidents(mine.id))).expect(200);
      await as(app.http().get(`${incidents(other.id)}/${incident.id}`)).expect(404);
      await as(app.http().post(`${incidents(other.id)}/${incident.id}/updates`).send({ status: 'resolved', message: 'x' }))
        .expect(404);
      await as(app.http().get(`/api/v1/pages/${other.id}/webhooks/${hook.id}/deliveries`)).expect(404);
      await as(app.http().delete(`/api/v1/pages/${other.id}/webhooks/${hook.id}`)).expect(404);
      await app.admin().get(`/api/v1/pages/${other.id}/webhooks/${hook.id}`).expect(200);
    });

    it('keeps all of 50 parallel appends, in one stable order', async () => {
      const page = await createPage(app);
      const incident = await createIncident(app, page.id);
      const url = `${incidents(page.id)}/${incident.id}/updates`;
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          app.admin().post(url).send({ status: i % 2 ? 'identified' : 'monitoring', message: `update ${i}` }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
      const first = (await app.admin().get(`${incidents(page.id)}/${incident.id}`).expect(200)).body;
      const again = (await app.admin().get(`${incidents(page.id)}/${incident.id}`).expect(200)).body;
      expect(first.updates).toHaveLength(51);
      expect(again.updates).toEqual(first.updates);
      const messages = first.updates.slice(1).map((u: { message: string }) => u.message);
      expect(new Set(messages).size).toBe(50);
      const times = first.updates.map((u: { createdAt: string }) => Date.parse(u.createdAt));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      // the incident's status is the last entry's
      expect(first.status).toBe(first.updates[50].status);
      // each append saw the entries before it: response n has n+1 entries, each a prefix of the final timeline
      const lengths = responses.map((r) => r.body.updates.length).sort((a, b) => a - b);
      expect(lengths).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    });
  });

  describe('webhooks', () => {
    it('creates (secret once), lists, reads and deletes subscribers; validates url, events and componentIds', async () => {
      const page = await createPage(app);
      const other = await createPage(app);
      const foreign = await createComponent(app, other.id);
      const created = await createWebhook(app, page.id, { url: 'https://hooks.example.com/status' });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(created.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
      expect(created.events).toHaveLength(11);
      expect(created.componentIds).toEqual([]);
      const got = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${created.id}`).expect(200);
      expect(got.body).toEqual({ ...created, secret: undefined });
      expect(got.body.secret).toBeUndefined();
      const list = await app.admin().get(`/api/v1/pages/${page.id}/webhooks`).expect(200);
      expect(list.body.meta.total).toBe(1);
      expect(JSON.stringify(list.body)).not.toContain(created.secret);

      const bad = async (body: Record<string, unknown>, field: string) => {
        const res = await app.admin().post(`/api/v1/pages/${page.id}/webhooks`).send(body).expect(400);
        expect((res.body.message as string[]).join('\n')).toContain(field);
      };
      await bad({ url: 'ftp://example.com/hook' }, 'url');
      await bad({ url: 'javascript:alert(1)' }, 'url');
      await bad({ url: 'not a url' }, 'url');
      await bad({}, 'url');
      await bad({ url: 'https://example.com', events: ['incident.exploded'] }, 'events');
      await bad({ url: 'https://example.com', events: [] }, 'events');
      await bad({ url: 'https://example.com', componentIds: ['x'] }, 'componentIds');
      await bad({ url: 'https://example.com', componentIds: [foreign.id] }, 'componentIds');
      expect((await app.admin().get(`/api/v1/pages/${page.id}/webhooks`).expect(200)).body.meta.total).toBe(1);

      await app.admin().delete(`/api/v1/pages/${page.id}/webhooks/${created.id}`).expect(204);
      await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${created.id}`).expect(404);
      await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${created.id}/deliveries`).expect(404);
    });

    it('delivers signed Standard Webhooks messages that verify with standardwebhooks', async () => {
      const page = await createPage(app);
      const path = `/ok/${page.id}`;
      const hook = await createWebhook(app, page.id, { url: `${receiver.url}${path}` });
      const incident = await createIncident(app, page.id, { name: 'Signed' });
      await app
        .admin()
        .post(`${incidents(page.id)}/${incident.id}/updates`)
        .send({ status: 'resolved', message: 'done' })
        .expect(201);

      const got = await eventually(async () => receiver.at(path).length >= 2 && receiver.at(path), {
        what: 'two deliveries',
      });
      const types = got.map((r) => json(r).type).sort();
      expect(types).toEqual(['incident.created', 'incident.resolved']);
      for (const r of got) {
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
        const verified = new Webhook(hook.secret).verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: { id: string };
        };
        expect(verified.data.id).toBe(incident.id);
        expect(Date.parse(json(r).timestamp)).not.toBeNaN();
      }
      const wrongSecret = new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`);
      expect(() => wrongSecret.verify(got[0].body, got[0].headers as Record<string, string>)).toThrow();

      const deliveries = await eventually(async () => {
        const res = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${hook.id}/deliveries`).expect(200);
        return res.body.meta.total === 2 && res.body;
      });
      expect(deliveries.data[0]).toEqual({
        id: expect.any(String),
        messageId: expect.stringMatching(/^msg_/),
        event: expect.any(String),
        attempt: 1,
        statusCode: 200,
        error: null,
        durationMs: expect.any(Number),
        createdAt: expect.any(String),
      });
    });

    it('retries a failing receiver with backoff: exactly one success per event, every attempt recorded', async () => {
      const page = await createPage(app);
      const path = `/fail-twice/${page.id}`;
      const hook = await createWebhook(app, page.id, { url: `${receiver.url}${path}`, events: ['incident.created'] });
      await createIncident(app, page.id);
      await createIncident(app, page.id);

      const deliveries = await eventually(
        async () => {
          const res = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${hook.id}/deliveries`).expect(200);
          return res.body.meta.total === 6 && res.body.data;
        },
        { timeoutMs: 30_000, what: '6 attempts' },
      );
      const byMessage = new Map<string, Array<{ attempt: number; statusCode: number; error: string | null }>>();
      for (const d of deliveries) byMessage.set(d.messageId, [...(byMessage.get(d.messageId) ?? []), d]);
      expect(byMessage.size).toBe(2);
      for (const attempts of byMessage.values()) {
        const sorted = [...attempts].sort((a, b) => a.attempt - b.attempt);
        expect(sorted.map((a) => [a.attempt, a.statusCode])).toEqual([
          [1, 500],
          [2, 500],
          [3, 200],
        ]);
        expect(sorted[0].error).toMatch(/500/);
        expect(sorted[2].error).toBeNull();
      }
      const successes = receiver.at(path).filter((r) => r.answered === 200);
      expect(successes).toHaveLength(2);
      expect(new Set(successes.map((r) => r.headers['webhook-id'])).size).toBe(2);
      // every attempt of a message carries the same webhook-id
      expect(new Set(receiver.at(path).map((r) => r.headers['webhook-id'])).size).toBe(2);
    });

    it('filters by componentIds and sends component.status_changed', async () => {
      const page = await createPage(app);
      const a = await createComponent(app, page.id);
      const b = await createComponent(app, page.id);
      const allPath = `/ok/all-${page.id}`;
      const onlyAPath = `/ok/only-a-${page.id}`;
      await createWebhook(app, page.id, { url: `${receiver.url}${allPath}`, events: ['incident.created'] });
      await createWebhook(app, page.id, {
        url: `${receiver.url}${onlyAPath}`,
        events: ['incident.created', 'component.status_changed'],
        componentIds: [a.id],
      });
      // component history must have its first row before a change can be reported
      await eventually(async () => {
        const r = await db.query('SELECT count(*)::int AS n FROM component_status_changes WHERE page_id = $1', [page.id]);
        return r.rows[0].n === 2;
      });

      const onB = await createIncident(app, page.id, { components: [{ componentId: b.id, status: 'major_outage' }] });
      const onA = await createIncident(app, page.id, { components: [{ componentId: a.id, status: 'partial_outage' }] });
      await eventually(async () => receiver.at(allPath).length === 2, { what: 'both incidents at the unfiltered hook' });
      const got = await eventually(
        async () => {
          const r = receiver.at(onlyAPath);
          const types = r.map((x) => json(x).type);
          return types.includes('component.status_changed') && types.includes('incident.created') && r;
        },
        { what: 'incident and status change for A' },
      );
      const created = got.filter((r) => json(r).type === 'incident.created');
      expect(created.map((r) => json(r).data.id)).toEqual([onA.id]);
      expect(got.map((r) => json(r).data.id)).not.toContain(onB.id);
      const changes = got.filter((r) => json(r).type === 'component.status_changed').map((r) => json(r).data);
      expect(changes).toEqual([
        {
          component: { id: a.id, name: a.name, status: 'partial_outage' },
          oldStatus: 'operational',
          newStatus: 'partial_outage',
          changedAt: expect.any(String),
        },
      ]);
    });

    it('never makes the admin API wait for a slow receiver', async () => {
      const page = await createPage(app);
      const hook = await createWebhook(app, page.id, { url: `${receiver.url}/hang/${page.id}` });
      const started = Date.now();
      const incident = await createIncident(app, page.id);
      await app
        .admin()
        .post(`${incidents(page.id)}/${incident.id}/updates`)
        .send({ status: 'resolved', message: 'x' })
        .expect(201);
      // waiting for the receiver would take the 2 s timeout per call
      expect(Date.now() - started).toBeLessThan(3500);
      const timedOut = await eventually(
        async () => {
          const res = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${hook.id}/deliveries`).expect(200);
          return res.body.data.find((d: { error: string | null }) => d.error?.includes('no answer within 2000 ms'));
        },
        { what: 'a timed-out attempt' },
      );
      expect(timedOut).toMatchObject({ statusCode: null });
      expect(timedOut.durationMs).toBeGreaterThanOrEqual(1900);
      await app.admin().delete(`/api/v1/pages/${page.id}/webhooks/${hook.id}`).expect(204);
    });
  });

  describe('webhook SSRF guard (WEBHOOK_ALLOW_PRIVATE off, the default)', () => {
    it('refuses private and local targets when created, and blocks a stored one at delivery without retrying', async () => {
      const strict = await startApp({
        db: app.db,
        env: { WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '2000' },
      });
      try {
        const page = await createPage(strict);
        for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost:3000/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/hook', 'http://10.0.0.5/hook']) {
          const res = await strict.admin().post(`/api/v1/pages/${page.id}/webhooks`).send({ url }).expect(400);
          expect([url, (res.body.message as string[]).join()]).toEqual([url, expect.stringMatching(/^url must not point to a private or local address/)]);
        }
        expect((await strict.admin().get(`/api/v1/pages/${page.id}/webhooks`).expect(200)).body.meta.total).toBe(0);
        // A public address is fine (filtered to a component the incident below leaves alone: no delivery leaves the machine).
        const quiet = await createComponent(strict, page.id);
        await strict.admin().post(`/api/v1/pages/${page.id}/webhooks`).send({ url: 'https://8.8.8.8/hook', componentIds: [quiet.id] }).expect(201);

        // Stored while private targets were allowed (or by an older version): blocked when delivered.
        const old = await createWebhook(app, page.id, { url: `${receiver.url}/ssrf` });
        await createIncident(strict, page.id, { name: 'Triggers a delivery' });
        const attempts = await eventually(async () => {
          const res = await strict.admin().get(`/api/v1/pages/${page.id}/webhooks/${old.id}/deliveries`).expect(200);
          return res.body.data.length > 0 ? res.body.data : null;
        }, { what: 'the blocked attempt' });
        await new Promise((r) => setTimeout(r, 1_000)); // retries (100 ms apart) would show up by now
        const after = await strict.admin().get(`/api/v1/pages/${page.id}/webhooks/${old.id}/deliveries`).expect(200);
        expect(after.body.data).toHaveLength(attempts.length);
        expect(after.body.data[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/not a public address/) });
        expect(receiver.received.filter((r) => r.path === '/ssrf')).toEqual([]);
      } finally {
        await strict.stop();
      }
    });
  });
});
