import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import ICAL from 'ical.js';
import { Client } from 'pg';
import { MaintenanceReconciler } from '../../src/modules/maintenance/maintenance.reconciler';
import { MaintenanceRepository } from '../../src/modules/maintenance/maintenance.repository';
import { calendarWindows } from '../../src/modules/maintenance/series/maintenance-calendar';
import { MaintenanceSeriesService } from '../../src/modules/maintenance/series/maintenance-series.service';
import { createComponent, createMaintenance, createMaintenanceSeries, createPage, MaintenanceBody } from '../factories';
import { eventually, startApp, TestApp } from './harness';

jest.setTimeout(60_000);

const DAY = 86_400_000;
type Maintenance = MaintenanceBody & { seriesId: string | null; description: string | null };

/** A local date-time in UTC, `YYYY-MM-DDTHH:mm:ss`. */
const utcWall = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const weekday = (iso: string) => new Date(iso).getUTCDay();
const contextOf = (app: TestApp) => (app.app ?? app.context) as INestApplicationContext;

const createSeries = (app: TestApp, pageId: string, body: Record<string, unknown>) =>
  createMaintenanceSeries(app, pageId, { title: 'Database patching', ...body });

/** Every maintenance of the page, soonest first. */
async function allMaintenances(app: TestApp, pageId: string, query = ''): Promise<Maintenance[]> {
  const out: Maintenance[] = [];
  for (let page = 1; ; page++) {
    const res = await app.admin().get(`/api/v1/pages/${pageId}/maintenances?perPage=100&page=${page}${query}`).expect(200);
    out.push(...(res.body.data as Maintenance[]));
    if (out.length >= res.body.meta.total) return out.sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart));
  }
}

async function getMaintenance(app: TestApp, pageId: string, id: string): Promise<Maintenance> {
  return (await app.admin().get(`/api/v1/pages/${pageId}/maintenances/${id}`).expect(200)).body as Maintenance;
}

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((e) => ({
    uid: String(e.getFirstPropertyValue('uid')),
    summary: String(e.getFirstPropertyValue('summary')),
    sequence: Number(e.getFirstPropertyValue('sequence')),
    status: String(e.getFirstPropertyValue('status')),
    url: String(e.getFirstPropertyValue('url')),
    start: (e.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>).toJSDate().toISOString(),
    end: (e.getFirstPropertyValue('dtend') as InstanceType<typeof ICAL.Time>).toJSDate().toISOString(),
  }));
}

