/*
 * Subscriber email for incidents and maintenances, through the admin API,
 * against real PostgreSQL, Redis and an SMTP server (SmtpSink): who receives
 * what, the content of both parts, threading, deliverNotifications, and the
 * maintenance reminder (its delayed job: due, moved, removed).
 */
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { MAINTENANCE_QUEUE, maintenanceJobId } from '../../src/modules/maintenance/maintenance.queue';
import { createComponent, createIncident, createMaintenance, createMaintenanceSeries, createPage } from '../factories';
import { eventually, startApp, TestApp } from './harness';
import { ReceivedMail, SmtpSink } from './smtp-sink';
import { insertSubscriber } from './subscriber-links';

jest.setTimeout(90_000);

type State = 'pending' | 'active' | 'unsubscribed';

describe('subscriber notifications of incidents and maintenances', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let db: Pool;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Acme Status <status@acme.test>' } });
    db = new Pool({ connectionString: app.db.url, max: 5 });
  });

  afterAll(async () => {
    await db?.end();
    await app?.stop();
    await sink?.stop();
  });

  /** Subscribers are made by the subscribers API; here the email side is tested on its own. */
  const subscriber = (pageId: string, state: State, componentIds: string[] = []) => insertSubscriber(db, pageId, state, componentIds);

  /** The email event recorded under a key, once all its deliveries left `pending`/`sending` (so who got it is final). */
  async function settled(key: string): Promise<{ id: string; deliveries: number }> {
    return eventually(
      async () => {
        const e = await db.query(`SELECT id, fanned_out_at FROM notification_events WHERE key = $1`, [key]);
        if (!e.rows[0]?.fanned_out_at) return null;
        const d = await db.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE state <> 'sent')::int AS open FROM notification_deliveries WHERE event_id = $1`,
          [e.rows[0].id],
        );
        return d.rows[0].open === 0 ? { id: e.rows[0].id as string, deliveries: d.rows[0].n as number } : null;
      },
      { what: `the emails of ${key}` },
    );
  }

  async function eventCount(keyPattern: string): Promise<number> {
    return (await db.query(`SELECT count(*)::int AS n FROM notification_events WHERE key LIKE $1`, [keyPattern])).rows[0].n;
  }

  const bySubject = (mails: ReceivedMail[], part: string) => mails.filter((m) => (m.mail.subject ?? '').includes(part));

  it('an incident with components: who receives each email, what both parts say, one thread, the resolution once', async () => {
    const page = await createPage(app, { name: 'Acme Cloud', timeZone: 'Europe/Paris' });
    const api = await createComponent(app, page.id, { name: 'Public API' });
    const web = await createComponent(app, page.id, { name: 'Dashboard' });
    const whole = await subscriber(page.id, 'active');
    const followsApi = await subscriber(page.id, 'active', [api.id]);
    const followsWeb = await subscriber(page.id, 'active', [web.id]);
    const pending = await subscriber(page.id, 'pending');
    const gone = await subscriber(page.id, 'unsubscribed', [api.id]);

    const incident = await createIncident(app, page.id, {
      name: 'Errors on the API',
      message: 'We see **elevated** error rates <script>alert(1)</script>',
      impact: 'major',
      components: [{ componentId: api.id, status: 'partial_outage' }],
    });
    const created = await settled(`incident-update:${incident.updates[0].id}`);
    expect(created.deliveries).toBe(2);
    const addUpdate = (body: Record<string, unknown>) =>
      app.admin().post(`/api/v1/pages/${page.id}/incidents/${incident.id}/updates`).send(body).expect(201);
    const identified = await addUpdate({ status: 'identified', message: 'A bad deploy; rolling back.' });
    // A PATCH of the name adds no entry: no email.
    await app.admin().patch(`/api/v1/pages/${page.id}/incidents/${incident.id}`).send({ name: 'Errors on the public API' }).expect(200);
    const resolved = await addUpdate({ status: 'resolved', message: 'All good again.', components: [{ componentId: api.id, status: 'operational' }] });
    const identifiedId = identified.body.updates[1].id as string;
    const resolvedId = resolved.body.updates[2].id as string;
    await settled(`incident-update:${identifiedId}`);
    await settled(`incident-update:${resolvedId}`);

    for (const s of [followsWeb, pending, gone]) expect(sink.to(s.email)).toHaveLength(0);
    // Creation, identified, resolution: the PATCH made none.
    expect((await db.query(`SELECT count(*)::int AS n FROM notification_events WHERE thread_key = $1`, [`incident-${incident.id}`])).rows[0].n).toBe(3);
    for (const s of [whole, followsApi]) {
      const mails = sink.to(s.email);
      expect(mails.map((m) => m.mail.subject)).toEqual([
        '[Acme Cloud] New incident: Errors on the API',
        '[Acme Cloud] Identified: Errors on the API',
        '[Acme Cloud] Resolved: Errors on the public API',
      ]);
      const [first, second, third] = mails.map((m) => m.mail);
      // One thread: the creation is the root, the others refer to it.
      expect(first.inReplyTo).toBeUndefined();
      for (const reply of [second, third]) {
        expect(reply.inReplyTo).toBe(first.messageId);
        expect(reply.references).toBe(first.messageId);
        expect(reply.messageId).not.toBe(first.messageId);
      }
      const history = `${page.url}/history#incident-${incident.id}`;
      for (const part of [first.text!, first.html as string]) {
        expect(part).toContain('Acme Cloud');
        expect(part).toContain('Public API');
        expect(part).toContain('Partial outage');
        expect(part).toContain(history);
        expect(part).toMatch(new RegExp(`${page.url}/subscriptions/manage\\?token=[A-Za-z0-9_-]{43}`));
        expect(part).not.toContain('\uE000');
        expect(part).not.toContain('Dashboard');
      }
      expect(first.text).toContain('We see **elevated** error rates');
      expect(first.html).toContain('We see <strong>elevated</strong> error rates');
      expect(first.html).not.toContain('<script>');
      // The resolution shows the component's status now.
      expect(third.text).toContain('All good again.');
      expect(third.text).toContain('Public API: Operational');
      expect(third.html).toContain('Public API: Operational');
    }
  });

  it('deliverNotifications: false on a create or an update sends nothing for it', async () => {
    const page = await createPage(app);
    const s = await subscriber(page.id, 'active');
    const quiet = await createIncident(app, page.id, { deliverNotifications: false });
    const update = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/incidents/${quiet.id}/updates`)
      .send({ status: 'identified', message: 'Quietly', deliverNotifications: false })
      .expect(201);
    // The next entry is sent: it is the only email the subscriber gets.
    const loud = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/incidents/${quiet.id}/updates`)
      .send({ status: 'resolved', message: 'Done' })
      .expect(201);
    await settled(`incident-update:${loud.body.updates[2].id}`);
    expect(await eventCount(`incident-update:${quiet.updates[0].id}`)).toBe(0);
    expect(await eventCount(`incident-update:${update.body.updates[1].id}`)).toBe(0);
    expect(sink.to(s.email).map((m) => m.mail.subject)).toEqual([`[${page.name}] Resolved: ${quiet.name}`]);
    await app.admin().post(`/api/v1/pages/${page.id}/incidents`).send({ name: 'x', message: 'y', deliverNotifications: 'no' }).expect(400);

    const m = await createMaintenance(app, page.id, { deliverNotifications: false });
    expect(m).toMatchObject({ deliverNotifications: false, remindBeforeMinutes: 60 });
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${m.id}/cancel`).send({}).expect(200);
    const marker = await createMaintenance(app, page.id);
    await settled(`maintenance-scheduled:${marker.id}`);
    expect(await eventCount(`maintenance-%:${m.id}%`)).toBe(0);
  });

  it('maintenance: scheduled, started, completed, cancelled emails in one thread, times in the page time zone', async () => {
    const page = await createPage(app, { name: 'Acme Tokyo', timeZone: 'Asia/Tokyo' });
    const db1 = await createComponent(app, page.id, { name: 'Database' });
    const s = await subscriber(page.id, 'active', [db1.id]);
    const other = await subscriber(page.id, 'active', [(await createComponent(app, page.id)).id]);
    const start = new Date('2031-03-04T01:00:00.000Z');
    const m = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/maintenances`)
      .send({
        title: 'Database upgrade',
        description: 'Expect *short* interruptions.',
        scheduledStart: start.toISOString(),
        scheduledEnd: new Date(start.getTime() + 3_600_000).toISOString(),
        componentIds: [db1.id],
        remindBeforeMinutes: null,
      })
      .expect(201);
    expect(m.body.remindBeforeMinutes).toBeNull();
    await settled(`maintenance-scheduled:${m.body.id}`);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${m.body.id}/start`).send({}).expect(200);
    await settled(`maintenance-started:${m.body.id}`);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${m.body.id}/complete`).send({ message: 'Upgraded to **v16**.' }).expect(200);
    await settled(`maintenance-completed:${m.body.id}`);
    const c = await createMaintenance(app, page.id, { title: 'Network work', componentIds: [db1.id], remindBeforeMinutes: null });
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${c.id}/cancel`).send({}).expect(200);
    await settled(`maintenance-cancelled:${c.id}`);

    expect(sink.to(other.email)).toHaveLength(0);
    const mails = sink.to(s.email);
    expect(mails.map((x) => x.mail.subject)).toEqual([
      '[Acme Tokyo] Scheduled maintenance: Database upgrade',
      '[Acme Tokyo] Maintenance in progress: Database upgrade',
      '[Acme Tokyo] Maintenance completed: Database upgrade',
      `[Acme Tokyo] Scheduled maintenance: ${c.title}`,
      `[Acme Tokyo] Maintenance cancelled: ${c.title}`,
    ]);
    const [scheduled, started, completed] = mails.map((x) => x.mail);
    for (const part of [scheduled.text!, scheduled.html as string]) {
      expect(part).toContain('Mar 4, 2031, 10:00 – 11:00 AM GMT+9');
      expect(part).toContain('Database');
      expect(part).toContain(`${page.url}/history#maintenance-${m.body.id}`);
      expect(part).toMatch(/subscriptions\/manage\?token=[A-Za-z0-9_-]{43}/);
    }
    expect(scheduled.html).toContain('<em>short</em>');
    expect(started.text).toContain('Database: Under maintenance');
    expect(completed.html).toContain('Upgraded to <strong>v16</strong>.');
    for (const reply of [started, completed]) expect(reply.inReplyTo).toBe(scheduled.messageId);
    expect(mails[4].mail.inReplyTo).toBe(mails[3].mail.messageId);
    expect(mails[4].mail.inReplyTo).not.toBe(scheduled.messageId);
  });

  describe('the reminder', () => {
    const queue = () => app.app!.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
    const remindJob = (m: { id: string; scheduledStart: string; remindBeforeMinutes: number | null }) =>
      maintenanceJobId('remind', m.id, new Date(m.scheduledStart).getTime() - (m.remindBeforeMinutes ?? 0) * 60_000);

    it('is sent once when due, in the thread of its window, and not again when its job runs twice', async () => {
      const page = await createPage(app, { name: 'Reminded' });
      const s = await subscriber(page.id, 'active');
      // Starts in 64 s, reminded 1 min before: due in about 4 s.
      const m = await createMaintenance(app, page.id, { remindBeforeMinutes: 1 }, { startInMs: 64_000 });
      expect(m).toMatchObject({ remindBeforeMinutes: 1, deliverNotifications: true });
      expect(await queue().getJob(remindJob(m as never))).toBeDefined();
      const key = `maintenance-reminder:${m.id}:${m.scheduledStart}`;
      await settled(key);
      const [reminder] = bySubject(sink.to(s.email), 'Maintenance starting soon');
      expect(reminder.mail.subject).toBe(`[Reminded] Maintenance starting soon: ${m.title}`);
      expect(reminder.mail.text).toContain(`${page.url}/history#maintenance-${m.id}`);
      // The thread started with the scheduled email.
      const [scheduled] = bySubject(sink.to(s.email), 'Scheduled maintenance');
      expect(reminder.mail.inReplyTo).toBe(scheduled.mail.messageId);
      // An edit re-adds the job (its time passed): the same reminder is not sent twice.
      await app.admin().patch(`/api/v1/pages/${page.id}/maintenances/${m.id}`).send({ title: `${m.title}!` }).expect(200);
      const marker = await createIncident(app, page.id);
      await settled(`incident-update:${marker.updates[0].id}`);
      expect(await eventCount(`maintenance-reminder:${m.id}:%`)).toBe(1);
      expect(bySubject(sink.to(s.email), 'Maintenance starting soon')).toHaveLength(1);
    });

    it('moves with a reschedule, goes with a cancel, and is not planned when its time had passed at creation', async () => {
      const page = await createPage(app);
      const s = await subscriber(page.id, 'active');
      // Moved: planned 9 min from now, then moved to about 4 s from now.
      const moved = await createMaintenance(app, page.id, { remindBeforeMinutes: 1 }, { startInMs: 10 * 60_000 });
      const oldJob = remindJob(moved as never);
      expect(await queue().getJob(oldJob)).toBeDefined();
      const newStart = new Date(Date.now() + 64_000);
      const res = await app
        .admin()
        .patch(`/api/v1/pages/${page.id}/maintenances/${moved.id}`)
        .send({ scheduledStart: newStart.toISOString(), scheduledEnd: new Date(newStart.getTime() + 3_600_000).toISOString() })
        .expect(200);
      expect(await queue().getJob(oldJob)).toBeUndefined();
      expect(await queue().getJob(remindJob(res.body))).toBeDefined();

      // Cancelled: due at the same time as the moved one's; its job goes with the cancel.
      const cancelled = await createMaintenance(app, page.id, { remindBeforeMinutes: 1 }, { startInMs: 64_000 });
      const cancelledJob = remindJob(cancelled as never);
      expect(await queue().getJob(cancelledJob)).toBeDefined();
      await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${cancelled.id}/cancel`).send({}).expect(200);
      expect(await queue().getJob(cancelledJob)).toBeUndefined();

      // Too late: reminded 60 min before a start 30 min away: never planned.
      const late = await createMaintenance(app, page.id, {}, { startInMs: 30 * 60_000 });
      expect(await queue().getJob(remindJob(late as never))).toBeUndefined();

      await settled(`maintenance-reminder:${moved.id}:${newStart.toISOString()}`);
      const reminders = bySubject(sink.to(s.email), 'Maintenance starting soon');
      expect(reminders.map((r) => r.mail.subject)).toEqual([`[${page.name}] Maintenance starting soon: ${moved.title}`]);
      expect(await eventCount(`maintenance-reminder:${cancelled.id}:%`)).toBe(0);
      expect(await eventCount(`maintenance-reminder:${late.id}:%`)).toBe(0);
      // The reconciler rebuilds the reminder of a window that still has one ahead.
      const ahead = await createMaintenance(app, page.id, { remindBeforeMinutes: 5 }, { startInMs: 3_600_000 });
      await queue().remove(remindJob(ahead as never));
      const { MaintenanceReconciler } = await import('../../src/modules/maintenance/maintenance.reconciler');
      await app.app!.get(MaintenanceReconciler).reconcile();
      expect(await queue().getJob(remindJob(ahead as never))).toBeDefined();
    });

    it('deleting a series emails the cancellation of the occurrence already reminded of, and of no other', async () => {
      const page = await createPage(app, { name: 'Patched' });
      const s = await subscriber(page.id, 'active');
      // Daily, the first occurrence 64 s from now, reminded 1 min before: its reminder is due in about 4 s;
      // the next ones (tomorrow on) were never announced.
      const firstStart = new Date(Math.ceil((Date.now() + 64_000) / 1000) * 1000);
      const series = await createMaintenanceSeries(app, page.id, {
        title: 'Nightly patching',
        firstStart: firstStart.toISOString().slice(0, 19),
        rrule: 'FREQ=DAILY',
        durationMinutes: 1,
        remindBeforeMinutes: 1,
      });
      const list = await app.admin().get(`/api/v1/pages/${page.id}/maintenances?perPage=100`).expect(200);
      const occurrences = (list.body.data as Array<{ id: string; seriesId: string; scheduledStart: string }>)
        .filter((o) => o.seriesId === series.id)
        .sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart));
      expect(occurrences.length).toBeGreaterThan(80);
      const [reminded, ...unannounced] = occurrences;
      expect(reminded.scheduledStart).toBe(firstStart.toISOString());
      await settled(`maintenance-reminder:${reminded.id}:${reminded.scheduledStart}`);

      await app.admin().delete(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).expect(204);
      await settled(`maintenance-cancelled:${reminded.id}`);
      const marker = await createIncident(app, page.id);
      await settled(`incident-update:${marker.updates[0].id}`);
      for (const o of unannounced) expect([o.id, await eventCount(`maintenance-cancelled:${o.id}`)]).toEqual([o.id, 0]);
      const mails = sink.to(s.email);
      expect(bySubject(mails, 'Maintenance cancelled').map((m) => m.mail.subject)).toEqual(['[Patched] Maintenance cancelled: Nightly patching']);
      // In the thread its reminder started.
      const [reminder] = bySubject(mails, 'Maintenance starting soon');
      expect(bySubject(mails, 'Maintenance cancelled')[0].mail.inReplyTo).toBe(reminder.mail.messageId);
    });

    it('remindBeforeMinutes is validated, and a series passes it to its occurrences', async () => {
      const page = await createPage(app);
      for (const bad of [0, 10081, 1.5, 'soon']) {
        await app
          .admin()
          .post(`/api/v1/pages/${page.id}/maintenances`)
          .send({ title: 't', scheduledStart: '2031-01-01T00:00:00Z', scheduledEnd: '2031-01-01T01:00:00Z', remindBeforeMinutes: bad })
          .expect(400);
      }
      const firstStart = `${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}T02:00`;
      const seriesBody = { title: 'Weekly', timeZone: 'UTC', firstStart, rrule: 'FREQ=WEEKLY;COUNT=2', durationMinutes: 60 };
      // As for a single window: a reminder at least a minute before the start.
      for (const bad of [0, 10081, 1.5]) {
        const res = await app
          .admin()
          .post(`/api/v1/pages/${page.id}/maintenance-series`)
          .send({ ...seriesBody, remindBeforeMinutes: bad })
          .expect(400);
        expect([bad, res.body.message.some((m: string) => m.startsWith('remindBeforeMinutes'))]).toEqual([bad, true]);
      }
      const series = await app
        .admin()
        .post(`/api/v1/pages/${page.id}/maintenance-series`)
        .send({ ...seriesBody, remindBeforeMinutes: 15 })
        .expect(201);
      const patched = await app
        .admin()
        .patch(`/api/v1/pages/${page.id}/maintenance-series/${series.body.id}`)
        .send({ remindBeforeMinutes: 0 })
        .expect(400);
      expect(patched.body.message).toEqual([expect.stringMatching(/^remindBeforeMinutes /)]);
      const list = await app.admin().get(`/api/v1/pages/${page.id}/maintenances`).expect(200);
      const occurrences = list.body.data.filter((x: { seriesId: string }) => x.seriesId === series.body.id);
      expect(occurrences).toHaveLength(2);
      for (const o of occurrences) {
        expect(o.remindBeforeMinutes).toBe(15);
        expect(await queue().getJob(remindJob(o))).toBeDefined();
      }
      // Occurrences are not announced one by one (no "scheduled" email per occurrence).
      const marker = await createIncident(app, page.id);
      await settled(`incident-update:${marker.updates[0].id}`);
      for (const o of occurrences) expect(await eventCount(`maintenance-%:${o.id}%`)).toBe(0);
    });
  });
});
