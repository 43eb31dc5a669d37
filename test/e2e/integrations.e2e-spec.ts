/*
 * Monitoring integrations end to end: a real Alertmanager (Debian's
 * prometheus-alertmanager) sends its webhook notifications to the service;
 * alerts are posted to Alertmanager's own API, and what they do is read on
 * the public API (summary.json) and the admin API. The receiver called
 * directly: integrations-receiver.e2e-spec.ts.
 */
import { createComponent, createPage, createWebhook } from '../factories';
import { Pool } from 'pg';
import { Alertmanager, firing, resolved } from './alertmanager';
import { eventually, startApp, TestApp } from './harness';
import { SmtpSink } from './smtp-sink';
import { insertSubscriber } from './subscriber-links';

const SLOW = { timeoutMs: 45_000, intervalMs: 200 };

interface Integration {
  id: string;
  token: string;
  name: string;
}

describe('Monitoring integrations with a real Alertmanager', () => {
  let app: TestApp;
  let am: Alertmanager;
  let sink: SmtpSink;
  let db: Pool;
  let page: { id: string; slug: string };
  const integrations: Record<string, Integration> = {};

  const create = async (body: Record<string, unknown>) =>
    (await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send(body).expect(201)).body as Integration & Record<string, unknown>;

  const summary = async () => (await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200)).body;
  const publicStatus = async (componentId: string): Promise<string> =>
    (await summary()).components.find((c: { id: string }) => c.id === componentId)?.status;
  const component = async (componentId: string) =>
    (await app.admin().get(`/api/v1/pages/${page.id}/components/${componentId}`).expect(200)).body;
  const statusIs = (componentId: string, status: string) =>
    eventually(async () => (await publicStatus(componentId)) === status, { ...SLOW, what: `${componentId} to be ${status}` });
  const incidentsOf = async () => (await app.admin().get(`/api/v1/pages/${page.id}/incidents?perPage=100`).expect(200)).body.data;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Alerting Status <status@alerting.test>' } });
    db = new Pool({ connectionString: app.db.url, max: 2 });
    page = await createPage(app, { name: 'Alerting' });
    integrations.plain = await create({ name: 'Prometheus' });
    integrations.incidents = await create({ name: 'Prometheus (incidents)', incidents: 'open' });
    integrations.repeat = await create({ name: 'Prometheus (repeats)', incidents: 'open' });
    integrations.custom = await create({
      name: 'Custom mapping',
      componentLabel: 'service',
      statusBySeverity: { P1: 'major_outage', P3: 'under_maintenance' },
    });
    const url = (i: Integration) => `${app.baseUrl}/api/v1/integrations/${i.id}/alertmanager`;
    am = await Alertmanager.start([
      { name: 'plain', url: url(integrations.plain), token: integrations.plain.token },
      { name: 'incidents', url: url(integrations.incidents), token: integrations.incidents.token },
      { name: 'repeat', url: url(integrations.repeat), token: integrations.repeat.token, repeatInterval: '1s' },
      { name: 'custom', url: url(integrations.custom), token: integrations.custom.token },
      { name: 'wrong-token', url: url(integrations.plain), token: 'not-the-token' },
    ]);
  }, 60_000);

  afterAll(async () => {
    await am?.stop();
    await db?.end();
    await app?.stop();
    await sink?.stop();
  });

  it('creates integrations with defaults; the token is shown once and stored as a hash', async () => {
    const created = await create({ name: 'Defaults' });
    expect(created).toMatchObject({
      pageId: page.id,
      name: 'Defaults',
      kind: 'alertmanager',
      componentLabel: 'component',
      statusBySeverity: { critical: 'major_outage', warning: 'degraded_performance' },
      incidents: 'none',
    });
    expect(created.token).toMatch(/^spi_[A-Za-z0-9_-]{43}$/);
    const got = await app.admin().get(`/api/v1/pages/${page.id}/integrations/${created.id}`).expect(200);
    expect(got.body.token).toBeUndefined();
    expect(Object.keys(got.body).sort()).toEqual(
      ['componentLabel', 'createdAt', 'id', 'incidents', 'kind', 'name', 'pageId', 'statusBySeverity'].sort(),
    );
    const list = await app.admin().get(`/api/v1/pages/${page.id}/integrations`).expect(200);
    expect(list.body.data.map((i: { id: string }) => i.id)).toContain(created.id);
    await app.admin().delete(`/api/v1/pages/${page.id}/integrations/${created.id}`).expect(204);
    await app.admin().get(`/api/v1/pages/${page.id}/integrations/${created.id}`).expect(404);
  });

  it('refuses bad settings with a 400 naming the field', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send(body).expect(400);
      expect(res.body.message.join(' ')).toContain(field);
    };
    await bad({}, 'name');
    await bad({ name: 'x', statusBySeverity: { critical: 'down' } }, 'statusBySeverity');
    await bad({ name: 'x', statusBySeverity: [] }, 'statusBySeverity');
    await bad({ name: 'x', incidents: 'sometimes' }, 'incidents');
    await bad({ name: 'x', componentLabel: 'has space' }, 'componentLabel');
    await bad({ name: 'x', kind: 'nagios' }, 'kind');
  });

  it('a key scoped to another page sees none of these integrations', async () => {
    const other = await createPage(app, { name: 'Other' });
    const key = (await app.admin().post('/api/v1/api-keys').send({ name: 'other', pageIds: [other.id] }).expect(201)).body.key;
    const as = (path: string) => app.http().get(path).set('Authorization', `Bearer ${key}`);
    await as(`/api/v1/pages/${page.id}/integrations`).expect(404);
    await as(`/api/v1/pages/${page.id}/integrations/${integrations.plain.id}`).expect(404);
    await as(`/api/v1/pages/${other.id}/integrations/${integrations.plain.id}`).expect(404);
    await as(`/api/v1/pages/${other.id}/integrations`).expect(200);
  });

  it('firing sets the automated status, resolved takes it away (public summary, admin component, status history)', async () => {
    const api = await createComponent(app, page.id, { name: 'API' });
    // Status history records the change through its usual path, and tells webhooks (here: to a closed port).
    const hook = await createWebhook(app, page.id, { events: ['component.status_changed'], componentIds: [api.id] });
    const alert = firing({ alertname: 'HighErrorRate', component: 'API', severity: 'critical', target: 'plain' }, { summary: 'Errors' });
    await am.post([alert]);
    await statusIs(api.id, 'major_outage');
    expect(await component(api.id)).toMatchObject({ status: 'operational', automatedStatus: 'major_outage', effectiveStatus: 'major_outage' });
    expect((await summary()).status.indicator).toBe('critical');
    const badge = await app.http().get(`/status/${page.slug}/badge.svg`).expect(200);
    expect(String(badge.body)).toMatch(/major|outage/i);
    // The HTML page shows it, and today's cell of the component's uptime bar once status history has it.
    const apiRow = async () => {
      const html = (await app.http().get(`/status/${page.slug}`).expect(200)).text;
      return html.slice(html.indexOf('<span class="name">API</span>')).split('</li>')[0];
    };
    expect(await apiRow()).toContain('<span class="status s-major_outage">');
    await eventually(async () => /<span class="d s-(\w+)"[^>]*><\/span><\/div>/.exec(await apiRow())?.[1] === 'major_outage', {
      ...SLOW,
      what: "today's uptime cell of API to show the outage",
    });

    await eventually(
      async () => (await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${hook.id}/deliveries`).expect(200)).body.meta.total > 0,
      { ...SLOW, what: 'a component.status_changed delivery' },
    );

    await am.post([resolved(alert)]);
    await statusIs(api.id, 'operational');
    expect(await component(api.id)).toMatchObject({ automatedStatus: null, effectiveStatus: 'operational' });
    // Nothing was opened: this integration has `incidents: none`.
    expect(await incidentsOf()).toEqual([]);
  });

  it('maps severities: critical, warning, anything else, none; several alerts arrive grouped in one notification', async () => {
    const [a, b, c, d] = await Promise.all(
      ['Sev critical', 'Sev warning', 'Sev info', 'Sev none'].map((name) => createComponent(app, page.id, { name })),
    );
    const before = am.delivered('plain');
    await am.post([
      firing({ alertname: 'Severities', component: 'Sev critical', severity: 'critical', target: 'plain' }),
      firing({ alertname: 'Severities', component: 'Sev warning', severity: 'warning', target: 'plain' }),
      firing({ alertname: 'Severities', component: 'Sev info', severity: 'info', target: 'plain' }),
      firing({ alertname: 'Severities', component: 'sev NONE', target: 'plain' }),
    ]);
    await eventually(
      async () => {
        const byId = new Map((await summary()).components.map((x: { id: string; status: string }) => [x.id, x.status]));
        return (
          byId.get(a.id) === 'major_outage' &&
          byId.get(b.id) === 'degraded_performance' &&
          byId.get(c.id) === 'partial_outage' &&
          byId.get(d.id) === 'partial_outage'
        );
      },
      { ...SLOW, what: 'all four severities' },
    );
    expect(am.delivered('plain') - before).toBe(1);
  });

  it('the worst firing alert of a component wins; a resolved alert clears only its own part', async () => {
    const db = await createComponent(app, page.id, { name: 'Database' });
    const critical = firing({ alertname: 'DbDown', component: 'Database', severity: 'critical', target: 'plain' });
    const warning = firing({ alertname: 'DbSlow', component: 'Database', severity: 'warning', target: 'plain' });
    await am.post([warning]);
    await statusIs(db.id, 'degraded_performance');
    await am.post([critical]);
    await statusIs(db.id, 'major_outage');
    await am.post([resolved(critical)]);
    await statusIs(db.id, 'degraded_performance');
    await am.post([resolved(warning)]);
    await statusIs(db.id, 'operational');
  });

  it('a custom label and severity map; a component named by its id', async () => {
    const search = await createComponent(app, page.id, { name: 'Search' });
    const cdn = await createComponent(app, page.id, { name: 'CDN' });
    await am.post([
      firing({ alertname: 'Custom', service: 'Search', severity: 'P1', target: 'custom' }),
      firing({ alertname: 'Custom', service: cdn.id, severity: 'p3', target: 'custom' }),
    ]);
    await statusIs(search.id, 'major_outage');
    await statusIs(cdn.id, 'under_maintenance');
    // A new map applies to the alerts already received.
    await app
      .admin()
      .patch(`/api/v1/pages/${page.id}/integrations/${integrations.custom.id}`)
      .send({ statusBySeverity: { P1: 'degraded_performance' } })
      .expect(200);
    expect(await publicStatus(search.id)).toBe('degraded_performance');
    expect(await publicStatus(cdn.id)).toBe('partial_outage');
  });

  it('alerts naming no component change nothing, open nothing, and are listed as unmatched', async () => {
    const before = await summary();
    await am.post([firing({ alertname: 'Orphan', component: 'No such component', severity: 'critical', target: 'plain' })]);
    const unmatched = await eventually(
      async () => {
        const res = await app.admin().get(`/api/v1/pages/${page.id}/integrations/${integrations.plain.id}/unmatched-alerts`).expect(200);
        return res.body.data.find((u: { labels: Record<string, string> }) => u.labels.alertname === 'Orphan');
      },
      { ...SLOW, what: 'the unmatched alert' },
    );
    expect(unmatched).toMatchObject({ status: 'firing', labels: { component: 'No such component' } });
    expect(unmatched.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const after = await summary();
    expect(after.components).toEqual(before.components);
    expect(after.status).toEqual(before.status);
  });

  it('incidents: open: the first firing alert opens an incident; its components follow their alerts; the last resolved resolves it', async () => {
    const [web, pay] = await Promise.all([createComponent(app, page.id, { name: 'Web' }), createComponent(app, page.id, { name: 'Payments' })]);
    // Webhooks and subscribers are told as for any incident.
    const hook = await createWebhook(app, page.id, { events: ['incident.created', 'incident.resolved'], componentIds: [web.id] });
    const subscriber = await insertSubscriber(db, page.id, 'active');
    const webDown = firing({ alertname: 'WebDown', component: 'Web', severity: 'critical', target: 'incidents' }, { summary: 'Checkout is failing' });
    const paySlow = firing({ alertname: 'PaySlow', component: 'Payments', severity: 'warning', target: 'incidents' }, { summary: 'Payments are slow' });
    await am.post([webDown]);
    const opened = await eventually(async () => (await incidentsOf()).find((i: { name: string }) => i.name === 'Checkout is failing'), {
      ...SLOW,
      what: 'the incident',
    });
    expect(opened).toMatchObject({ status: 'investigating', impact: 'critical', components: [{ componentId: web.id, status: 'major_outage' }] });
    expect((await summary()).incidents.map((i: { name: string }) => i.name)).toContain('Checkout is failing');

    const incident = async () => (await app.admin().get(`/api/v1/pages/${page.id}/incidents/${opened.id}`).expect(200)).body;
    await am.post([paySlow]);
    await eventually(async () => (await incident()).components.some((c: { componentId: string }) => c.componentId === pay.id), SLOW);
    await am.post([resolved(webDown)]);
    await eventually(
      async () => (await incident()).components.find((c: { componentId: string }) => c.componentId === web.id)?.status === 'operational',
      { ...SLOW, what: 'Web operational in the incident' },
    );
    expect((await incident()).status).toBe('investigating');
    await statusIs(web.id, 'operational');
    expect(await publicStatus(pay.id)).toBe('degraded_performance');

    await am.post([resolved(paySlow)]);
    await eventually(async () => (await incident()).status === 'resolved', { ...SLOW, what: 'the incident resolved' });
    const final = await incident();
    expect(final.updates.map((u: { status: string }) => u.status)).toEqual(['investigating', 'investigating', 'investigating', 'resolved']);
    expect(final.components).toEqual(
      expect.arrayContaining([
        { componentId: web.id, status: 'operational' },
        { componentId: pay.id, status: 'operational' },
      ]),
    );
    await statusIs(pay.id, 'operational');
    expect((await summary()).incidents.map((i: { name: string }) => i.name)).not.toContain('Checkout is failing');
    expect((await incidentsOf()).filter((i: { name: string }) => i.name === 'Checkout is failing')).toHaveLength(1);
    const events = await eventually(
      async () => {
        const res = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${hook.id}/deliveries?perPage=100`).expect(200);
        const seen = new Set(res.body.data.map((d: { event: string }) => d.event));
        return seen.has('incident.created') && seen.has('incident.resolved') && seen;
      },
      { ...SLOW, what: 'incident webhook deliveries' },
    );
    expect([...events].sort()).toEqual(['incident.created', 'incident.resolved']);
    // One email per timeline entry: the opening one, the two the alerts added, and the resolution.
    const mails = await eventually(async () => sink.to(subscriber.email).length >= final.updates.length && sink.to(subscriber.email), {
      ...SLOW,
      what: 'the subscriber emails',
    });
    const subjects = mails.map((m) => m.mail.subject);
    expect(subjects).toHaveLength(final.updates.length);
    expect(subjects[0]).toContain('Checkout is failing');
    expect(subjects.at(-1)).toBe('[Alerting] Resolved: Checkout is failing');
  });

  it('grouped: one notification with several alerts opens one incident listing all their components', async () => {
    const names = ['Grouped A', 'Grouped B', 'Grouped C'];
    const comps = await Promise.all(names.map((name) => createComponent(app, page.id, { name })));
    const alerts = names.map((name, i) =>
      firing({ alertname: 'Grouped', component: name, severity: 'critical', target: 'incidents' }, { summary: `Grouped outage ${i}` }, new Date(Date.now() - (3 - i) * 100)),
    );
    // Started less than group_wait ago: Alertmanager flushes a new group at once when its first
    // alert is older than group_wait, which could send the first alert before the other two arrive.
    await am.post(alerts);
    const opened = await eventually(async () => (await incidentsOf()).find((i: { name: string }) => i.name === 'Grouped outage 0'), SLOW);
    expect(opened.updates).toHaveLength(1);
    expect(opened.components.map((c: { componentId: string }) => c.componentId).sort()).toEqual(comps.map((c) => c.id).sort());
    await am.post(alerts.map(resolved));
    await eventually(
      async () => (await app.admin().get(`/api/v1/pages/${page.id}/incidents/${opened.id}`).expect(200)).body.status === 'resolved',
      SLOW,
    );
  });

  it('an update posted by someone meanwhile keeps the incident open when the alerts resolve', async () => {
    const queue = await createComponent(app, page.id, { name: 'Queue' });
    const alert = firing({ alertname: 'QueueBacklog', component: 'Queue', severity: 'critical', target: 'incidents' }, { summary: 'Queue backlog' });
    await am.post([alert]);
    const opened = await eventually(async () => (await incidentsOf()).find((i: { name: string }) => i.name === 'Queue backlog'), SLOW);
    await app
      .admin()
      .post(`/api/v1/pages/${page.id}/incidents/${opened.id}/updates`)
      .send({ status: 'identified', message: 'We found the slow consumer.' })
      .expect(201);
    await am.post([resolved(alert)]);
    const incident = async () => (await app.admin().get(`/api/v1/pages/${page.id}/incidents/${opened.id}`).expect(200)).body;
    await eventually(async () => (await incident()).components[0]?.status === 'operational', { ...SLOW, what: 'Queue operational in the incident' });
    const after = await incident();
    expect(after.status).toBe('identified');
    expect(after.updates).toHaveLength(3);
    expect(after.updates[2].message).toMatch(/stays open/);
    await statusIs(queue.id, 'operational');
  });

  it('a repeated notification changes nothing', async () => {
    const cache = await createComponent(app, page.id, { name: 'Cache' });
    const alert = firing({ alertname: 'CacheMiss', component: 'Cache', severity: 'warning', target: 'repeat' }, { summary: 'Cache misses' });
    await am.post([alert]);
    await statusIs(cache.id, 'degraded_performance');
    const first = am.delivered('repeat');
    // Alertmanager sends the same notification again every repeat_interval (1 s here).
    await eventually(async () => am.delivered('repeat') >= first + 3, { ...SLOW, what: 'three repeats' });
    const incidents = (await incidentsOf()).filter((i: { name: string }) => i.name === 'Cache misses');
    expect(incidents).toHaveLength(1);
    expect(incidents[0].updates).toHaveLength(1);
    expect(await component(cache.id)).toMatchObject({ automatedStatus: 'degraded_performance' });
    const history = await app.http().get(`/status/${page.slug}/api/v2/incidents.json`).expect(200);
    expect(history.body.incidents.filter((i: { name: string }) => i.name === 'Cache misses')).toHaveLength(1);
    await am.post([resolved(alert)]);
    await statusIs(cache.id, 'operational');
  });

  it('Alertmanager with a wrong token is refused (401) and its notifications change nothing', async () => {
    const edge = await createComponent(app, page.id, { name: 'Edge' });
    await am.post([firing({ alertname: 'EdgeDown', component: 'Edge', severity: 'critical', target: 'wrong-token' })]);
    await eventually(async () => am.failed('wrong-token') >= 1, { ...SLOW, what: 'a refused delivery' });
    expect(am.delivered('wrong-token')).toBe(0);
    expect(await publicStatus(edge.id)).toBe('operational');
  });
});