describe('recurring maintenance (HTTP)', () => {
  let app: TestApp;
  let db: Client;

  beforeAll(async () => {
    app = await startApp();
    db = new Client({ connectionString: app.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await app.stop();
  });

  it('creates a series whose occurrences for the next 90 days are ordinary maintenances', async () => {
    const page = await createPage(app);
    const component = await createComponent(app, page.id);
    const series = await createSeries(app, page.id, {
      description: 'Minor version upgrade',
      componentIds: [component.id],
      firstStart: '2026-01-01T02:00',
      rrule: 'rrule:freq=daily',
    });
    expect(series).toMatchObject({
      pageId: page.id,
      title: 'Database patching',
      description: 'Minor version upgrade',
      componentIds: [component.id],
      timeZone: 'UTC',
      firstStart: '2026-01-01T02:00',
      rrule: 'FREQ=DAILY',
      durationMinutes: 60,
      autoStart: true,
      autoComplete: true,
      remindBeforeMinutes: 60,
    });

    const windows = await allMaintenances(app, page.id);
    // [now, now + 90 days) holds exactly 90 daily starts.
    expect(windows).toHaveLength(90);
    for (const w of windows) {
      expect(w).toMatchObject({ seriesId: series.id, status: 'scheduled', title: 'Database patching', componentIds: [component.id] });
      expect(w.scheduledStart.slice(11)).toBe('02:00:00.000Z');
      expect(new Date(w.scheduledEnd).getTime() - new Date(w.scheduledStart).getTime()).toBe(3_600_000);
      expect(w.updates).toEqual([expect.objectContaining({ status: 'scheduled' })]);
    }
    expect(new Date(windows[0].scheduledStart).getTime()).toBeGreaterThan(Date.now() - DAY);
    expect(new Date(windows[89].scheduledStart).getTime() - new Date(windows[0].scheduledStart).getTime()).toBe(89 * DAY);

    const list = await app.admin().get(`/api/v1/pages/${page.id}/maintenance-series`).expect(200);
    expect(list.body).toEqual({ data: [series], meta: { total: 1, page: 1, perPage: 25 } });
    expect((await app.admin().get(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).expect(200)).body).toEqual(series);
    // A single window still has no series.
    expect((await createMaintenance(app, page.id)) as unknown as Maintenance).toMatchObject({ seriesId: null });
  });

  it('makes at least the next occurrence of a series whose next one is beyond 90 days', async () => {
    const page = await createPage(app);
    const first = utcWall(Date.now() + 200 * DAY).slice(0, 16);
    const series = await createSeries(app, page.id, { firstStart: first, rrule: 'FREQ=YEARLY', timeZone: 'Europe/Berlin' });
    const windows = await allMaintenances(app, page.id);
    expect(windows).toHaveLength(1);
    expect(windows[0].seriesId).toBe(series.id);
  });

  it('previews occurrences in a range, keeping the wall-clock time across daylight-saving changes', async () => {
    const page = await createPage(app);
    const series = await createSeries(app, page.id, {
      firstStart: '2027-01-03T02:30',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      durationMinutes: 90,
    });
    const before = (await allMaintenances(app, page.id)).length;
    const path = `/api/v1/pages/${page.id}/maintenance-series/${series.id}/occurrences`;
    const res = await app.admin().get(`${path}?from=2027-03-20T00:00:00Z&to=2027-04-05T00:00:00Z`).expect(200);
    expect(res.body).toEqual({
      data: [
        { start: '2027-03-21T01:30:00.000Z', end: '2027-03-21T03:00:00.000Z', localStart: '2027-03-21T02:30' },
        // 02:30 does not exist that night: moved forward by the gap.
        { start: '2027-03-28T01:30:00.000Z', end: '2027-03-28T03:00:00.000Z', localStart: '2027-03-28T03:30' },
        { start: '2027-04-04T00:30:00.000Z', end: '2027-04-04T02:00:00.000Z', localStart: '2027-04-04T02:30' },
      ],
      meta: { from: '2027-03-20T00:00:00.000Z', to: '2027-04-05T00:00:00.000Z', limit: 100, timeZone: 'Europe/Berlin' },
    });
    const limited = await app.admin().get(`${path}?from=2027-03-20T00:00:00Z&to=2028-01-01T00:00:00Z&limit=2`).expect(200);
    expect(limited.body.data).toHaveLength(2);
    // By default: the next 90 days.
    const byDefault = await app.admin().get(path).expect(200);
    const { from, to } = byDefault.body.meta as { from: string; to: string };
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(90 * DAY);
    expect(byDefault.body.data.length).toBeGreaterThanOrEqual(8);
    for (const o of byDefault.body.data as Array<{ start: string; localStart: string }>) {
      expect(o.start >= from && o.start < to).toBe(true);
      expect(o.localStart).toMatch(/T0[23]:30$/);
    }

    const bad: Array<[string, RegExp]> = [
      ['?from=2027-04-01T00:00:00Z&to=2027-03-01T00:00:00Z', /^to must be after from/],
      ['?from=2027-01-01T00:00:00Z&to=2040-01-01T00:00:00Z', /^to must be at most 3660 days/],
      ['?from=yesterday', /^from /],
      ['?to=2027-13-01T00:00:00Z', /^to /],
      ['?limit=0', /^limit /],
      ['?limit=1001', /^limit /],
    ];
    for (const [query, message] of bad) {
      const r = await app.admin().get(`${path}${query}`).expect(400);
      expect([query, r.body.message.some((m: string) => message.test(m))]).toEqual([query, true]);
    }
    // Nothing is stored by a preview.
    expect(await allMaintenances(app, page.id)).toHaveLength(before);
  });

  it('refuses bad rules, zones, local starts, durations and overlaps with a 400 naming the field', async () => {
    const page = await createPage(app);
    const other = await createPage(app);
    const foreign = await createComponent(app, other.id);
    const good = { title: 'Patching', firstStart: '2027-01-03T02:00', timeZone: 'UTC', rrule: 'FREQ=WEEKLY', durationMinutes: 60 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ rrule: 'FREQ=SECONDLY' }, 'rrule'],
      [{ rrule: 'FREQ=MINUTELY;INTERVAL=90' }, 'rrule'],
      [{ rrule: 'FREQ=HOURLY;INTERVAL=24' }, 'rrule'],
      [{ rrule: 'FREQ=FOO' }, 'rrule'],
      [{ rrule: 'BYDAY=XX' }, 'rrule'],
      [{ rrule: 'FREQ=DAILY;BYHOUR=1;BYMINUTE=0,30' }, 'rrule'],
      [{ rrule: 'FREQ=DAILY', durationMinutes: 1441 }, 'durationMinutes'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ timeZone: '+01:00' }, 'timeZone'],
      [{ firstStart: '2027-02-30T02:00' }, 'firstStart'],
      [{ firstStart: '2027-01-03T02:00:00Z' }, 'firstStart'],
      [{ durationMinutes: 0 }, 'durationMinutes'],
      [{ durationMinutes: 10081 }, 'durationMinutes'],
      [{ durationMinutes: 1.5 }, 'durationMinutes'],
      [{ componentIds: [foreign.id] }, 'componentIds'],
    ];
    for (const [change, field] of cases) {
      const res = await app.admin().post(`/api/v1/pages/${page.id}/maintenance-series`).send({ ...good, ...change });
      expect([change, res.status]).toEqual([change, 400]);
      expect([change, (res.body.message as string[]).some((m) => m.startsWith(field))]).toEqual([change, true]);
    }
    const series = await createSeries(app, page.id, good);
    const patch = await app
      .admin()
      .patch(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`)
      .send({ rrule: 'FREQ=DAILY', durationMinutes: 2000 })
      .expect(400);
    expect(patch.body.message).toEqual([expect.stringMatching(/^durationMinutes: .*overlap/)]);
    const list = await app.admin().get(`/api/v1/pages/${page.id}/maintenance-series`).expect(200);
    expect(list.body.meta.total).toBe(1);
    expect((await allMaintenances(app, page.id)).every((m) => m.seriesId === series.id)).toBe(true);
  });

  it('starts and completes an occurrence by itself, through the same jobs as any window', async () => {
    const page = await createPage(app);
    const component = await createComponent(app, page.id);
    // The first occurrence a few seconds from now (firstStart takes seconds), lasting the shortest duration, a minute.
    const startAt = Math.ceil((Date.now() + 4_000) / 1000) * 1000;
    const series = await createSeries(app, page.id, {
      firstStart: utcWall(startAt),
      rrule: 'FREQ=DAILY',
      durationMinutes: 1,
      componentIds: [component.id],
    });
    const [first] = await allMaintenances(app, page.id);
    expect(first).toMatchObject({ seriesId: series.id, scheduledStart: new Date(startAt).toISOString(), status: 'scheduled' });

    const running = await eventually(
      async () => {
        const m = await getMaintenance(app, page.id, first.id);
        return m.status === 'in_progress' ? m : null;
      },
      { timeoutMs: 30_000, what: 'the occurrence to start' },
    );
    expect(new Date(running.startedAt!).getTime()).toBeGreaterThanOrEqual(startAt);
    const c = await app.admin().get(`/api/v1/pages/${page.id}/components/${component.id}`).expect(200);
    expect(c.body.effectiveStatus).toBe('under_maintenance');
    const done = await eventually(
      async () => {
        const m = await getMaintenance(app, page.id, first.id);
        return m.status === 'completed' ? m : null;
      },
      { timeoutMs: 100_000, intervalMs: 250, what: 'the occurrence to complete' },
    );
    expect(done.updates.map((u) => u.status)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(new Date(done.completedAt!).getTime()).toBeGreaterThanOrEqual(startAt + 60_000);
  }, 150_000);

  it('PATCH regenerates the untouched future occurrences, never one edited, cancelled or running', async () => {
    const page = await createPage(app);
    const a = await createComponent(app, page.id);
    const b = await createComponent(app, page.id);
    const series = await createSeries(app, page.id, { firstStart: '2026-01-04T02:00', rrule: 'FREQ=WEEKLY;BYDAY=SU', componentIds: [a.id] });
    const windows = await allMaintenances(app, page.id);
    expect(windows.length).toBeGreaterThanOrEqual(12);
    expect(windows.every((w) => weekday(w.scheduledStart) === 0)).toBe(true);
    const [running, edited, cancelled, ...untouched] = windows;

    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${running.id}/start`).send({}).expect(200);
    await app.admin().patch(`/api/v1/pages/${page.id}/maintenances/${edited.id}`).send({ title: 'Special' }).expect(200);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${cancelled.id}/cancel`).send({}).expect(200);
    const detached = await db.query('SELECT id FROM maintenances WHERE series_id = $1 AND detached ORDER BY id', [series.id]);
    expect(detached.rows.map((r) => r.id).sort()).toEqual([edited.id, cancelled.id].sort());

    // Content only: same rows, rewritten in place.
    const retitled = await app
      .admin()
      .patch(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`)
      .send({ title: 'Kernel patching', componentIds: [b.id] })
      .expect(200);
    expect(retitled.body).toMatchObject({ title: 'Kernel patching', componentIds: [b.id], rrule: 'FREQ=WEEKLY;BYDAY=SU' });
    const afterTitle = await allMaintenances(app, page.id);
    expect(afterTitle.map((w) => w.id)).toEqual(windows.map((w) => w.id));
    for (const w of afterTitle.filter((x) => untouched.some((u) => u.id === x.id))) {
      expect(w).toMatchObject({ title: 'Kernel patching', componentIds: [b.id], status: 'scheduled' });
    }

    // A new rule: the untouched rows move to Saturdays; the others stay as they were.
    await app
      .admin()
      .patch(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`)
      .send({ rrule: 'FREQ=WEEKLY;BYDAY=SA', firstStart: '2026-01-03T05:00' })
      .expect(200);
    const after = await allMaintenances(app, page.id);
    const byId = new Map(after.map((w) => [w.id, w]));
    expect(byId.get(running.id)).toMatchObject({ status: 'in_progress', scheduledStart: running.scheduledStart, title: 'Database patching' });
    expect(byId.get(edited.id)).toMatchObject({ status: 'scheduled', scheduledStart: edited.scheduledStart, title: 'Special', componentIds: [a.id] });
    expect(byId.get(cancelled.id)).toMatchObject({ status: 'cancelled', scheduledStart: cancelled.scheduledStart });
    for (const u of untouched) {
      const now = byId.get(u.id)!;
      expect(now).toMatchObject({ status: 'scheduled', title: 'Kernel patching', seriesId: series.id });
      expect([weekday(now.scheduledStart), now.scheduledStart.slice(11)]).toEqual([6, '05:00:00.000Z']);
    }
    const saturdays = after.filter((w) => w.status === 'scheduled' && weekday(w.scheduledStart) === 6);
    const expected = await app
      .admin()
      .get(`/api/v1/pages/${page.id}/maintenance-series/${series.id}/occurrences?to=${new Date(Date.now() + 90 * DAY).toISOString()}`)
      .expect(200);
    expect(saturdays.map((w) => w.scheduledStart)).toEqual(expected.body.data.map((o: { start: string }) => o.start));
    expect(new Set(after.map((w) => w.id)).size).toBe(after.length);
  });

  it('DELETE cancels the occurrences that have not started and keeps the others', async () => {
    const page = await createPage(app);
    const series = await createSeries(app, page.id, { firstStart: '2026-01-01T03:00', rrule: 'FREQ=DAILY', durationMinutes: 30 });
    const windows = await allMaintenances(app, page.id);
    const [done, running, edited] = windows;
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${done.id}/start`).send({}).expect(200);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${done.id}/complete`).send({}).expect(200);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${running.id}/start`).send({}).expect(200);
    await app.admin().patch(`/api/v1/pages/${page.id}/maintenances/${edited.id}`).send({ title: 'Moved' }).expect(200);

    await app.admin().delete(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).expect(204);
    await app.admin().get(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).expect(404);
    const after = await allMaintenances(app, page.id);
    expect(after).toHaveLength(windows.length);
    const byId = new Map(after.map((w) => [w.id, w]));
    expect(byId.get(done.id)!.status).toBe('completed');
    expect(byId.get(running.id)!.status).toBe('in_progress');
    const cancelled = after.filter((w) => w.id !== done.id && w.id !== running.id);
    expect(cancelled.length).toBe(windows.length - 2);
    for (const w of cancelled) {
      expect(w.status).toBe('cancelled');
      expect(w.cancelledAt).toEqual(expect.any(String));
      expect(w.updates.map((u) => u.status)).toEqual(['scheduled', 'cancelled']);
    }
    // The series is gone; the kept windows no longer point at it.
    expect(after.every((w) => w.seriesId === null)).toBe(true);
    await app.admin().delete(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).expect(404);
  });

  it('stores the rendered Markdown of the occurrences it makes, rewrites and cancels', async () => {
    const page = await createPage(app);
    const series = await createSeries(app, page.id, { description: 'Minor **version** upgrade', firstStart: '2026-01-01T04:00', rrule: 'FREQ=WEEKLY' });
    /** Occurrences whose stored HTML is not `html` for their description, and timeline entries with no stored HTML. */
    const unrendered = async (html: string) => {
      const windows = await db.query(
        'SELECT id FROM maintenances WHERE page_id = $1 AND description_html IS DISTINCT FROM $2',
        [page.id, html],
      );
      const entries = await db.query(
        `SELECT u.id FROM maintenance_updates u JOIN maintenances m ON m.id = u.maintenance_id
         WHERE m.page_id = $1 AND u.message_html IS NULL`,
        [page.id],
      );
      return [windows.rowCount, entries.rowCount];
    };
    expect(await unrendered('<p>Minor <strong>version</strong> upgrade</p>')).toEqual([0, 0]);
    const path = `/api/v1/pages/${page.id}/maintenance-series/${series.id}`;
    // Content only: rewritten in place.
    await app.admin().patch(path).send({ description: 'Major _version_ upgrade' }).expect(200);
    expect(await unrendered('<p>Major <em>version</em> upgrade</p>')).toEqual([0, 0]);
    // New rules: more occurrences made, then the surplus cancelled; then the rest cancelled.
    await app.admin().patch(path).send({ rrule: 'FREQ=DAILY' }).expect(200);
    await app.admin().patch(path).send({ rrule: 'FREQ=WEEKLY' }).expect(200);
    await app.admin().delete(path).expect(204);
    const made = await db.query(
      `SELECT u.status, count(*)::int AS n FROM maintenance_updates u JOIN maintenances m ON m.id = u.maintenance_id
       WHERE m.page_id = $1 GROUP BY u.status ORDER BY u.status`,
      [page.id],
    );
    expect(made.rows).toEqual([
      { status: 'scheduled', n: expect.any(Number) },
      { status: 'cancelled', n: expect.any(Number) },
    ]);
    expect(made.rows[0].n).toBeGreaterThan(80);
    expect(await unrendered('<p>Major <em>version</em> upgrade</p>')).toEqual([0, 0]);
  });

  it('extends series as time passes, each occurrence once however many instances extend at once', async () => {
    const page = await createPage(app);
    const series = await createSeries(app, page.id, { firstStart: '2026-01-01T04:00', rrule: 'FREQ=DAILY', durationMinutes: 15 });
    expect(await allMaintenances(app, page.id)).toHaveLength(90);
    const second = await startApp({ db: app.db, queuePrefix: app.config.queuePrefix });
    /** As if the series had been made 60 days ago: only its next 30 days exist, and it was last extended before them. */
    const rewind = async () => {
      await db.query('DELETE FROM maintenances WHERE series_id = $1 AND occurrence_start >= $2', [series.id, new Date(Date.now() + 30 * DAY)]);
      await db.query(`UPDATE maintenance_series SET materialized_until = now(), next_start = now() WHERE id = $1`, [series.id]);
      expect(await allMaintenances(app, page.id)).toHaveLength(30);
    };
    try {
      await rewind();
      const services = [app, second, app, second].map((x) => contextOf(x).get(MaintenanceSeriesService));
      const made = await Promise.all(services.map((s) => s.extendDue()));
      expect(made.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60);
      expect(await allMaintenances(app, page.id)).toHaveLength(90);
      const distinct = await db.query(
        'SELECT count(DISTINCT occurrence_start)::int AS n, count(*)::int AS total FROM maintenances WHERE series_id = $1',
        [series.id],
      );
      expect(distinct.rows[0]).toEqual({ n: 90, total: 90 });
      // Nothing more is due: another run makes nothing.
      expect(await services[0].extendDue()).toBe(0);

      // The reconciler extends too (Redis, and the job's scheduler, may be lost); the existing 30 are skipped.
      await rewind();
      const result = await contextOf(second).get(MaintenanceReconciler).reconcile();
      expect(result.extended).toBe(60);
      expect(await allMaintenances(app, page.id)).toHaveLength(90);
    } finally {
      await second.stop();
    }

    // The periodic job is registered in the maintenance queue.
    const queue = contextOf(app).get<Queue>(getQueueToken('maintenance'), { strict: false });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('extend-series');
  });

  it("reads the calendar feeds each with its own cap: a component's feed is not cut short by the windows of others", async () => {
    const page = await createPage(app);
    const busy = await createComponent(app, page.id);
    const quiet = await createComponent(app, page.id);
    const inHours = (h: number) => ({ startInMs: h * 3_600_000, durationMs: 600_000 });
    const window = (h: number, componentIds: string[]) => createMaintenance(app, page.id, { componentIds }, inHours(h));
    const [busy1, busy2, busy3] = [await window(1, [busy.id]), await window(2, [busy.id]), await window(3, [busy.id])];
    const pageWide = await window(4, []);
    const [quiet1, quiet2, quiet3] = [await window(5, [quiet.id]), await window(6, [quiet.id, busy.id]), await window(7, [quiet.id])];
    // Not in any feed: completed, or cancelled more than 7 days ago. Shown: running, cancelled lately.
    const done = await window(8, [quiet.id]);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${done.id}/start`).send({}).expect(200);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${done.id}/complete`).send({}).expect(200);
    const old = await window(9, [quiet.id]);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${old.id}/cancel`).send({}).expect(200);
    await db.query(`UPDATE maintenances SET cancelled_at = now() - interval '8 days' WHERE id = $1`, [old.id]);
    const running = await window(10, [quiet.id]);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${running.id}/start`).send({}).expect(200);
    const cancelled = await window(11, []);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${cancelled.id}/cancel`).send({}).expect(200);

    const repo = contextOf(app).get(MaintenanceRepository, { strict: false });
    const since = new Date(Date.now() - 7 * DAY);
    const ids = async (limit?: number) => (await repo.forCalendar(page.id, since, limit)).map((m) => m.id);
    // Under the cap, every shown window once, by start.
    expect(await ids()).toEqual([busy1, busy2, busy3, pageWide, quiet1, quiet2, quiet3, running, cancelled].map((m) => m.id));
    // Two per feed: the page's first two (busy's too), and quiet's first two, though later than the page's cut.
    expect(await ids(2)).toEqual([busy1, busy2, quiet1, quiet2].map((m) => m.id));
    const rows = (await repo.forCalendar(page.id, since, 2)).map((m) => ({ ...m, componentIds: m.components.map((c) => c.componentId) }));
    const feed = (componentId?: string) => calendarWindows(rows, new Date(), { componentId, limit: 2 }).map((m) => m.id);
    expect(feed()).toEqual([busy1.id, busy2.id]);
    expect(feed(busy.id)).toEqual([busy1.id, busy2.id]);
    expect(feed(quiet.id)).toEqual([quiet1.id, quiet2.id]);
  });

  it('publishes maintenances.ics: a VEVENT per window, stable UIDs, SEQUENCE, cancelled windows, ?component=, ETag/304', async () => {
    const page = await createPage(app, { name: 'Acme Cloud' });
    const db1 = await createComponent(app, page.id, { name: 'Database' });
    const api = await createComponent(app, page.id, { name: 'API' });
    const series = await createSeries(app, page.id, { firstStart: '2026-01-04T02:00', rrule: 'FREQ=WEEKLY;BYDAY=SU', componentIds: [db1.id] });
    const single = await createMaintenance(app, page.id, { componentIds: [api.id], title: 'API upgrade' });
    const occurrences = (await allMaintenances(app, page.id)).filter((m) => m.seriesId === series.id);
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${occurrences[1].id}/cancel`).send({}).expect(200);

    const url = `/status/${page.slug}/maintenances.ics`;
    const res = await app.http().get(url).expect(200);
    /** The caching and headers of every public document, whether the controller or the front door (from memory) answered. */
    const expectPublicHeaders = (r: { headers: Record<string, unknown> }) => {
      expect(r.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(r.headers['cache-control']).toBe('public, no-cache');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    };
    expectPublicHeaders(res);
    expectPublicHeaders(await app.http().get(url).expect(200));
    const events = parseCalendar(res.text);
    expect(events).toHaveLength(occurrences.length + 1);
    const byUid = new Map(events.map((e) => [e.uid, e]));
    for (const m of [...occurrences, single]) {
      const e = byUid.get(`${m.id}@statuspages`)!;
      // iCalendar times have whole seconds.
      expect(e).toMatchObject({ start: `${m.scheduledStart.slice(0, 19)}.000Z`, end: `${m.scheduledEnd.slice(0, 19)}.000Z`, summary: m.title });
    }
    expect(byUid.get(`${occurrences[1].id}@statuspages`)!.status).toBe('CANCELLED');
    expect(byUid.get(`${occurrences[2].id}@statuspages`)).toMatchObject({ status: 'CONFIRMED', url: expect.stringContaining(`#maintenance-${occurrences[2].id}`) });

    // ETag / 304, also from memory.
    const etag = res.headers.etag as string;
    await app.http().get(url).set('If-None-Match', etag).expect(304);
    await app.http().get(url).set('If-None-Match', etag).expect(304);

    // ?component= narrows the feed; the front door never answers the whole feed for it.
    for (let i = 0; i < 2; i++) {
      const onlyApi = parseCalendar((await app.http().get(`${url}?component=${api.id}`).expect(200)).text);
      expect(onlyApi.map((e) => e.uid)).toEqual([`${single.id}@statuspages`]);
      const onlyDb = parseCalendar((await app.http().get(`${url}?component=${db1.id.toUpperCase()}`).expect(200)).text);
      expect(onlyDb).toHaveLength(occurrences.length);
    }
    const narrowed = await app.http().get(`${url}?component=${api.id}`).expect(200);
    expectPublicHeaders(narrowed);
    expect(narrowed.headers.etag).not.toBe(etag);
    await app.http().get(`${url}?component=${api.id}`).set('If-None-Match', narrowed.headers.etag as string).expect(304);
    const unknown = await app.http().get(`${url}?component=6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab`).expect(404);
    expect(unknown.body.message).toMatch(/^component /);
    const malformed = await app.http().get(`${url}?component=abc`).expect(400);
    expect(malformed.body.message).toEqual(['component must be a UUID']);
    await app.http().get(`${url}?component=${api.id}&component=${db1.id}`).expect(400);

    // A change of the series: same UIDs, higher SEQUENCE, new ETag.
    const before = new Map(events.map((e) => [e.uid, e.sequence]));
    await app.admin().patch(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).send({ title: 'Database patching (v2)' }).expect(200);
    const changed = await app.http().get(url).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    const after = parseCalendar(changed.text);
    expect(after.map((e) => e.uid).sort()).toEqual([...before.keys()].sort());
    for (const m of occurrences.filter((_, i) => i !== 1)) {
      const e = after.find((x) => x.uid === `${m.id}@statuspages`)!;
      expect(e.summary).toBe('Database patching (v2)');
      expect(e.sequence).toBeGreaterThan(before.get(e.uid)!);
    }

    // The status page links the feed.
    const html = (await app.http().get(`/status/${page.slug}`).expect(200)).text;
    expect(html).toMatch(/<link rel="alternate" type="text\/calendar"[^>]*href="[^"]*\/maintenances\.ics">/);
    expect(html).toContain('>Maintenance calendar</a>');
  });
});
