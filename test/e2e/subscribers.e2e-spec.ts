import { createServer, Server } from 'node:http';
import { Client } from 'pg';
import { AddressInfo } from 'node:net';
import { createComponent, createPage } from '../factories';
import { eventually, startApp, TestApp } from './harness';
import { CuttableProxy } from './cuttable-proxy';
import { SmtpSink } from './smtp-sink';
import { linksOf as emailLinks, sendNotice } from './subscriber-links';

/** A local webhook receiver that records each message body. */
async function receiver(): Promise<{ url: string; bodies: Array<{ type: string; data: Record<string, unknown> }>; server: Server }> {
  const bodies: Array<{ type: string; data: Record<string, unknown> }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

let ipCounter = 0;
/** A client address of its own (TRUST_PROXY is on), so that tests do not share the per-client limit. */
const nextClient = () => `198.51.100.${++ipCounter}`;
let mailCounter = 0;
const nextEmail = (name = 'reader') => `${name}-${Date.now().toString(36)}-${++mailCounter}@example.com`;

describe('subscribers (email configured, behind a proxy)', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let page: { id: string; slug: string };
  let a: { id: string; name: string };
  let b: { id: string; name: string };

  const subscribers = (pageId: string, query = '') => app.admin().get(`/api/v1/pages/${pageId}/subscribers${query}`).expect(200);
  const subscribe = (slug: string, body: Record<string, unknown>, client = nextClient()) =>
    app.http().post(`/status/${slug}/subscribe`).set('x-forwarded-for', `203.0.113.9, ${client}`).send(body);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startApp({ env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' } });
    page = await createPage(app, { name: 'Acme' });
    a = await createComponent(app, page.id, { name: 'API' });
    b = await createComponent(app, page.id, { name: 'Dashboard' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await sink?.stop();
  });

  describe('admin API', () => {
    it('creates pending subscribers (lower-cased) and active ones with skipConfirmation, and gets, lists and deletes them', async () => {
      const email = nextEmail('Ada').replace('ada', 'ADA');
      const pending = await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email, componentIds: [b.id, a.id] }).expect(201);
      expect(pending.body).toEqual({
        id: expect.any(String),
        pageId: page.id,
        email: email.toLowerCase(),
        componentIds: [a.id, b.id].sort(),
        state: 'pending',
        confirmedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const active = await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), skipConfirmation: true }).expect(201);
      expect(active.body).toMatchObject({ state: 'active', componentIds: [] });
      expect(Date.parse(active.body.confirmedAt)).toBeGreaterThan(Date.now() - 60_000);

      expect((await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${pending.body.id}`).expect(200)).body).toEqual(pending.body);
      const pendings = (await subscribers(page.id, '?state=pending&perPage=100')).body;
      expect(pendings.data.map((s: { id: string }) => s.id)).toContain(pending.body.id);
      expect(pendings.data.every((s: { state: string }) => s.state === 'pending')).toBe(true);
      const actives = (await subscribers(page.id, '?state=active&perPage=100')).body;
      expect(actives.data.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([active.body.id]));
      expect(actives.data.map((s: { id: string }) => s.id)).not.toContain(pending.body.id);
      const one = (await subscribers(page.id, '?perPage=1&page=1')).body;
      expect(one.data).toHaveLength(1);
      expect(one.meta).toEqual({ total: expect.any(Number), page: 1, perPage: 1 });
      expect(one.meta.total).toBeGreaterThanOrEqual(2);
      await app.admin().get(`/api/v1/pages/${page.id}/subscribers?state=confirmed`).expect(400);

      await app.admin().delete(`/api/v1/pages/${page.id}/subscribers/${active.body.id}`).expect(204);
      await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${active.body.id}`).expect(404);
      await app.admin().delete(`/api/v1/pages/${page.id}/subscribers/${active.body.id}`).expect(404);
    });

    it('refuses an address already on the page (409, whatever its case), bad addresses and components not on the page (400)', async () => {
      const email = nextEmail();
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email, skipConfirmation: true }).expect(201);
      const dup = await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: email.toUpperCase(), skipConfirmation: true }).expect(409);
      expect(dup.body.message).toContain('already subscribed');

      for (const bad of ['not-an-email', 'a@b', '', `${'x'.repeat(250)}@example.com`]) {
        const res = await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: bad }).expect(400);
        expect(res.body.message.join(' ')).toContain('email');
      }
      const other = await createPage(app);
      const foreign = await createComponent(app, other.id);
      const unknown = '6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab';
      const res = await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), componentIds: [foreign.id, unknown] }).expect(400);
      expect(res.body.message).toEqual([
        `componentIds: component ${foreign.id} does not belong to this page`,
        `componentIds: component ${unknown} does not belong to this page`,
      ]);
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), state: 'active' }).expect(400);
      const total = (await subscribers(page.id)).body.meta.total;
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: 'nope' }).expect(400);
      expect((await subscribers(page.id)).body.meta.total).toBe(total);
    });

    it('resends a confirmation to a pending subscriber only (409 otherwise)', async () => {
      const pending = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail() }).expect(201)).body;
      const resent = await app.admin().post(`/api/v1/pages/${page.id}/subscribers/${pending.id}/resend-confirmation`).expect(202);
      expect(resent.body).toMatchObject({ id: pending.id, state: 'pending' });
      const active = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), skipConfirmation: true }).expect(201)).body;
      const res = await app.admin().post(`/api/v1/pages/${page.id}/subscribers/${active.id}/resend-confirmation`).expect(409);
      expect(res.body.message).toContain('active');
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers/6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab/resend-confirmation`).expect(404);
    });

    it('answers 404 to a key scoped to another page', async () => {
      const mine = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), skipConfirmation: true }).expect(201)).body;
      const other = await createPage(app);
      const key = (await app.admin().post('/api/v1/api-keys').send({ name: 'other page', pageIds: [other.id] }).expect(201)).body.key;
      const as = (t: import('supertest').Test) => t.set('authorization', `Bearer ${key}`);
      await as(app.http().get(`/api/v1/pages/${page.id}/subscribers`)).expect(404);
      await as(app.http().get(`/api/v1/pages/${page.id}/subscribers/${mine.id}`)).expect(404);
      await as(app.http().post(`/api/v1/pages/${page.id}/subscribers`)).send({ email: nextEmail(), skipConfirmation: true }).expect(404);
      await as(app.http().delete(`/api/v1/pages/${page.id}/subscribers/${mine.id}`)).expect(404);
      await as(app.http().post(`/api/v1/pages/${page.id}/subscribers/${mine.id}/resend-confirmation`)).expect(404);
      await as(app.http().get(`/api/v1/pages/${other.id}/subscribers`)).expect(200);
      await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${mine.id}`).expect(200);
      await app.http().get(`/api/v1/pages/${page.id}/subscribers`).expect(401);
    });
  });

  describe('public subscribe', () => {
    it('accepts JSON with 202 and creates a pending subscriber', async () => {
      const email = nextEmail();
      const res = await subscribe(page.slug, { email, componentIds: [a.id] }).expect(202);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ message: expect.stringContaining('Check your inbox') });
      const list = (await subscribers(page.id, '?state=pending&perPage=100')).body.data;
      expect(list.find((s: { email: string }) => s.email === email)).toMatchObject({ state: 'pending', componentIds: [a.id] });
    });

    it('answers the same for an unknown, a pending and an active address, and changes nothing for the active one', async () => {
      const active = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), componentIds: [b.id], skipConfirmation: true }).expect(201)).body;
      const unknown = await subscribe(page.slug, { email: nextEmail() }).expect(202);
      const pendingEmail = nextEmail();
      await subscribe(page.slug, { email: pendingEmail }).expect(202);
      const pending = await subscribe(page.slug, { email: pendingEmail }).expect(202);
      const known = await subscribe(page.slug, { email: active.email.toUpperCase(), componentIds: [a.id] }).expect(202);
      const strip = (r: { status: number; body: unknown; headers: Record<string, string> }) => ({
        status: r.status,
        body: r.body,
        type: r.headers['content-type'],
        length: r.headers['content-length'],
      });
      expect(strip(known)).toEqual(strip(unknown));
      expect(strip(pending)).toEqual(strip(unknown));
      const after = (await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${active.id}`).expect(200)).body;
      expect(after).toEqual(active);
    });

    it('accepts the HTML form (repeated componentIds checkboxes) and answers a "check your inbox" page', async () => {
      const email = nextEmail();
      const res = await app
        .http()
        .post(`/status/${page.slug}/subscribe`)
        .set('x-forwarded-for', nextClient())
        .set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
        .type('form')
        .send(`email=${encodeURIComponent(email)}&componentIds=${a.id}&componentIds=${b.id}`)
        .expect(202);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toContain("form-action 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.text).toContain('Check your inbox');
      expect(res.text).not.toMatch(/<script|style="/);
      const one = nextEmail();
      await app.http().post(`/status/${page.slug}/subscribe`).set('x-forwarded-for', nextClient()).type('form').send(`email=${encodeURIComponent(one)}&componentIds=${b.id}`).expect(202);
      const list = (await subscribers(page.id, '?state=pending&perPage=100')).body.data;
      expect(list.find((s: { email: string }) => s.email === email)?.componentIds).toEqual([a.id, b.id].sort());
      expect(list.find((s: { email: string }) => s.email === one)?.componentIds).toEqual([b.id]);
    });

    it('refuses a bad address or foreign components with 400 (JSON, or a page for a browser) and creates nothing', async () => {
      const total = (await subscribers(page.id)).body.meta.total;
      const json = await subscribe(page.slug, { email: 'not an email' }).expect(400);
      expect(json.body.message).toEqual(['email must be an email address']);
      const html = await app
        .http()
        .post(`/status/${page.slug}/subscribe`)
        .set('x-forwarded-for', nextClient())
        .set('accept', 'text/html')
        .type('form')
        .send('email=nope')
        .expect(400);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toContain('email must be an email address');
      await subscribe(page.slug, { email: nextEmail(), componentIds: ['6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab'] }).expect(400);
      await subscribe(page.slug, { email: nextEmail(), skipConfirmation: true }).expect(400);
      await app.http().post(`/status/${page.slug}/subscribe`).set('content-type', 'text/plain').send('hello').expect(415);
      expect((await subscribers(page.id)).body.meta.total).toBe(total);
    });

    it('form bodies are taken on the subscription routes only', async () => {
      const res = await app.admin().post('/api/v1/pages').type('form').send('slug=formpage&name=x').expect(415);
      expect(res.body.statusCode).toBe(415);
    });

    it('limits subscribe requests to 10 per client address per hour (429 with Retry-After)', async () => {
      const client = nextClient();
      for (let i = 0; i < 10; i++) await subscribe(page.slug, { email: nextEmail() }, client).expect(202);
      const refused = await subscribe(page.slug, { email: nextEmail() }, client).expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      const retry = Number(refused.headers['retry-after']);
      expect(retry).toBeGreaterThan(3000);
      expect(retry).toBeLessThanOrEqual(3600);
      await subscribe(page.slug, { email: nextEmail() }, nextClient()).expect(202);
    });

    it('limits confirmation emails to 3 per address per day, known or not (429 with Retry-After)', async () => {
      const email = nextEmail();
      for (let i = 0; i < 3; i++) await subscribe(page.slug, { email }).expect(202);
      const refused = await subscribe(page.slug, { email }).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(86_000);
      const active = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), skipConfirmation: true }).expect(201)).body;
      for (let i = 0; i < 3; i++) await subscribe(page.slug, { email: active.email }).expect(202);
      await subscribe(page.slug, { email: active.email }).expect(429);
    });

    it('answers 404 on a private page, a page with allowSubscribers false, and an unknown page; the form shows only where subscribing works', async () => {
      const closed = await createPage(app, { allowSubscribers: false });
      expect(closed).toMatchObject({ allowSubscribers: false });
      await subscribe(closed.slug, { email: nextEmail() }).expect(404);
      const hidden = await createPage(app, { isPublic: false });
      await subscribe(hidden.slug, { email: nextEmail() }).expect(404);
      await subscribe('no-such-page', { email: nextEmail() }).expect(404);
      expect((await app.http().get(`/status/${closed.slug}`).expect(200)).text).not.toContain('/subscribe"');

      const html = (await app.http().get(`/status/${page.slug}`).expect(200)).text;
      expect(html).toContain(`action="/status/${page.slug}/subscribe"`);
      expect(html).toContain(`name="componentIds" value="${a.id}"`);
      expect(html).toContain(`name="componentIds" value="${b.id}"`);
      expect(html).not.toMatch(/style="/);

      // Switching subscriptions off hides the form at once, and on again shows it.
      const updated = await app.admin().patch(`/api/v1/pages/${closed.id}`).send({ allowSubscribers: true }).expect(200);
      expect(updated.body.allowSubscribers).toBe(true);
      expect((await app.http().get(`/status/${closed.slug}`).expect(200)).text).toContain(`/status/${closed.slug}/subscribe"`);
      await subscribe(closed.slug, { email: nextEmail() }).expect(202);
      await app.admin().patch(`/api/v1/pages/${closed.id}`).send({ allowSubscribers: false }).expect(200);
      expect((await app.http().get(`/status/${closed.slug}`).expect(200)).text).not.toContain('/subscribe"');
      await subscribe(closed.slug, { email: nextEmail() }).expect(404);
    });

    it('works on the page\'s own domain', async () => {
      const domain = `status-${Date.now().toString(36)}.example.test`;
      const own = await createPage(app, { domain });
      const email = nextEmail();
      await app.http().post('/subscribe').set('host', domain).set('x-forwarded-for', nextClient()).send({ email }).expect(202);
      const list = (await subscribers(own.id)).body.data;
      expect(list.map((s: { email: string }) => s.email)).toEqual([email]);
      await app.http().post('/subscribe').set('host', 'unknown.example.test').set('x-forwarded-for', nextClient()).send({ email }).expect(404);
    });
  });

  const linksOf = (email: string, count = 1) => emailLinks(sink, email, count);

  /** An active subscriber of a page of its own (components x, y; following x), and the links of its first email. */
  async function activeWithManageLink() {
    const own = await createPage(app, { name: 'Acme managed' });
    const x = await createComponent(app, own.id, { name: 'API' });
    const y = await createComponent(app, own.id, { name: 'Dashboard' });
    const email = nextEmail();
    const subscriber = (
      await app.admin().post(`/api/v1/pages/${own.id}/subscribers`).send({ email, componentIds: [x.id], skipConfirmation: true }).expect(201)
    ).body;
    await sendNotice(app, own.id, [x.id]);
    const links = await linksOf(email);
    expect(links.manage).toMatch(new RegExp(`^/status/${own.slug}/subscriptions/manage\\?token=`));
    return { page: own, x, y, email, subscriber, links };
  }
  const get = (id: string) => app.admin().get(`/api/v1/pages/${page.id}/subscribers/${id}`).expect(200).then((r) => r.body);
  const byEmail = async (email: string) =>
    (await subscribers(page.id, '?perPage=100')).body.data.find((s: { email: string }) => s.email === email) as { id: string; state: string; componentIds: string[]; confirmedAt: string | null };

  describe('links from emails', () => {
    it('confirms through the link of the real confirmation email: GET shows a button and changes nothing, POST confirms', async () => {
      const email = nextEmail();
      await subscribe(page.slug, { email, componentIds: [a.id] }).expect(202);
      const links = await linksOf(email);
      expect(links.confirm).toMatch(new RegExp(`^/status/${page.slug}/subscriptions/confirm\\?token=`));
      expect(links.unsubscribe).toMatch(new RegExp(`^/status/${page.slug}/subscriptions/unsubscribe\\?token=`));
      const subscriber = await byEmail(email);

      const shown = await app.http().get(links.confirm).set('accept', 'text/html').expect(200);
      expect(shown.headers['content-type']).toMatch(/^text\/html/);
      expect(shown.headers['content-security-policy']).toContain("form-action 'self'");
      expect(shown.headers['referrer-policy']).toBe('no-referrer');
      expect(shown.text).toContain('method="post"');
      expect(shown.text).toContain('Confirm subscription');
      expect(shown.text).not.toMatch(/<script|style="/);
      const json = await app.http().get(links.confirm).set('accept', 'application/json').expect(200);
      expect(json.body).toMatchObject({ email, state: 'pending', pageName: 'Acme', componentIds: [a.id] });
      expect(json.body.components).toEqual(
        expect.arrayContaining([
          { id: a.id, name: 'API', followed: true },
          { id: b.id, name: 'Dashboard', followed: false },
        ]),
      );
      expect((await get(subscriber.id)).state).toBe('pending');

      const confirmed = await app.http().post(links.confirm).set('accept', 'text/html').type('form').send('confirm=yes').expect(200);
      expect(confirmed.text).toContain('Subscription confirmed');
      const after = await get(subscriber.id);
      expect(after.state).toBe('active');
      expect(Date.parse(after.confirmedAt)).toBeGreaterThan(Date.now() - 60_000);
      // Again: nothing changes.
      const again = await app.http().post(links.confirm).expect(200);
      expect(again.body.state).toBe('active');
      expect((await get(subscriber.id)).confirmedAt).toBe(after.confirmedAt);
    });

    it('manages the components followed, and unsubscribes, through the manage link', async () => {
      const { page: own, x, y, subscriber, links } = await activeWithManageLink();
      const current = () => app.admin().get(`/api/v1/pages/${own.id}/subscribers/${subscriber.id}`).expect(200).then((r) => r.body);
      const shown = await app.http().get(links.manage).set('accept', 'text/html').expect(200);
      expect(shown.text).toContain(`name="componentIds" value="${x.id}" checked`);
      expect(shown.text).toContain(`name="componentIds" value="${y.id}">`);
      expect(shown.text).toContain('value="unsubscribe"');
      expect(shown.text).not.toMatch(/<script|style="/);

      const saved = await app.http().post(links.manage).set('accept', 'text/html').type('form').send(`action=update&componentIds=${y.id}`).expect(200);
      expect(saved.text).toContain('Your choices are saved');
      expect((await current()).componentIds).toEqual([y.id]);
      const all = await app.http().post(links.manage).send({ componentIds: [] }).expect(200);
      expect(all.body).toMatchObject({ componentIds: [], state: 'active' });
      expect((await current()).componentIds).toEqual([]);

      await app.http().post(links.manage).send({ componentIds: [a.id] }).expect(400); // a component of another page
      await app.http().post(links.manage).send({ action: 'delete' }).expect(400);
      expect((await current()).componentIds).toEqual([]);
      // A token is for its own purpose only.
      await app.http().post(links.manage.replace('/manage?', '/unsubscribe?')).type('form').send('List-Unsubscribe=One-Click').expect(404);
      await app.http().post(links.unsubscribe.replace('/unsubscribe?', '/manage?')).send({ action: 'unsubscribe' }).expect(404);
      expect((await current()).state).toBe('active');

      const gone = await app.http().post(links.manage).set('accept', 'text/html').type('form').send('action=unsubscribe').expect(200);
      expect(gone.text).toContain('You are unsubscribed');
      expect((await current()).state).toBe('unsubscribed');
    });

    it('unsubscribes in one click (RFC 8058); GET only shows the button', async () => {
      const email = nextEmail();
      const created = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email }).expect(201)).body;
      const links = await linksOf(email);
      const shown = await app.http().get(links.unsubscribe).set('accept', 'text/html').expect(200);
      expect(shown.text).toContain('name="List-Unsubscribe" value="One-Click"');
      expect((await get(created.id)).state).toBe('pending');
      await app.http().post(links.unsubscribe).type('form').send('List-Unsubscribe=Later').expect(400);
      await app.http().post(links.unsubscribe).type('form').send('').expect(400);
      expect((await get(created.id)).state).toBe('pending');

      const res = await app.http().post(links.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
      expect(res.body).toMatchObject({ email, state: 'unsubscribed' });
      expect((await get(created.id)).state).toBe('unsubscribed');
      await app.http().post(links.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
      // Confirming a cancelled subscription is refused; subscribing again makes it pending with a new email.
      await app.http().post(links.confirm).expect(409);
      expect((await get(created.id)).state).toBe('unsubscribed');
      await subscribe(page.slug, { email }).expect(202);
      expect((await get(created.id)).state).toBe('pending');
      await linksOf(email, 2);
    });

    it('refuses a confirm link older than 7 days (404, nothing changed); manage and unsubscribe links do not expire', async () => {
      const email = nextEmail();
      const created = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email }).expect(201)).body;
      const links = await linksOf(email);
      const db = new Client({ connectionString: app.db.url });
      await db.connect();
      try {
        const { rowCount } = await db.query(
          `UPDATE notification_deliveries SET tokens_issued_at = now() - interval '7 days 1 minute' WHERE subscriber_id = $1`,
          [created.id],
        );
        expect(rowCount).toBe(1);
      } finally {
        await db.end();
      }
      await app.http().get(links.confirm).expect(404);
      await app.http().post(links.confirm).expect(404);
      expect((await get(created.id)).state).toBe('pending');
      await app.http().get(links.unsubscribe).expect(200);
      // A new confirmation email carries a fresh link that works.
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers/${created.id}/resend-confirmation`).expect(202);
      const fresh = await linksOf(email, 2);
      expect(fresh.confirm).not.toBe(links.confirm);
      await app.http().post(fresh.confirm).expect(200);
      expect((await get(created.id)).state).toBe('active');
    });

    it('confirming and unsubscribing send no email', async () => {
      const email = nextEmail();
      await subscribe(page.slug, { email }).expect(202);
      const links = await linksOf(email);
      await app.http().post(links.confirm).expect(200);
      await app.http().post(links.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
      // An email queued after those arrives; none came for them meanwhile.
      const marker = nextEmail();
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: marker }).expect(201);
      await linksOf(marker);
      expect(sink.to(email)).toHaveLength(1);
    });

    it('a token of one page is a 404 on another', async () => {
      const email = nextEmail();
      const created = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email }).expect(201)).body;
      const links = await linksOf(email);
      const other = await createPage(app);
      await app.http().post(links.confirm.replace(`/status/${page.slug}/`, `/status/${other.slug}/`)).expect(404);
      await app.http().get(links.unsubscribe.replace(`/status/${page.slug}/`, `/status/${other.slug}/`)).expect(404);
      expect((await get(created.id)).state).toBe('pending');
    });

    it('a wrong token is a 404 everywhere and changes nothing', async () => {
      const pending = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail() }).expect(201)).body;
      for (const path of ['confirm', 'manage', 'unsubscribe']) {
        for (const token of ['', '?token=', '?token=wrong', `?token=${'a'.repeat(300)}`, '?token=a&token=b']) {
          await app.http().get(`/status/${page.slug}/subscriptions/${path}${token}`).expect(404);
          await app.http().post(`/status/${page.slug}/subscriptions/${path}${token}`).type('form').send('List-Unsubscribe=One-Click').expect((r) => {
            if (r.status !== 404 && r.status !== 400) throw new Error(`${path}${token}: ${r.status}`);
          });
        }
      }
      const html = await app.http().get(`/status/${page.slug}/subscriptions/manage?token=wrong`).set('accept', 'text/html').expect(404);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toContain('This link does not work');
      expect((await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${pending.id}`).expect(200)).body).toEqual(pending);
    });
  });

  describe('webhooks', () => {
    it('delivers subscriber.created, .confirmed and .unsubscribed', async () => {
      const hook = await receiver();
      try {
        const created = await app.admin().post(`/api/v1/pages/${page.id}/webhooks`).send({ url: hook.url, events: ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed'] }).expect(201);
        expect(created.body.events).toEqual(['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed']);
        const email = nextEmail();
        const s = (await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email, skipConfirmation: true }).expect(201)).body;
        const publicEmail = nextEmail();
        await subscribe(page.slug, { email: publicEmail }).expect(202);
        await eventually(async () => hook.bodies.length >= 2, { what: 'two subscriber.created webhooks' });
        expect(hook.bodies.map((m) => [m.type, m.data.email])).toEqual(
          expect.arrayContaining([
            ['subscriber.created', email],
            ['subscriber.created', publicEmail],
          ]),
        );
        expect(hook.bodies.find((m) => m.data.email === email)?.data).toEqual(s);

        const links = await linksOf(publicEmail);
        await app.http().post(links.confirm).expect(200);
        await eventually(async () => hook.bodies.some((m) => m.type === 'subscriber.confirmed'), { what: 'subscriber.confirmed' });
        await app.http().post(links.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
        await app.http().post(links.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200); // again: no second event
        await eventually(async () => hook.bodies.some((m) => m.type === 'subscriber.unsubscribed'), { what: 'subscriber.unsubscribed' });
        const current = (await byEmail(publicEmail)) as unknown as Record<string, unknown>;
        expect(hook.bodies.find((m) => m.type === 'subscriber.confirmed')?.data).toMatchObject({ email: publicEmail, state: 'active' });
        expect(hook.bodies.find((m) => m.type === 'subscriber.unsubscribed')?.data).toEqual(current);
        expect(hook.bodies.filter((m) => m.type === 'subscriber.unsubscribed')).toHaveLength(1);
      } finally {
        hook.server.close();
      }
    });
  });
});

