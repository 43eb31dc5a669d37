import { createComponent, createPage } from '../factories';
import { QUEUE_NAMES } from '../../src/jobs/queues';
import { ROOT_KEY, startApp, TestApp } from './harness';

describe('foundation: auth, validation, errors (HTTP)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp({ env: { ADMIN_CORS_ORIGINS: 'https://dash.example.com' } });
  });
  afterAll(() => app.stop());

  describe('authentication', () => {
    it('answers 401 without a key and with a wrong key', async () => {
      const none = await app.http().get('/api/v1/pages').expect(401);
      expect(none.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(none.body.message).toMatch(/API key/);
      await app.http().get('/api/v1/pages').set('Authorization', 'Bearer nope-nope-nope').expect(401);
      await app.http().get('/api/v1/pages').set('Authorization', 'Basic abc').expect(401);
    });

    it('scoped keys see their pages only; other pages answer 404; creating pages or keys is 403', async () => {
      const mine = await createPage(app);
      const other = await createPage(app);
      const otherComponent = await createComponent(app, other.id);
      const created = await app.admin().post('/api/v1/api-keys').send({ name: 'ci', pageIds: [mine.id] }).expect(201);
      expect(created.body.key).toMatch(/^sp_/);
      const key = created.body.key as string;
      const as = (t: import('supertest').Test) => t.set('Authorization', `Bearer ${key}`);

      const list = await as(app.http().get('/api/v1/pages')).expect(200);
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([mine.id]);
      await as(app.http().get(`/api/v1/pages/${mine.id}`)).expect(200);
      const hidden = await as(app.http().get(`/api/v1/pages/${other.id}`)).expect(404);
      expect(hidden.body.message).toContain(other.id);
      await as(app.http().get(`/api/v1/pages/${other.id}/components/${otherComponent.id}`)).expect(404);
      await as(app.http().patch(`/api/v1/pages/${other.id}`).send({ name: 'hijack' })).expect(404);
      await as(app.http().post('/api/v1/pages').send({ slug: 'nope-page', name: 'x' })).expect(403);
      await as(app.http().post('/api/v1/api-keys').send({ name: 'x', pageIds: [mine.id] })).expect(403);

      // the secret is stored only as a hash: listing never shows it
      const keys = await app.admin().get('/api/v1/api-keys').expect(200);
      expect(JSON.stringify(keys.body)).not.toContain(key);
      await app.admin().delete(`/api/v1/api-keys/${created.body.id}`).expect(204);
      await as(app.http().get(`/api/v1/pages/${mine.id}`)).expect(401);
    });
  });

  describe('validation and errors', () => {
    it('names each bad field in a 400', async () => {
      const res = await app.admin().post('/api/v1/pages').send({ slug: 'A!', name: 5, timeZone: 'Mars/Base' }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      const text = (res.body.message as string[]).join('\n');
      expect(text).toMatch(/slug/);
      expect(text).toMatch(/name/);
      expect(text).toMatch(/timeZone/);
    });

    it('rejects unknown fields and null for required fields', async () => {
      const res = await app.admin().post('/api/v1/pages').send({ slug: 'okay-slug', name: 'x', bogus: 1 }).expect(400);
      expect(res.body.message).toContain('property bogus should not exist');
      const page = await createPage(app);
      const nulled = await app.admin().patch(`/api/v1/pages/${page.id}`).send({ name: null }).expect(400);
      expect((nulled.body.message as string[]).join()).toMatch(/name/);
    });

    it('rejects fields named like Object.prototype members as unknown fields, in queries and bodies', async () => {
      for (const key of ['toString', 'hasOwnProperty', 'constructor', 'valueOf']) {
        const list = await app.admin().get(`/api/v1/pages?${key}=1`).expect(400);
        expect(list.body.message).toEqual([`property ${key} should not exist`]);
      }
      const created = await app.admin().post('/api/v1/pages').send({ slug: 'proto-abc', name: 'x', hasOwnProperty: 1 }).expect(400);
      expect(created.body.message).toEqual(['property hasOwnProperty should not exist']);
      const valueOf = await app.admin().post('/api/v1/pages').send({ slug: 'proto-abc', name: 'x', valueOf: 1 }).expect(400);
      expect(valueOf.body.message).toEqual(['property valueOf should not exist']);
      const pages = await app.admin().get('/api/v1/pages?perPage=100').expect(200);
      expect(pages.body.data.map((p: { slug: string }) => p.slug)).not.toContain('proto-abc');
      await app.admin().get('/api/v1/pages?x=1').expect(400); // the same answer as for any unknown field
    });

    it('answers 400 for malformed JSON, 415 for a non-JSON body, 413 for a huge body', async () => {
      const bad = await app
        .admin()
        .post('/api/v1/pages')
        .set('Content-Type', 'application/json')
        .send('{"slug": "abc",')
        .expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      await app.admin().post('/api/v1/pages').set('Content-Type', 'text/xml').send('<a/>').expect(415);
      const huge = await app
        .admin()
        .post('/api/v1/pages')
        .send({ slug: 'big-page', name: 'x'.repeat(2 * 1024 * 1024) })
        .expect(413);
      expect(huge.body).toMatchObject({ statusCode: 413 });
    });

    it('accepts JSON only: form-encoded and plain-text bodies are 415 and create nothing', async () => {
      const before = (await app.admin().get('/api/v1/pages?perPage=100').expect(200)).body.total;
      const form = await app
        .admin()
        .post('/api/v1/pages')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('slug=form-page&name=Form')
        .expect(415);
      expect(form.body).toMatchObject({ statusCode: 415 });
      await app.admin().post('/api/v1/pages').set('Content-Type', 'text/plain').send('{"slug":"t","name":"t"}').expect(415);
      expect((await app.admin().get('/api/v1/pages?perPage=100').expect(200)).body.total).toBe(before);
    });

    it('answers 405 naming the allowed methods for a known path, 404 for an unknown one', async () => {
      const put = await app.http().put('/api/v1/pages').set('Authorization', `Bearer ${ROOT_KEY}`).send({}).expect(405);
      expect(put.headers['allow']).toBe('GET, HEAD, POST');
      expect(put.body).toEqual({ statusCode: 405, error: 'Method Not Allowed', message: 'PUT is not allowed here; use GET, HEAD, POST' });
      const page = await createPage(app);
      const post = await app.admin().post(`/api/v1/pages/${page.id}`).send({}).expect(405);
      expect(post.headers['allow']).toBe('DELETE, GET, HEAD, PATCH');
      const pub = await app.http().delete(`/status/${page.slug}/api/v2/summary.json`).expect(405);
      expect(pub.headers['allow']).toBe('GET, HEAD');
      // A trailing slash is the same path (a 200, not a 404 or a 405 for an allowed method).
      await app.http().get(`/status/${page.slug}/`).expect(200);
      await app.http().get(`/status/${page.slug}/api/v2/status.json/`).expect(200);
      await app.http().put('/api/v1/nothing-here').expect(404);
    });

    it("answers the router's own refusals in the usual error shape", async () => {
      const encoded = await app.http().get('/status/%ZZ/api/v2/summary.json').expect(400);
      expect(encoded.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'the request path is not validly percent-encoded' });
      const long = await app.admin().get(`/api/v1/pages/${'a'.repeat(200)}`).expect(414);
      expect(long.body).toEqual({ statusCode: 414, error: 'URI Too Long', message: expect.stringMatching(/path parameter/) });
    });

    it('names a bad UUID in the path and rejects out-of-range pagination', async () => {
      const res = await app.admin().get('/api/v1/pages/not-a-uuid').expect(400);
      expect(res.body.message).toEqual(['pageId must be a UUID']);
      const page = await app.admin().get('/api/v1/pages?perPage=1000').expect(400);
      expect((page.body.message as string[]).join()).toMatch(/perPage/);
      await app.admin().get('/api/v1/pages?page=0').expect(400);
      await app.admin().get('/api/v1/pages?page=abc').expect(400);
    });

    it('answers 409 for a duplicate slug and 404 for a missing page', async () => {
      const page = await createPage(app);
      const dup = await app.admin().post('/api/v1/pages').send({ slug: page.slug, name: 'again' }).expect(409);
      expect(dup.body.message).toMatch(/slug/);
      await app.admin().get('/api/v1/pages/00000000-0000-4000-8000-000000000000').expect(404);
    });
  });

  describe('CORS', () => {
    it('admin API allows only configured origins, never *', async () => {
      const ok = await app
        .http()
        .options('/api/v1/pages')
        .set('Origin', 'https://dash.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(ok.headers['access-control-allow-origin']).toBe('https://dash.example.com');
      const evil = await app
        .http()
        .options('/api/v1/pages')
        .set('Origin', 'https://evil.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('probes', () => {
    it('reports liveness, readiness and Prometheus metrics', async () => {
      await app.http().get('/health').expect(200, { status: 'ok' });
      const ready = await app.http().get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ postgres: 'up', redis: 'up' });
      const metrics = await app.http().get('/metrics').expect(200);
      expect(metrics.text).toContain('http_request_duration_seconds_bucket');
      expect(metrics.text).toContain('queue_jobs{');
      expect(QUEUE_NAMES).toEqual(['status-history', 'maintenance', 'webhooks', 'notifications']);
      for (const queue of QUEUE_NAMES) {
        expect(metrics.text).toContain(`queue_jobs{queue="${queue}",state="delayed"}`);
      }
      expect(metrics.headers['x-request-id']).toBeTruthy();
    });
  });
});
