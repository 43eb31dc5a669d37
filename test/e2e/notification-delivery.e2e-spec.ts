/*
 * The email delivery mechanism of subscriber notifications, against a real
 * SMTP server (SmtpSink), PostgreSQL and Redis: who receives an event, the
 * headers and links, threading, exactly once (duplicate events, two workers),
 * retries of a refusing server, and work whose jobs were lost.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { NotificationsService } from '../../src/modules/subscribers/notifications/notifications.service';
import { NotificationsReconciler } from '../../src/modules/subscribers/notifications/notifications.reconciler';
import { LINKS, Notice } from '../../src/modules/subscribers/notifications/notice';
import { createComponent, createPage } from '../factories';
import { eventually, startApp, TestApp } from './harness';
import { SmtpSink } from './smtp-sink';
import { insertSubscriber } from './subscriber-links';

type State = 'pending' | 'active' | 'unsubscribed';

describe('subscriber email delivery', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let db: Pool;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Acme Status <status@acme.test>', MAIL_RETRY_BASE_MS: '200' } });
    db = new Pool({ connectionString: app.db.url, max: 5 });
  });

  afterAll(async () => {
    await db?.end();
    await app?.stop();
    await sink?.stop();
  });

  beforeEach(() => sink.clear());

  const service = () => app.app!.get(NotificationsService);

  /** Subscribers are made by the subscribers API; here the email side is tested on its own. */
  const subscriber = (pageId: string, state: State, componentIds: string[] = []) => insertSubscriber(db, pageId, state, componentIds);

  function notice(pageId: string, over: Partial<Notice> = {}): Notice {
    const key = `test:${randomUUID()}`;
    return {
      pageId,
      key,
      kind: 'incident.created',
      componentIds: [],
      subject: 'Database down',
      text: `It is down. Manage: ${LINKS.manage}`,
      html: `<p>It is down.</p><a href="${LINKS.manage}">manage</a>`,
      threadKey: `incident-${key}`,
      startsThread: true,
      ...over,
    };
  }

  it('sends a confirmation with a confirm link whose token identifies the subscriber, for 7 days', async () => {
    const page = await createPage(app);
    const s = await subscriber(page.id, 'pending');
    await service().requestConfirmation({ id: s.id, pageId: page.id });
    const [mail] = await eventually(async () => sink.to(s.email).length === 1 && sink.to(s.email), { what: 'the confirmation' });
    expect(mail.mail.subject).toBe(`Confirm your subscription to ${page.name}`);
    expect(mail.mail.from?.value[0]).toMatchObject({ name: 'Acme Status', address: 'status@acme.test' });
    const token = /subscriptions\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.mail.text ?? '')?.[1];
    expect(token).toBeDefined();
    expect(mail.mail.html).toContain(`${app.config.publicBaseUrl}/status/${page.slug}/subscriptions/confirm?token=${token}`);
    expect(await service().subscriberForToken('confirm', token!)).toBe(s.id);
    // A token is good for its purpose only, and a wrong one for nothing.
    expect(await service().subscriberForToken('manage', token!)).toBeNull();
    expect(await service().subscriberForToken('confirm', token!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull();
    // Only hashes are stored.
    const stored = await db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE confirm_token_hash = $1`, [token]);
    expect(stored.rows[0].n).toBe(0);
    // Older than 7 days: refused.
    await db.query(`UPDATE notification_deliveries SET tokens_issued_at = now() - interval '8 days' WHERE subscriber_id = $1`, [s.id]);
    expect(await service().subscriberForToken('confirm', token!)).toBeNull();
  });

  it('tells the active subscribers who follow the page or an affected component, once each, with one-click unsubscribe', async () => {
    const page = await createPage(app);
    const [x, y] = [await createComponent(app, page.id), await createComponent(app, page.id)];
    const whole = await subscriber(page.id, 'active');
    const followsX = await subscriber(page.id, 'active', [x.id]);
    const followsY = await subscriber(page.id, 'active', [y.id]);
    const pending = await subscriber(page.id, 'pending');
    const gone = await subscriber(page.id, 'unsubscribed');
    const event = notice(page.id, { componentIds: [x.id] });
    await service().notify(event);
    await service().notify(event); // the same event again: no second email
    await eventually(async () => sink.received.length >= 2, { what: 'two emails' });
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.received.map((m) => m.envelopeTo[0]).sort()).toEqual([whole.email, followsX.email].sort());
    for (const s of [followsY, pending, gone]) expect(sink.to(s.email)).toHaveLength(0);

    const mail = sink.to(whole.email)[0].mail;
    expect(mail.text).toMatch(/Manage: http:\/\/.+\/subscriptions\/manage\?token=[A-Za-z0-9_-]{43}$/);
    expect(mail.html).not.toContain('\uE000');
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s*/g, ' ');
    const unsubscribe = /^<([^>]+)>/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribe).toMatch(new RegExp(`^${app.config.publicBaseUrl}/status/${page.slug}/subscriptions/unsubscribe\\?token=[A-Za-z0-9_-]{43}$`));
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribeToken = new URL(unsubscribe!).searchParams.get('token')!;
    expect(await service().subscriberForToken('unsubscribe', unsubscribeToken)).toBe(whole.id);
    expect(mail.messageId).toMatch(/@acme\.test>$/);

    // The next email of the incident is in the same thread.
    await service().notify(notice(page.id, { key: `${event.key}:2`, threadKey: event.threadKey, startsThread: false, subject: 'Fixed' }));
    const reply = await eventually(async () => sink.to(whole.email).find((m) => m.mail.subject === 'Fixed'), { what: 'the reply' });
    expect(reply.mail.inReplyTo).toBe(mail.messageId);
    expect(reply.mail.references).toBe(mail.messageId);
    expect(reply.mail.messageId).not.toBe(mail.messageId);
  });

  it('sends an address nodemailer must encode (an internationalized domain) composed in full, with the same headers and links', async () => {
    const page = await createPage(app);
    const plain = await subscriber(page.id, 'active');
    const idn = { id: randomUUID(), email: `idn-${randomUUID().slice(0, 8)}@bücher.example` };
    await db.query(`INSERT INTO subscribers (id, page_id, email, state, updated_at) VALUES ($1, $2, $3, 'active', now())`, [idn.id, page.id, idn.email]);
    await service().notify(notice(page.id));
    const punycoded = idn.email.replace('bücher', 'xn--bcher-kva');
    const [a, b] = await eventually(async () => {
      const x = sink.to(plain.email)[0];
      const y = sink.to(idn.email)[0];
      return x && y && [x, y];
    }, { what: 'both emails' });
    const header = (m: typeof a, name: string) => m.mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s*/g, ' ');
    // The To header has the domain punycoded (the envelope keeps it as stored).
    expect(b.mail.headerLines.find((h) => h.key === 'to')?.line).toBe(`To: ${punycoded}`);
    expect(b.mail.subject).toBe(a.mail.subject);
    expect(header(b, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<([^>]+)>/.exec(header(b, 'list-unsubscribe') ?? '')?.[1];
    expect(await service().subscriberForToken('unsubscribe', new URL(unsubscribe!).searchParams.get('token')!)).toBe(idn.id);
    const manage = /manage\?token=([A-Za-z0-9_-]{43})/.exec(String(b.mail.text))?.[1];
    expect(await service().subscriberForToken('manage', manage!)).toBe(idn.id);
    // The two bodies differ only in their links.
    const unlinked = (m: typeof a) => String(m.mail.html).replace(/token=[A-Za-z0-9_-]{43}/g, 'token=x');
    expect(unlinked(b)).toBe(unlinked(a));
  });

  it('sends nothing for a private page or one that does not allow subscribers', async () => {
    const closed = await createPage(app, { isPublic: false });
    const off = await createPage(app, { allowSubscribers: false });
    const open = await createPage(app);
    const [a, b, c] = [await subscriber(closed.id, 'active'), await subscriber(off.id, 'active'), await subscriber(open.id, 'active')];
    await service().notify(notice(closed.id));
    await service().notify(notice(off.id));
    await service().notify(notice(open.id));
    await eventually(async () => sink.to(c.email).length === 1, { what: 'the public page’s email' });
    await new Promise((r) => setTimeout(r, 500));
    expect([sink.to(a.email).length, sink.to(b.email).length]).toEqual([0, 0]);
  });

  it('retries a server that refuses, and lists every attempt', async () => {
    const page = await createPage(app);
    const s = await subscriber(page.id, 'active');
    // The refusals are for this email: let the earlier tests' last emails go out first.
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE state IN ('pending', 'sending')`)).rows[0].n === 0,
      { what: 'the earlier emails sent' },
    );
    sink.refuseNext(2);
    await service().notify(notice(page.id));
    await eventually(async () => sink.to(s.email).length === 1, { what: 'the email after two refusals' });
    // The server has the email before the sender records its attempt: wait for the record.
    const res = await eventually(
      async () => {
        const r = await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${s.id}/deliveries`).expect(200);
        return r.body.data[0]?.outcome === 'sent' && r;
      },
      { what: 'the third attempt recorded' },
    );
    expect(res.body.meta.total).toBe(3);
    expect(res.body.data.map((a: { attempt: number; outcome: string }) => [a.attempt, a.outcome])).toEqual([
      [3, 'sent'],
      [2, 'failed'],
      [1, 'failed'],
    ]);
    expect(res.body.data[1].response).toMatch(/451/);
    expect(res.body.data[0]).toMatchObject({ kind: 'incident.created', subject: 'Database down', email: s.email });
    await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${randomUUID()}/deliveries`).expect(404);
  });

  it('sends each email once with two workers on the same queue', async () => {
    const second = await startApp({ db: app.db, queuePrefix: app.config.queuePrefix, role: 'worker', env: { SMTP_URL: sink.url } });
    try {
      const page = await createPage(app);
      const subs = await Promise.all(Array.from({ length: 300 }, () => subscriber(page.id, 'active')));
      await service().notify(notice(page.id));
      await eventually(async () => sink.received.length >= 300, { what: '300 emails', timeoutMs: 30_000 });
      await new Promise((r) => setTimeout(r, 1_000));
      expect(sink.received).toHaveLength(300);
      expect(new Set(sink.received.map((m) => m.envelopeTo[0])).size).toBe(300);
      expect(subs.every((s) => sink.to(s.email).length === 1)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('finds and sends the email work whose jobs were lost', async () => {
    const page = await createPage(app);
    const s = await subscriber(page.id, 'active');
    // An event recorded while its job could not be queued (as with Redis down), a while ago.
    const eventId = randomUUID();
    await db.query(
      `INSERT INTO notification_events (id, page_id, key, kind, component_ids, subject, text, html, thread_key, link_base, created_at)
       VALUES ($1, $2, $3, 'incident.created', '{}', 'Lost', 'text', '<p>html</p>', 't', $4, now() - interval '10 minutes')`,
      [eventId, page.id, `test:${eventId}`, `${app.config.publicBaseUrl}/status/${page.slug}`],
    );
    const result = await app.app!.get(NotificationsReconciler).reconcile();
    expect(result.fannedOut).toBeGreaterThanOrEqual(1);
    await eventually(async () => sink.to(s.email).length === 1, { what: 'the repaired email' });
    expect(sink.to(s.email)[0].mail.subject).toBe('Lost');
  });
});