describe('subscribers without SMTP_URL', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('adds only skipConfirmation subscribers, hides the form and answers 404 to public subscribes', async () => {
    const page = await createPage(app);
    expect(page).toMatchObject({ allowSubscribers: true });
    const res = await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail() }).expect(409);
    expect(res.body.message).toContain('SMTP_URL');
    await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: nextEmail(), skipConfirmation: true }).expect(201);
    await app.http().post(`/status/${page.slug}/subscribe`).send({ email: nextEmail() }).expect(404);
    const html = (await app.http().get(`/status/${page.slug}`).expect(200)).text;
    expect(html).toContain('<main');
    expect(html).not.toContain('/subscribe"');
  });
});

describe('subscribers while Redis is down', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    const real = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 6379) });
    await proxy.open();
    sink = await SmtpSink.start();
    app = await startApp({ env: { SMTP_URL: sink.url, REDIS_URL: `redis://127.0.0.1:${proxy.port}`, RECONCILE_INTERVAL_MS: '1000' } });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await proxy?.cut();
    await sink?.stop();
  });

  it('lets subscribes through (the rate limits fail open, no 500), and the confirmation email goes once Redis is back', async () => {
    const page = await createPage(app);
    await proxy.cut();
    const email = nextEmail();
    const started = Date.now();
    const res = await app.http().post(`/status/${page.slug}/subscribe`).send({ email });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Beyond the per-address limit too: nothing is counted while Redis is away.
    for (let i = 0; i < 3; i++) await app.http().post(`/status/${page.slug}/subscribe`).send({ email }).expect(202);
    const list = (await app.admin().get(`/api/v1/pages/${page.id}/subscribers`).expect(200)).body.data;
    expect(list.map((s: { email: string; state: string }) => [s.email, s.state])).toEqual([[email, 'pending']]);
    await proxy.open();
    // Queued by the notifications reconciler (its grace period is 30 s).
    const links = await emailLinks(sink, email, 1, 55_000);
    await app.http().post(links.confirm).expect(200);
    expect((await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${list[0].id}`).expect(200)).body.state).toBe('active');
  }, 90_000);
});
