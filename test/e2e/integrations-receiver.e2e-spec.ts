/*
 * The monitoring-integration receiver called directly (no Alertmanager): its
 * authentication, payload errors, a recorded Grafana payload, concurrent
 * notifications, and what deleting things does to automated statuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createComponent, createPage } from '../factories';
import { startApp, TestApp } from './harness';

describe('The receiver, called directly', () => {
  let app: TestApp;
  let page: { id: string; slug: string };
  let integration: { id: string; token: string };
  const receiver = () => `/api/v1/integrations/${integration.id}/alertmanager`;
  const post = (body: unknown, token = integration.token) =>
    app.http().post(receiver()).set('Authorization', `Bearer ${token}`).send(body as object);

  beforeAll(async () => {
    app = await startApp();
    page = await createPage(app, { name: 'Direct' });
    integration = (
      await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: 'Direct', incidents: 'open' }).expect(201)
    ).body;
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  const payload = (alerts: object[]) => ({ version: '4', status: 'firing', receiver: 'x', groupKey: '{}', alerts });
  const alert = (component: string, fingerprint: string, status = 'firing') => ({
    status,
    labels: { alertname: 'Direct', component, severity: 'critical' },
    annotations: { summary: `${component} broken` },
    startsAt: '2030-01-01T10:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint,
  });

  it('401 for a missing or wrong token, a token of another integration, or an unknown integration', async () => {
    const other = (await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: 'Other' }).expect(201)).body;
    await app.http().post(receiver()).send(payload([])).expect(401);
    await post(payload([]), 'wrong').expect(401);
    await post(payload([]), other.token).expect(401);
    const unknown = await app
      .http()
      .post('/api/v1/integrations/6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab/alertmanager')
      .set('Authorization', `Bearer ${integration.token}`)
      .send(payload([]))
      .expect(401);
    const wrong = await post(payload([]), 'wrong').expect(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    await app.http().post('/api/v1/integrations/not-a-uuid/alertmanager').set('Authorization', `Bearer ${integration.token}`).send({}).expect(401);
    // The root API key is not a receiver token.
    await app.admin().post(receiver()).send(payload([])).expect(401);
  });

  it('a malformed payload is a 400 naming the field; unknown fields are ignored', async () => {
    const res = await post({ version: '4', alerts: [{ status: 'burning', labels: { a: 1 }, fingerprint: 'f' }] }).expect(400);
    expect(res.body.message).toEqual(['alerts.0.status must be one of: firing, resolved', 'alerts.0.labels.a must be a string']);
    expect((await post({ alerts: [] }).expect(400)).body.message[0]).toMatch(/^version/);
    expect((await post({ ...payload([]), brandNewField: { x: [1] } }).expect(200)).body).toEqual({
      alerts: 0,
      matched: 0,
      unmatched: 0,
      changed: false,
    });
  });

  it("accepts a recorded Grafana payload (version 1 with Grafana's fields)", async () => {
    const grafana = JSON.parse(readFileSync(join(__dirname, '../../src/modules/integrations/fixtures/grafana-webhook.json'), 'utf8'));
    const zoned = (await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: 'Grafana', componentLabel: 'zone' }).expect(201)).body;
    const us = await createComponent(app, page.id, { name: 'us-1' });
    const res = await app.http().post(`/api/v1/integrations/${zoned.id}/alertmanager`).set('Authorization', `Bearer ${zoned.token}`).send(grafana).expect(200);
    expect(res.body).toEqual({ alerts: 2, matched: 1, unmatched: 1, changed: true });
    const summary = await app.http().get(`/status/${page.slug}/api/v2/summary.json`).expect(200);
    expect(summary.body.components.find((c: { id: string }) => c.id === us.id).status).toBe('partial_outage');
    const unmatched = await app.admin().get(`/api/v1/pages/${page.id}/integrations/${zoned.id}/unmatched-alerts`).expect(200);
    expect(unmatched.body.data.map((u: { fingerprint: string }) => u.fingerprint)).toEqual(['bc97ff14869b13e3']);
    // The same notification again: nothing changes.
    const again = await app.http().post(`/api/v1/integrations/${zoned.id}/alertmanager`).set('Authorization', `Bearer ${zoned.token}`).send(grafana).expect(200);
    expect(again.body.changed).toBe(false);
  });

  it('two notifications arriving at once open one incident', async () => {
    const [x, y] = await Promise.all([createComponent(app, page.id, { name: 'Race X' }), createComponent(app, page.id, { name: 'Race Y' })]);
    const results = await Promise.all([post(payload([alert('Race X', 'race-x')])), post(payload([alert('Race Y', 'race-y')]))]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const incidents = (await app.admin().get(`/api/v1/pages/${page.id}/incidents?perPage=100`).expect(200)).body.data.filter(
      (i: { name: string }) => i.name === 'Race X broken' || i.name === 'Race Y broken',
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0].components.map((c: { componentId: string }) => c.componentId).sort()).toEqual([x.id, y.id].sort());
    // One notification with both resolved resolves it.
    await post(payload([alert('Race X', 'race-x', 'resolved'), alert('Race Y', 'race-y', 'resolved')])).expect(200);
    const after = await app.admin().get(`/api/v1/pages/${page.id}/incidents/${incidents[0].id}`).expect(200);
    expect(after.body.status).toBe('resolved');
  });

  it('30 integrations notified at once all get their answer (each holds a database connection for its lock)', async () => {
    const c = await createComponent(app, page.id, { name: 'Shared by many' });
    const many = await Promise.all(
      Array.from({ length: 30 }, async (_, i) =>
        (await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: `Many ${i}` }).expect(201)).body as { id: string; token: string },
      ),
    );
    const answers = await Promise.all(
      many.map((m, i) =>
        app
          .http()
          .post(`/api/v1/integrations/${m.id}/alertmanager`)
          .set('Authorization', `Bearer ${m.token}`)
          .send(payload([alert('Shared by many', `many-${i}`)])),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(many.map(() => 200));
    expect((await app.admin().get(`/api/v1/pages/${page.id}/components/${c.id}`).expect(200)).body.automatedStatus).toBe('major_outage');
    for (const m of many) await app.admin().delete(`/api/v1/pages/${page.id}/integrations/${m.id}`).expect(204);
  });

  it('keeps the last 50 unmatched alerts, newest first', async () => {
    const own = (await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: 'Unmatched' }).expect(201)).body;
    const send = (alerts: object[]) =>
      app.http().post(`/api/v1/integrations/${own.id}/alertmanager`).set('Authorization', `Bearer ${own.token}`).send(payload(alerts)).expect(200);
    // 55 fingerprints, in three notifications; the last one also repeats an earlier alert.
    const names = Array.from({ length: 55 }, (_, i) => `nowhere-${String(i).padStart(2, '0')}`);
    await send(names.slice(0, 25).map((n) => alert(n, n)));
    await send(names.slice(25, 50).map((n) => alert(n, n)));
    expect((await send([...names.slice(50).map((n) => alert(n, n)), alert(names[30], names[30], 'resolved')])).body).toMatchObject({ matched: 0, unmatched: 6 });
    const listed = await app.admin().get(`/api/v1/pages/${page.id}/integrations/${own.id}/unmatched-alerts?perPage=100`).expect(200);
    expect(listed.body.meta.total).toBe(50);
    const fingerprints = listed.body.data.map((u: { fingerprint: string }) => u.fingerprint);
    expect(new Set(fingerprints).size).toBe(50);
    // The newest notification's alerts first; the five oldest are gone.
    expect(fingerprints.slice(0, 6).sort()).toEqual([...names.slice(50), names[30]].sort());
    expect(listed.body.data.find((u: { fingerprint: string }) => u.fingerprint === names[30]).status).toBe('resolved');
    for (const gone of names.slice(0, 5)) expect(fingerprints).not.toContain(gone);
  });

  it('deleting a component or the integration takes its automated status away', async () => {
    const own = (await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: 'Short-lived' }).expect(201)).body;
    const c = await createComponent(app, page.id, { name: 'Ephemeral' });
    const doomed = await createComponent(app, page.id, { name: 'Doomed' });
    const send = (alerts: object[]) =>
      app.http().post(`/api/v1/integrations/${own.id}/alertmanager`).set('Authorization', `Bearer ${own.token}`).send(payload(alerts)).expect(200);
    await send([alert('Ephemeral', 'eph'), alert('Doomed', 'doomed')]);
    expect((await app.admin().get(`/api/v1/pages/${page.id}/components/${c.id}`).expect(200)).body.automatedStatus).toBe('major_outage');
    const indicator = async () => (await app.http().get(`/status/${page.slug}/api/v2/status.json`).expect(200)).body.status.indicator;
    await app.admin().delete(`/api/v1/pages/${page.id}/components/${doomed.id}`).expect(204);
    // The deleted component's alert is gone with it: resolving it now names nothing.
    expect((await send([alert('Doomed', 'doomed', 'resolved')])).body).toMatchObject({ matched: 0, unmatched: 1 });
    expect(await indicator()).toBe('critical');
    await app.admin().delete(`/api/v1/pages/${page.id}/integrations/${own.id}`).expect(204);
    const after = await app.admin().get(`/api/v1/pages/${page.id}/components/${c.id}`).expect(200);
    expect(after.body).toMatchObject({ automatedStatus: null, effectiveStatus: 'operational' });
    expect(await indicator()).not.toBe('critical');
    await app.http().post(`/api/v1/integrations/${own.id}/alertmanager`).set('Authorization', `Bearer ${own.token}`).send(payload([])).expect(401);
  });
});
