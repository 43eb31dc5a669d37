/// <reference lib="dom" />
/*
 * The admin dashboard (/admin) in Debian's headless Chromium through playwright-core,
 * against the real service (its own database and queues), as a person on call would
 * use it: on a 375 px phone, with the keyboard alone, and checked with axe-core.
 * Needs the built app (`npm run build`, which `npm test` runs first).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page as Tab } from 'playwright-core';
import { createComponent, createGroup, createIncident, createMaintenanceSeries, createPage } from '../factories';
import { launchChromium } from './chromium';
import { eventually, ROOT_KEY, startApp, TestApp } from './harness';
import { SmtpSink } from './smtp-sink';
import { linksOf } from './subscriber-links';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const BUILT = join(ROOT, 'dist', 'admin', 'index.html');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let app: TestApp;
let browser: Browser;
/** Email is configured (SMTP_URL): subscribers get confirmation emails, received here. */
let sink: SmtpSink;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];

type Summary = {
  status: { indicator: string; description: string };
  components: Array<{ id: string; name: string; status: string }>;
  incidents: Array<{ id: string; name: string; status: string; incident_updates: Array<{ status: string; body: string }> }>;
};

async function summary(slug: string): Promise<Summary> {
  const res = await app.http().get(`/status/${slug}/api/v2/summary.json`).expect(200);
  return res.body as Summary;
}

async function get<T = Record<string, unknown>>(url: string): Promise<T> {
  return (await app.admin().get(url).expect(200)).body as T;
}

/** A tab signed in with `key` (the key put in session storage, as the sign-in screen does). */
async function open(path: string, { key = ROOT_KEY as string | null, viewport = PHONE } = {}): Promise<Tab> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  contexts.push(context);
  if (key) await context.addInitScript((k) => window.sessionStorage.setItem('statuspages.admin.apiKey', k), key);
  const tab = await context.newPage();
  tab.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await tab.goto(`${app.baseUrl}/admin${path}`);
  await tab.locator('main h1').first().waitFor();
  return tab;
}

async function heading(tab: Tab, name: string): Promise<void> {
  await tab.getByRole('heading', { level: 1, name }).waitFor();
}

async function overflow(tab: Tab): Promise<number> {
  return tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function screenshot(tab: Tab, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await tab.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const png = await tab.screenshot({ path: join(ARTIFACTS, `admin-${name}.png`), fullPage });
  expect(png.length).toBeGreaterThan(5_000);
}

/** axe-core's serious and critical violations on the current screen. */
async function axe(tab: Tab): Promise<string[]> {
  await tab.evaluate(AXE);
  const violations = await tab.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** The message shown beside a form field. */
function fieldError(tab: Tab, field: string) {
  return tab.locator(`[data-field="${field}"] .field-error`);
}

/** Presses Tab until the focused element matches, at most `max` times. */
async function tabTo(tab: Tab, predicate: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await tab.keyboard.press('Tab');
    if (await tab.evaluate(predicate)) return;
  }
  throw new Error(`Tab never reached ${predicate}`);
}

const focusedLabel = `(() => { const el = document.activeElement; return el && el.labels && el.labels[0] ? el.labels[0].textContent : (el ? el.textContent : ''); })()`;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error(`the admin dashboard is not built (${BUILT} is missing): run \`npm run build\` first`);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  sink = await SmtpSink.start();
  app = await startApp({ env: { WEBHOOK_RETRY_BASE_MS: '200', SMTP_URL: sink.url } });
  browser = await launchChromium();
}, 60_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sink?.stop();
  await new Promise((r) => receiver?.close(r));
});

describe('admin dashboard', () => {
  it('is served at /admin: index revalidated, hashed assets immutable, deep links, its own CSP, not in the OpenAPI document', async () => {
    const index = await app.http().get('/admin').expect(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const asset = await app.http().get(script!).set('accept-encoding', 'br').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    const deep = await app.http().get('/admin/pages/5d7e1c0a-0000-4000-8000-000000000000/incidents').expect(200);
    expect(deep.text).toBe(index.text);
    await app.http().get('/admin/assets/index-missing.js').expect(404);
    await app.http().post('/admin').expect(405);
    const spec = await app.http().get('/api/docs-json').expect(200);
    expect(Object.keys(spec.body.paths).filter((p) => p.startsWith('/admin'))).toEqual([]);
    const committed = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
    expect(Object.keys(committed.paths).filter((p) => p.startsWith('/admin'))).toEqual([]);
  });

  it('signs in with a pasted key (kept in session storage only), refuses a wrong one, signs out, and returns to sign-in on a 401', async () => {
    const tab = await open('/', { key: null });
    await heading(tab, 'Status admin');
    await screenshot(tab, 'sign-in-375');
    await tab.getByLabel('API key').fill('not-a-key');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await expect(fieldError(tab, 'apiKey').innerText()).resolves.toMatch(/not accepted/);
    await tab.getByLabel('API key').fill(ROOT_KEY);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await heading(tab, 'Pages');
    expect(await tab.evaluate(() => window.sessionStorage.getItem('statuspages.admin.apiKey'))).toBe(ROOT_KEY);
    expect(await tab.evaluate(() => window.localStorage.length)).toBe(0);
    expect(await tab.evaluate(() => document.cookie)).toBe('');
    await tab.reload();
    await heading(tab, 'Pages'); // still signed in within the tab
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await heading(tab, 'Status admin');
    expect(await tab.evaluate(() => window.sessionStorage.getItem('statuspages.admin.apiKey'))).toBeNull();

    // A key revoked while signed in: the next call answers 401 and the sign-in screen comes back.
    const page = await createPage(app, { name: 'Revocation test' });
    const created = await app.admin().post('/api/v1/api-keys').send({ name: 'short-lived', pageIds: [page.id] }).expect(201);
    const scoped = await open(`/pages/${page.id}`, { key: created.body.key });
    await heading(scoped, 'Components');
    await app.admin().delete(`/api/v1/api-keys/${created.body.id}`).expect(204);
    await scoped.getByRole('link', { name: 'Incidents', exact: true }).click();
    await heading(scoped, 'Status admin');
    await expect(scoped.getByRole('alert').first().innerText()).resolves.toMatch(/session ended/);
  }, 30_000);

  it('creates a page with a group and components, sets a status in one tap, orders and moves components', async () => {
    const tab = await open('/');
    await tab.getByRole('link', { name: 'New page' }).click();
    await heading(tab, 'New page');
    await tab.getByLabel('Name', { exact: true }).fill('Acme Cloud');
    expect(await tab.getByLabel('Slug').inputValue()).toBe('acme-cloud');
    await tab.getByLabel('Time zone').selectOption('America/New_York');
    await tab.getByRole('button', { name: 'Create page' }).click();
    await heading(tab, 'Components');
    const pages = await get<{ data: Array<{ id: string; slug: string; timeZone: string; isPublic: boolean }> }>('/api/v1/pages?perPage=100');
    const page = pages.data.find((p) => p.slug === 'acme-cloud')!;
    expect(page).toMatchObject({ timeZone: 'America/New_York', isPublic: true });

    await tab.getByLabel('Group name').fill('Core platform');
    await tab.getByRole('button', { name: 'Add group' }).click();
    await tab.getByRole('heading', { name: 'Core platform' }).waitFor();
    for (const [name, group] of [
      ['Public API', 'Core platform'],
      ['Dashboard', 'Core platform'],
      ['Email delivery', 'No group'],
    ]) {
      await tab.getByLabel('Component name').fill(name);
      await tab.getByLabel('Group', { exact: true }).selectOption({ label: group });
      await tab.getByRole('button', { name: 'Add component' }).click();
      await tab.locator(`[data-component="${name}"]`).waitFor();
    }
    const groups = await get<{ data: Array<{ id: string; name: string; componentIds: string[] }> }>(`/api/v1/pages/${page.id}/component-groups`);
    expect(groups.data).toHaveLength(1);
    const components = await get<{ data: Array<{ id: string; name: string; groupId: string | null; position: number }> }>(`/api/v1/pages/${page.id}/components`);
    const byName = Object.fromEntries(components.data.map((c) => [c.name, c]));
    expect(byName['Public API'].groupId).toBe(groups.data[0].id);
    expect(byName['Dashboard'].groupId).toBe(groups.data[0].id);
    expect(byName['Email delivery'].groupId).toBeNull();
    expect(groups.data[0].componentIds).toEqual([byName['Public API'].id, byName['Dashboard'].id]);

    // One tap: Email delivery degraded, on the public page at once.
    await tab.getByRole('group', { name: 'Status of Email delivery' }).getByRole('button', { name: 'Degraded performance', exact: true }).click();
    await eventually(async () => (await summary(page.slug)).components.find((c) => c.name === 'Email delivery')?.status === 'degraded_performance', {
      what: 'Email delivery degraded on the public page',
    });
    await tab.getByRole('region', { name: 'Current page' }).getByText('Minor Service Outage').waitFor();
    await screenshot(tab, 'components-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);
    await tab.getByRole('group', { name: 'Status of Email delivery' }).getByRole('button', { name: 'Operational', exact: true }).click();
    await tab.getByRole('region', { name: 'Current page' }).getByText('All Systems Operational').waitFor();

    // Order: Dashboard up, above Public API.
    await tab.getByRole('button', { name: 'Up (Dashboard)' }).click();
    await eventually(async () => {
      const g = await get<{ componentIds: string[] }>(`/api/v1/pages/${page.id}/component-groups/${groups.data[0].id}`);
      return g.componentIds[0] === byName['Dashboard'].id;
    }, { what: 'Dashboard first in its group' });
    // Move between groups: Email delivery into Core platform.
    await tab.getByRole('button', { name: 'Edit Email delivery' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Edit Email delivery' });
    await dialog.getByLabel('Group', { exact: true }).selectOption({ label: 'Core platform' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(async () => (await get<{ groupId: string | null }>(`/api/v1/pages/${page.id}/components/${byName['Email delivery'].id}`)).groupId === groups.data[0].id, {
      what: 'Email delivery moved into Core platform',
    });
  }, 45_000);

  it('opens an incident that degrades a component, posts an update, resolves it, and the public page follows each step', async () => {
    const page = await createPage(app, { name: 'Incident page', timeZone: 'Asia/Tokyo' });
    const api = await createComponent(app, page.id, { name: 'Public API' });
    await createComponent(app, page.id, { name: 'Dashboard' });
    const tab = await open(`/pages/${page.id}`);
    await tab.getByRole('link', { name: 'Open incident' }).click();
    await heading(tab, 'Open incident');
    await tab.getByLabel('Title').fill('Elevated API errors');
    await tab.getByLabel('Impact').selectOption('major');
    await tab.getByLabel('Message').fill('We are investigating errors on the API.');
    await tab.getByLabel('Public API', { exact: true }).selectOption('partial_outage');
    await screenshot(tab, 'incident-new-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);
    await tab.getByRole('button', { name: 'Open incident' }).click();
    await heading(tab, 'Elevated API errors');

    let s = await summary(page.slug);
    expect(s.components.find((c) => c.id === api.id)?.status).toBe('partial_outage');
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0]).toMatchObject({ name: 'Elevated API errors', status: 'investigating' });
    await tab.getByRole('region', { name: 'Current page' }).getByText('Partial System Outage').waitFor();

    // An update that changes the status and the component.
    await tab.getByLabel('New status').selectOption('identified');
    await tab.getByLabel('Message').fill('A bad deploy; rolling back.');
    await tab.getByLabel('Public API', { exact: true }).selectOption('major_outage');
    await tab.getByRole('button', { name: 'Post update' }).click();
    await tab.getByRole('status').getByText('Update posted: Identified.').waitFor();
    s = await summary(page.slug);
    expect(s.components.find((c) => c.id === api.id)?.status).toBe('major_outage');
    expect(s.incidents[0].status).toBe('identified');
    expect(s.incidents[0].incident_updates.map((u) => u.status)).toEqual(['identified', 'investigating']);
    await tab.getByRole('region', { name: 'Current page' }).getByText('Major System Outage').waitFor();
    await screenshot(tab, 'incident-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);

    // Resolve: the preset fills status and message; components go back to operational.
    await tab.getByRole('button', { name: 'Resolve…' }).click();
    expect(await tab.getByLabel('New status').inputValue()).toBe('resolved');
    expect(await tab.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)).toBe('This incident has been resolved.');
    await tab.getByRole('button', { name: 'Post and resolve' }).click();
    await tab.getByRole('status').getByText('Update posted: Resolved.').waitFor();
    s = await summary(page.slug);
    expect(s.incidents).toHaveLength(0);
    expect(s.components.find((c) => c.id === api.id)?.status).toBe('operational');
    expect(s.status.indicator).toBe('none');
    await tab.getByRole('region', { name: 'Current page' }).getByText('All Systems Operational').waitFor();

    // Postmortem, once resolved.
    await tab.getByRole('button', { name: 'Write postmortem…' }).click();
    await tab.getByLabel('Postmortem').fill('Root cause: a config change without a canary.');
    await tab.getByRole('button', { name: 'Post update' }).click();
    await tab.getByRole('status').getByText('Update posted: Postmortem.').waitFor();
    const incidents = await get<{ data: Array<{ id: string; status: string; updates: unknown[] }> }>(`/api/v1/pages/${page.id}/incidents`);
    expect(incidents.data[0]).toMatchObject({ status: 'postmortem' });
    expect(incidents.data[0].updates).toHaveLength(4);
  }, 45_000);

  it('backfills a past incident with its start in the page zone, and deletes an incident only after confirmation', async () => {
    const page = await createPage(app, { name: 'Backfill page', timeZone: 'Europe/Berlin' });
    const tab = await open(`/pages/${page.id}/incidents/new`);
    await tab.getByLabel('Title').fill('Night-time outage');
    await tab.getByLabel('Status').selectOption('resolved');
    await tab.getByLabel('Message').fill('Resolved after a restart.');
    await tab.getByLabel('It started earlier: backfill a past incident').check();
    await tab.getByLabel('Started at (Europe/Berlin)').fill('2026-01-15T03:30');
    await tab.getByRole('button', { name: 'Record incident' }).click();
    await heading(tab, 'Night-time outage');
    const list = await get<{ data: Array<{ id: string; startedAt: string; status: string }> }>(`/api/v1/pages/${page.id}/incidents`);
    expect(list.data[0]).toMatchObject({ startedAt: '2026-01-15T02:30:00.000Z', status: 'resolved' }); // CET = UTC+1
    await expect(tab.locator('.facts').innerText()).resolves.toMatch(/15 Jan 2026, 03:30 CET · 02:30 UTC/);

    await tab.getByRole('button', { name: 'Delete incident…' }).click();
    const ask = tab.getByRole('alertdialog', { name: 'Delete “Night-time outage”?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'hidden' });
    await app.admin().get(`/api/v1/pages/${page.id}/incidents/${list.data[0].id}`).expect(200);
    await tab.getByRole('button', { name: 'Delete incident…' }).click();
    await ask.getByRole('button', { name: 'Delete incident' }).click();
    await heading(tab, 'Incidents');
    await app.admin().get(`/api/v1/pages/${page.id}/incidents/${list.data[0].id}`).expect(404);
  }, 30_000);

  it('schedules a maintenance in Europe/Berlin time, stores UTC, shows both, reschedules, starts and completes it; a 400 shows beside its field', async () => {
    const page = await createPage(app, { name: 'Berlin page', timeZone: 'Europe/Berlin' });
    const db = await createComponent(app, page.id, { name: 'Database' });
    const tab = await open(`/pages/${page.id}/maintenances/new`);
    await tab.getByLabel('Title').fill('Database upgrade');
    await tab.getByLabel('Starts (Europe/Berlin)').fill('2031-07-01T10:00');
    await tab.getByLabel('Ends (Europe/Berlin)').fill('2031-07-01T09:00');
    await tab.getByLabel('Database', { exact: true }).check();
    await tab.getByRole('button', { name: 'Schedule' }).click();
    // The API's 400 beside the field it names.
    await expect(fieldError(tab, 'scheduledEnd').innerText()).resolves.toMatch(/ScheduledEnd must be after scheduledStart/);
    expect(await tab.getByLabel('Ends (Europe/Berlin)').getAttribute('aria-invalid')).toBe('true');
    await screenshot(tab, 'maintenance-error-375');
    await tab.getByLabel('Ends (Europe/Berlin)').fill('2031-07-01T12:00');
    await expect(tab.locator('[data-field="scheduledStart"] .converted').innerText()).resolves.toBe('Tue, 1 Jul 2031, 10:00 CEST = Tue, 1 Jul 2031, 08:00 UTC');
    await tab.getByRole('button', { name: 'Schedule' }).click();
    await heading(tab, 'Database upgrade');
    const [m] = (await get<{ data: Array<{ id: string; scheduledStart: string; scheduledEnd: string; componentIds: string[] }> }>(`/api/v1/pages/${page.id}/maintenances`)).data;
    expect(m).toMatchObject({ scheduledStart: '2031-07-01T08:00:00.000Z', scheduledEnd: '2031-07-01T10:00:00.000Z', componentIds: [db.id] });
    await expect(tab.getByTestId('scheduled-start').innerText()).resolves.toBe('Tue, 1 Jul 2031, 10:00 CEST · 08:00 UTC');

    // Reschedule into winter time (CET, UTC+1).
    await tab.getByRole('button', { name: 'Reschedule or edit' }).click();
    expect(await tab.getByLabel('Starts (Europe/Berlin)').inputValue()).toBe('2031-07-01T10:00');
    await tab.getByLabel('Starts (Europe/Berlin)').fill('2031-12-02T22:00');
    await tab.getByLabel('Ends (Europe/Berlin)').fill('2031-12-03T00:30');
    await tab.getByRole('button', { name: 'Save changes' }).click();
    await tab.getByRole('status').getByText('Maintenance saved.').waitFor();
    const moved = await get<{ scheduledStart: string; scheduledEnd: string }>(`/api/v1/pages/${page.id}/maintenances/${m.id}`);
    expect(moved).toMatchObject({ scheduledStart: '2031-12-02T21:00:00.000Z', scheduledEnd: '2031-12-02T23:30:00.000Z' });
    await expect(tab.getByTestId('scheduled-end').innerText()).resolves.toBe('Wed, 3 Dec 2031, 00:30 CET · Tue, 2 Dec 2031, 23:30 UTC');
    await screenshot(tab, 'maintenance-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);

    await tab.getByRole('button', { name: 'Start now' }).click();
    await tab.getByRole('button', { name: 'Complete' }).waitFor();
    expect((await summary(page.slug)).components.find((c) => c.id === db.id)?.status).toBe('under_maintenance');
    await tab.getByLabel('Message').fill('Half of the nodes are done.');
    await tab.getByRole('button', { name: 'Post update' }).click();
    await tab.getByRole('status').getByText('Update posted.').waitFor();
    await tab.getByRole('button', { name: 'Complete' }).click();
    await tab.locator('.meta-row').getByText('Completed').first().waitFor();
    const done = await get<{ status: string; updates: Array<{ message: string }> }>(`/api/v1/pages/${page.id}/maintenances/${m.id}`);
    expect(done.status).toBe('completed');
    expect(done.updates.map((u) => u.message)).toContain('Half of the nodes are done.');
    expect((await summary(page.slug)).components.find((c) => c.id === db.id)?.status).toBe('operational');
  }, 45_000);

  it('cancels a scheduled maintenance only after confirming', async () => {
    const page = await createPage(app, { name: 'Cancel page' });
    const created = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/maintenances`)
      .send({ title: 'Network change', scheduledStart: '2031-03-01T10:00:00.000Z', scheduledEnd: '2031-03-01T11:00:00.000Z' })
      .expect(201);
    const tab = await open(`/pages/${page.id}/maintenances/${created.body.id}`);
    await tab.getByRole('button', { name: 'Cancel maintenance…' }).click();
    const ask = tab.getByRole('alertdialog', { name: 'Cancel “Network change”?' });
    await ask.getByLabel('Message (optional)').fill('Postponed to next quarter.');
    await ask.getByRole('button', { name: 'Cancel maintenance' }).click();
    await ask.waitFor({ state: 'hidden' });
    const m = await get<{ status: string; updates: Array<{ message: string }> }>(`/api/v1/pages/${page.id}/maintenances/${created.body.id}`);
    expect(m.status).toBe('cancelled');
    expect(m.updates.at(-1)?.message).toBe('Postponed to next quarter.');
  }, 30_000);

  it('creates a webhook, shows its secret exactly once with a copy button, and lists its deliveries', async () => {
    const page = await createPage(app, { name: 'Webhook page' });
    const tab = await open(`/pages/${page.id}/webhooks`);
    await tab.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    await tab.getByLabel('URL').fill(receiverUrl);
    await tab.getByRole('button', { name: 'Create webhook' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Webhook signing secret' });
    const secret = await dialog.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await screenshot(tab, 'webhook-secret-375', { fullPage: false });
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await tab.content()).not.toContain(secret);
    const [webhook] = (await get<{ data: Array<{ id: string; url: string }> }>(`/api/v1/pages/${page.id}/webhooks`)).data;
    expect(webhook.url).toBe(receiverUrl);
    expect(JSON.stringify(await get(`/api/v1/pages/${page.id}/webhooks/${webhook.id}`))).not.toContain(secret);

    // Something happens; the delivery shows in the log, and the secret is nowhere on screen.
    await createIncident(app, page.id, { name: 'Webhook trigger' });
    await eventually(async () => received.some((r) => r.body.includes('Webhook trigger')), { what: 'the webhook delivery' });
    await tab.getByRole('link', { name: `Deliveries of ${receiverUrl}` }).click();
    await heading(tab, 'Deliveries');
    await eventually(
      async () => {
        await tab.getByRole('button', { name: 'Refresh' }).click();
        return (await tab.getByRole('list', { name: 'Delivery attempts' }).innerText()).includes('incident.created');
      },
      { what: 'the delivery in the log', intervalMs: 300 },
    );
    await expect(tab.getByRole('list', { name: 'Delivery attempts' }).innerText()).resolves.toMatch(/200/);
    expect(await tab.content()).not.toContain(secret);
    await screenshot(tab, 'webhook-deliveries-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);

    await tab.getByRole('button', { name: 'Delete webhook…' }).click();
    await tab.getByRole('alertdialog').getByRole('button', { name: 'Delete webhook' }).click();
    await heading(tab, 'Webhooks');
    await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${webhook.id}`).expect(404);
  }, 45_000);

  it('creates a weekly series in Europe/Berlin time through the form (a 400 beside the rule first), edits it, and ends it only after confirming', async () => {
    const page = await createPage(app, { name: 'Recurring page', timeZone: 'Europe/Berlin' });
    const db = await createComponent(app, page.id, { name: 'Database' });
    // The next Sunday at least two days ahead; 03:00 there is 02:00 UTC in winter (CET) and 01:00 UTC in summer (CEST).
    const sunday = new Date(Date.now() + 2 * 86_400_000);
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7));
    const date = sunday.toISOString().slice(0, 10);
    const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    const offsetHours = [1, 2].find((h) => berlin.format(Date.parse(`${date}T03:00:00Z`) - h * 3_600_000) === `${date} 03:00`)!;
    const utcHour = 3 - offsetHours;
    const zoneName = offsetHours === 1 ? 'CET' : 'CEST';
    const tab = await open(`/pages/${page.id}/maintenances`);
    await tab.getByRole('button', { name: 'Recurring' }).click();
    await tab.getByRole('heading', { level: 2, name: 'Recurring series' }).waitFor();
    expect(await tab.getByRole('button', { name: 'Recurring' }).getAttribute('aria-pressed')).toBe('true');
    await tab.getByRole('link', { name: 'New recurring series' }).click();
    await heading(tab, 'New recurring maintenance');
    expect(await tab.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin'); // the page's zone by default

    await tab.getByLabel('Title').fill('Weekly database patching');
    await tab.getByLabel('First start (Europe/Berlin)').fill(`${date}T03:00`);
    // A rule typed by hand that the API refuses: its 400 shows beside the rule field.
    await tab.getByLabel('Rule (RFC 5545 RRULE)').fill('FREQ=HOURLY');
    expect(await tab.getByLabel('Frequency').inputValue()).toBe('custom');
    await tab.getByRole('button', { name: 'Create series' }).click();
    await expect(fieldError(tab, 'rrule').innerText()).resolves.toMatch(/FREQ=HOURLY is refused/);
    expect(await tab.getByLabel('Rule (RFC 5545 RRULE)').getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(tab, 'title').count()).toBe(0);
    // Daily, but each one lasts longer than a day: the 400 names the duration, beside it (and the rule's error is gone).
    await tab.getByLabel('Frequency').selectOption('DAILY');
    await tab.getByLabel('Duration (minutes)').fill('2000');
    expect(await tab.getByLabel('Rule (RFC 5545 RRULE)').inputValue()).toBe('FREQ=DAILY');
    await tab.getByRole('button', { name: 'Create series' }).click();
    await expect(fieldError(tab, 'durationMinutes').innerText()).resolves.toMatch(/2000 minutes would make occurrences overlap/);
    expect(await tab.getByLabel('Duration (minutes)').getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(tab, 'rrule').count()).toBe(0);
    await screenshot(tab, 'series-error-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);

    await tab.getByLabel('Frequency').selectOption('WEEKLY');
    // The weekday from the keyboard: Tab from Saturday to Sunday, Space ticks it.
    await tab.getByLabel('Saturday').focus();
    await tab.keyboard.press('Tab');
    expect(await tab.evaluate(focusedLabel)).toBe('Sunday');
    await tab.keyboard.press('Space');
    expect(await tab.getByLabel('Sunday').isChecked()).toBe(true);
    await tab.getByLabel('Ends').selectOption('count');
    await tab.getByLabel('Number of occurrences').fill('8');
    await tab.getByLabel('Duration (minutes)').fill('90');
    await tab.getByLabel('Database', { exact: true }).check();
    expect(await tab.getByLabel('Rule (RFC 5545 RRULE)').inputValue()).toBe('FREQ=WEEKLY;BYDAY=SU;COUNT=8');
    await tab.getByRole('button', { name: 'Create series' }).click();
    await heading(tab, 'Weekly database patching');

    const [series] = (await get<{ data: Array<{ id: string; timeZone: string; firstStart: string; rrule: string; durationMinutes: number; componentIds: string[] }> }>(
      `/api/v1/pages/${page.id}/maintenance-series`,
    )).data;
    expect(series).toMatchObject({ timeZone: 'Europe/Berlin', firstStart: `${date}T03:00`, rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=8', durationMinutes: 90, componentIds: [db.id] });
    // The occurrences are stored windows with the series' id, at 03:00 Berlin time.
    const at = (minutes: number) => new Date(Date.parse(`${date}T0${utcHour}:00:00.000Z`) + minutes * 60_000).toISOString();
    const startUtc = at(0);
    type Window = { id: string; seriesId: string | null; scheduledStart: string; scheduledEnd: string; status: string };
    const windows = await eventually(async () => {
      const list = await get<{ data: Window[] }>(`/api/v1/pages/${page.id}/maintenances?when=upcoming&perPage=100`);
      const mine = list.data.filter((m) => m.seriesId === series.id);
      return mine.length > 0 && mine;
    }, { what: 'the series’ stored occurrences' });
    expect(windows[0]).toMatchObject({ scheduledStart: startUtc, scheduledEnd: at(90), status: 'scheduled' });
    expect(windows.length).toBeGreaterThanOrEqual(2);
    for (const w of windows) expect(new Date(w.scheduledStart).getUTCDay()).toBe(0);

    // The detail shows the rule in words and the next occurrences in the page's zone and UTC.
    await expect(tab.getByTestId('series-rule').innerText()).resolves.toMatch(/^Every week on Sunday, 8 times/);
    const next = tab.getByRole('list', { name: 'Next occurrences' }).getByRole('listitem');
    await next.first().waitFor();
    await expect(next.first().innerText()).resolves.toContain(`03:00 ${zoneName} · 0${utcHour}:00 UTC`);
    await tab.getByRole('list', { name: 'Scheduled windows' }).getByRole('listitem').first().waitFor();
    await screenshot(tab, 'series-detail-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);

    // Edit: two hours instead of 90 minutes; the future windows follow.
    await tab.getByRole('button', { name: 'Edit series' }).click();
    expect(await tab.getByLabel('Rule (RFC 5545 RRULE)').inputValue()).toBe('FREQ=WEEKLY;BYDAY=SU;COUNT=8');
    expect(await tab.getByLabel('Sunday').isChecked()).toBe(true);
    await tab.getByLabel('Duration (minutes)').fill('120');
    await tab.getByRole('button', { name: 'Save changes' }).click();
    await tab.getByRole('status').getByText('Series saved; its future windows follow.').waitFor();
    expect((await get<{ durationMinutes: number }>(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`)).durationMinutes).toBe(120);
    await eventually(async () => {
      const list = await get<{ data: Window[] }>(`/api/v1/pages/${page.id}/maintenances?when=upcoming&perPage=100`);
      const first = list.data.find((m) => m.seriesId === series.id && m.scheduledStart === startUtc);
      return first?.scheduledEnd === at(120);
    }, { what: 'the first window two hours long' });

    // End it: Cancel first changes nothing; confirming cancels the future windows.
    await tab.getByRole('button', { name: 'End series…' }).click();
    const ask = tab.getByRole('alertdialog', { name: 'End “Weekly database patching”?' });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'hidden' });
    await app.admin().get(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).expect(200);
    await tab.getByRole('button', { name: 'End series…' }).click();
    await ask.getByRole('button', { name: 'End series' }).click();
    await tab.getByRole('heading', { level: 2, name: 'Recurring series' }).waitFor();
    await app.admin().get(`/api/v1/pages/${page.id}/maintenance-series/${series.id}`).expect(404);
    expect((await get<Window>(`/api/v1/pages/${page.id}/maintenances/${windows[0].id}`)).status).toBe('cancelled');
  }, 60_000);

  it('creates an Alertmanager integration (a 400 beside its field first), shows its token once, and lists an alert that named no component', async () => {
    const page = await createPage(app, { name: 'Alerting page', timeZone: 'America/New_York' });
    const checkout = await createComponent(app, page.id, { name: 'Checkout API' });
    const tab = await open(`/pages/${page.id}/integrations`);
    await tab.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    await tab.getByLabel('Name').fill('Production Alertmanager');
    await tab.getByLabel('Component label').fill('service name');
    await tab.getByRole('button', { name: 'Create integration' }).click();
    await expect(fieldError(tab, 'componentLabel').innerText()).resolves.toMatch(/^ComponentLabel must be a label name/);
    expect(await tab.getByLabel('Component label').getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(tab, 'name').count()).toBe(0);
    await screenshot(tab, 'integration-error-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);

    await tab.getByLabel('Component label').fill('service');
    await tab.getByRole('button', { name: 'Add a severity' }).click();
    await tab.getByLabel('Severity 3', { exact: true }).fill('page');
    await tab.getByLabel('Sets (severity 3)').selectOption('major_outage');
    await tab.getByLabel('Sets (severity 2)').selectOption('partial_outage'); // warning
    await tab.getByLabel('Open incidents').selectOption('open');
    await tab.getByRole('button', { name: 'Create integration' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Receiver URL and token' });
    const token = await dialog.getByLabel('Bearer token').inputValue();
    expect(token.length).toBeGreaterThan(20);
    const url = await dialog.getByLabel('Receiver URL').inputValue();
    const [integration] = (await get<{ data: Array<{ id: string; name: string; kind: string; componentLabel: string; incidents: string; statusBySeverity: Record<string, string> }> }>(
      `/api/v1/pages/${page.id}/integrations`,
    )).data;
    expect(url).toBe(`${app.baseUrl}/api/v1/integrations/${integration.id}/alertmanager`);
    expect(integration).toMatchObject({
      name: 'Production Alertmanager',
      kind: 'alertmanager',
      componentLabel: 'service',
      incidents: 'open',
      statusBySeverity: { critical: 'major_outage', warning: 'partial_outage', page: 'major_outage' },
    });
    await screenshot(tab, 'integration-token-375', { fullPage: false });
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await tab.content()).not.toContain(token);
    expect(JSON.stringify(await get(`/api/v1/pages/${page.id}/integrations/${integration.id}`))).not.toContain(token);

    // The token shown is the receiver's: one alert for the component, one naming none.
    const alert = (fingerprint: string, service: string, summary: string) => ({
      status: 'firing',
      labels: { alertname: 'HighErrorRate', service, severity: 'warning' },
      annotations: { summary },
      startsAt: new Date().toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint,
    });
    const receipt = await app
      .http()
      .post(new URL(url).pathname)
      .set('authorization', `Bearer ${token}`)
      .send({ version: '4', status: 'firing', alerts: [alert('f1', 'Checkout API', 'Checkout errors'), alert('f2', 'billing', 'Billing queue stuck')] })
      .expect(200);
    expect(receipt.body).toMatchObject({ alerts: 2, matched: 1, unmatched: 1 });
    expect((await get<{ automatedStatus: string | null }>(`/api/v1/pages/${page.id}/components/${checkout.id}`)).automatedStatus).toBe('partial_outage');

    await tab.getByRole('link', { name: 'Settings and alerts of Production Alertmanager' }).click();
    await heading(tab, 'Production Alertmanager');
    expect(await tab.getByLabel('Receiver URL').inputValue()).toBe(url);
    const unmatched = tab.getByRole('list', { name: 'Unmatched alerts' });
    await unmatched.getByText('Billing queue stuck').waitFor();
    await expect(unmatched.innerText()).resolves.toMatch(/service=billing/);
    expect(await unmatched.getByText('Checkout errors').count()).toBe(0);
    expect(await tab.content()).not.toContain(token);
    await screenshot(tab, 'integration-detail-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);

    // Edit, then delete after confirming: the receiver then refuses the token.
    await tab.getByRole('button', { name: 'Edit settings' }).click();
    await tab.getByLabel('Name').fill('Prod Alertmanager (EU)');
    await tab.getByRole('button', { name: 'Save changes' }).click();
    await tab.getByRole('status').getByText('Integration saved.').waitFor();
    expect((await get<{ name: string }>(`/api/v1/pages/${page.id}/integrations/${integration.id}`)).name).toBe('Prod Alertmanager (EU)');
    await tab.getByRole('button', { name: 'Delete integration…' }).click();
    await tab.getByRole('alertdialog').getByRole('button', { name: 'Delete integration' }).click();
    await heading(tab, 'Integrations');
    await app.admin().get(`/api/v1/pages/${page.id}/integrations/${integration.id}`).expect(404);
    await app.http().post(new URL(url).pathname).set('authorization', `Bearer ${token}`).send({ version: '4', alerts: [] }).expect(401);
  }, 60_000);

  it('creates a page-scoped key (secret shown once); that key sees only its page and no root-only screens', async () => {
    const mine = await createPage(app, { name: 'Team page' });
    const other = await createPage(app, { name: 'Someone else’s page' });
    const tab = await open('/api-keys');
    await tab.getByLabel('Key name').fill('Team key');
    await tab.getByLabel('Team page', { exact: true }).check();
    await tab.getByRole('button', { name: 'Create key' }).click();
    const dialog = tab.getByRole('dialog', { name: 'New API key' });
    const key = await dialog.getByLabel('API key').inputValue();
    expect(key.length).toBeGreaterThan(20);
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await tab.content()).not.toContain(key);
    await tab.getByRole('list', { name: 'API keys' }).locator('.card-title', { hasText: 'Team key' }).waitFor();

    const scoped = await open('/', { key });
    await scoped.getByRole('link', { name: 'Team page' }).waitFor();
    const names = await scoped.getByRole('list', { name: 'Pages' }).locator('.card-title').allInnerTexts();
    expect(names).toEqual(['Team page']);
    expect(await scoped.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    expect(await scoped.getByRole('link', { name: 'New page' }).count()).toBe(0);
    await scoped.goto(`${app.baseUrl}/admin/pages/${other.id}`);
    await heading(scoped, 'Not found');
    await scoped.goto(`${app.baseUrl}/admin/api-keys`);
    await heading(scoped, 'Not found');
    await scoped.goto(`${app.baseUrl}/admin/pages/${mine.id}/settings`);
    await heading(scoped, 'Settings');
    expect(await scoped.getByLabel('Domain').count()).toBe(0); // the root key alone sets domains
  }, 30_000);

  it('shows a 400 and a 409 beside the field they name', async () => {
    await createPage(app, { slug: 'taken-slug', name: 'Taken' });
    const tab = await open('/pages/new');
    await tab.getByLabel('Name', { exact: true }).fill('Broken');
    await tab.getByLabel('Slug').fill('Bad Slug!');
    await tab.getByRole('button', { name: 'Create page' }).click();
    await expect(fieldError(tab, 'slug').innerText()).resolves.toMatch(/^Slug must/);
    expect(await tab.getByLabel('Slug').getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await tab.getByLabel('Slug').getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain(await fieldError(tab, 'slug').getAttribute('id'));
    expect(await fieldError(tab, 'name').count()).toBe(0);
    await screenshot(tab, 'field-error-375');
    await tab.getByLabel('Slug').fill('taken-slug');
    await tab.getByRole('button', { name: 'Create page' }).click();
    await expect(fieldError(tab, 'slug').innerText()).resolves.toMatch(/slug is already taken/i);
  }, 30_000);

  it('posts an incident update with the keyboard alone, with focus visible, and a dialog that traps focus and closes with Escape', async () => {
    const page = await createPage(app, { name: 'Keyboard page' });
    const api = await createComponent(app, page.id, { name: 'Checkout' });
    const incident = await createIncident(app, page.id, { name: 'Slow checkout', components: [{ componentId: api.id, status: 'degraded_performance' }] });
    const tab = await open(`/pages/${page.id}/incidents/${incident.id}`, { viewport: DESKTOP });
    await heading(tab, 'Slow checkout');

    await tabTo(tab, `${focusedLabel} === 'New status'`);
    const outline = await tab.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await tab.keyboard.press('m'); // Monitoring
    expect(await tab.getByLabel('New status').inputValue()).toBe('monitoring');
    await tab.keyboard.press('Tab');
    expect(await tab.evaluate(focusedLabel)).toBe('Message');
    await tab.keyboard.type('A fix is out; we are watching.');
    await tabTo(tab, `document.activeElement.textContent === 'Post update'`);
    await tab.keyboard.press('Enter');
    await tab.getByRole('status').getByText('Update posted: Monitoring.').waitFor();
    const after = await get<{ status: string; updates: Array<{ message: string }> }>(`/api/v1/pages/${page.id}/incidents/${incident.id}`);
    expect(after.status).toBe('monitoring');
    expect(after.updates.at(-1)?.message).toBe('A fix is out; we are watching.');

    // The delete dialog: opened from the keyboard, focus stays inside, Escape closes it and nothing is deleted.
    await tabTo(tab, `document.activeElement.textContent === 'Delete incident…'`);
    await tab.keyboard.press('Enter');
    const ask = tab.getByRole('alertdialog');
    await ask.waitFor();
    expect(await tab.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    for (let i = 0; i < 6; i++) {
      await tab.keyboard.press('Tab');
      const inside = await tab.evaluate(() => {
        const el = document.activeElement;
        return !el || el === document.body || Boolean(el.closest('dialog[open]'));
      });
      expect(inside).toBe(true);
    }
    await tab.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    expect(await tab.evaluate(() => document.activeElement?.textContent)).toBe('Delete incident…');
    await app.admin().get(`/api/v1/pages/${page.id}/incidents/${incident.id}`).expect(200);
  }, 30_000);

  it('adds a subscriber following one component: pending, a confirmation email, its emails listed, resent; a 400 and a duplicate address’s 409 show beside the email field', async () => {
    const page = await createPage(app, { name: 'Mailing page', timeZone: 'Europe/Berlin' });
    const publicApi = await createComponent(app, page.id, { name: 'Public API' });
    await createComponent(app, page.id, { name: 'Dashboard' });
    const email = `ada-${Date.now().toString(36)}@example.com`;
    const tab = await open(`/pages/${page.id}`);
    await tab.getByRole('link', { name: 'Subscribers', exact: true }).click();
    await heading(tab, 'Subscribers');

    // A 400 from the API (the browser's own check is off) beside the field.
    await tab.getByLabel('Email address').fill('not-an-email');
    await tab.getByRole('button', { name: 'Add subscriber' }).click();
    await expect(fieldError(tab, 'email').innerText()).resolves.toMatch(/^Email must be an email address/);

    await tab.getByLabel('Email address').fill(email);
    await tab.getByLabel('Public API', { exact: true }).check();
    await tab.getByRole('button', { name: 'Add subscriber' }).click();
    await tab.getByRole('status').getByText(`${email} added: a confirmation email is on its way.`).waitFor();
    const list = await get<{ data: Array<{ id: string; email: string; state: string; componentIds: string[]; confirmedAt: string | null }> }>(
      `/api/v1/pages/${page.id}/subscribers`,
    );
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ email, state: 'pending', componentIds: [publicApi.id], confirmedAt: null });
    const mail = await eventually(async () => sink.to(email)[0], { what: 'the confirmation email' });
    expect(mail.mail.subject).toBe('Confirm your subscription to Mailing page');
    expect((await linksOf(sink, email)).confirm).toMatch(/subscriptions\/confirm\?token=/);
    expect(await tab.getByLabel('Email address').inputValue()).toBe('');
    expect(await fieldError(tab, 'email').count()).toBe(0);
    const card = tab.locator(`[data-subscriber="${email}"]`);
    const cardText = await card.innerText();
    expect(cardText).toMatch(/Pending confirmation/);
    expect(cardText).toMatch(/Public API/);
    expect(cardText).not.toMatch(/Dashboard|whole page/i);

    // The same address again, in capitals: the API's 409 beside the email field, nothing added.
    await tab.getByLabel('Email address').fill(email.toUpperCase());
    await tab.getByRole('button', { name: 'Add subscriber' }).click();
    await expect(fieldError(tab, 'email').innerText()).resolves.toMatch(/is already subscribed to this page/);
    expect(await tab.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await tab.getByLabel('Email address').getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain(await fieldError(tab, 'email').getAttribute('id'));
    expect(await tab.locator('form[aria-labelledby="new-subscriber"] .form-alert').count()).toBe(0);
    await screenshot(tab, 'subscriber-duplicate-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);
    expect((await get<{ meta: { total: number } }>(`/api/v1/pages/${page.id}/subscribers`)).meta.total).toBe(1);

    // Its details and the email attempt; then another confirmation.
    await card.getByRole('link').click();
    await heading(tab, email);
    await expect(tab.getByTestId('subscriber-state').innerText()).resolves.toBe('Pending confirmation');
    await expect(tab.getByTestId('subscriber-following').innerText()).resolves.toBe('Public API');
    await expect(tab.getByTestId('subscriber-confirmed').innerText()).resolves.toBe('Not yet');
    const attempts = tab.getByRole('list', { name: 'Email attempts' }).locator('li');
    await eventually(
      async () => {
        await tab.getByRole('button', { name: 'Refresh' }).click();
        return (await attempts.count()) === 1;
      },
      { what: 'the confirmation attempt listed' },
    );
    const attempt = await attempts.first().innerText();
    expect(attempt).toMatch(/Sent/);
    expect(attempt).toMatch(/Confirmation/);
    expect(attempt).toMatch(/attempt 1/);
    expect(attempt).toContain('Confirm your subscription to Mailing page');
    expect(attempt).toMatch(/\b250\b/); // the SMTP server's reply
    expect(attempt).toMatch(/UTC/);
    await screenshot(tab, 'subscriber-detail-375');
    expect(await overflow(tab)).toBeLessThanOrEqual(0);
    await tab.getByRole('button', { name: 'Resend confirmation' }).click();
    await tab.getByRole('status').getByText('Confirmation email sent again.').waitFor();
    await eventually(async () => sink.to(email).length === 2, { what: 'a second confirmation email' });
  }, 45_000);

  it('filters subscribers by state, adds a skip-confirmation subscriber with the keyboard alone (active, no email, confirmed time in the page zone and UTC), and deletes one only after confirming', async () => {
    const page = await createPage(app, { name: 'Filter page', timeZone: 'Europe/Berlin' });
    const stamp = Date.now().toString(36);
    const pendingEmail = `pending-${stamp}@example.com`;
    const goneEmail = `gone-${stamp}@example.com`;
    const activeEmail = `active-${stamp}@example.com`;
    await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: pendingEmail }).expect(201);
    await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: goneEmail }).expect(201);
    // Unsubscribed as a reader would: the one-click link of the confirmation email.
    const links = await linksOf(sink, goneEmail);
    await app.http().post(links.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);

    const tab = await open(`/pages/${page.id}/subscribers`, { viewport: DESKTOP });
    await tabTo(tab, `${focusedLabel} === 'Email address'`);
    await tab.keyboard.type(activeEmail);
    await tabTo(tab, `${focusedLabel} === 'Skip confirmation'`);
    await tab.keyboard.press('Space');
    expect(await tab.getByLabel('Skip confirmation').isChecked()).toBe(true);
    await tabTo(tab, `document.activeElement.textContent === 'Add subscriber'`);
    await tab.keyboard.press('Enter');
    await tab.getByRole('status').getByText(`${activeEmail} added: active now.`).waitFor();
    const all = await get<{ data: Array<{ id: string; email: string; state: string; confirmedAt: string | null; componentIds: string[] }> }>(
      `/api/v1/pages/${page.id}/subscribers`,
    );
    const active = all.data.find((s) => s.email === activeEmail)!;
    expect(active).toMatchObject({ state: 'active', componentIds: [] });
    expect(Date.parse(active.confirmedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await get<{ data: unknown[] }>(`/api/v1/pages/${page.id}/subscribers/${active.id}/deliveries`)).data).toEqual([]);
    expect(sink.to(activeEmail)).toHaveLength(0);

    const shown = async () => (await tab.getByRole('list', { name: 'Subscribers' }).locator('.card-title').allInnerTexts()).sort().join(' ');
    await eventually(async () => (await shown()) === [activeEmail, goneEmail, pendingEmail].sort().join(' '), { what: 'all three listed' });
    for (const [state, email] of [
      ['active', activeEmail],
      ['pending', pendingEmail],
      ['unsubscribed', goneEmail],
    ]) {
      await tab.getByLabel('Show').selectOption(state);
      await eventually(async () => (await shown()) === email, { what: `only the ${state} subscriber listed` });
    }
    await tab.getByLabel('Show').selectOption('active');
    await eventually(async () => (await shown()) === activeEmail, { what: 'the active subscriber listed' });

    await tab.getByRole('link', { name: activeEmail }).click();
    await heading(tab, activeEmail);
    await expect(tab.getByTestId('subscriber-state').innerText()).resolves.toBe('Active');
    await expect(tab.getByTestId('subscriber-following').innerText()).resolves.toBe('The whole page');
    const at = new Date(active.confirmedAt!);
    const hm = (zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    const confirmed = await tab.getByTestId('subscriber-confirmed').innerText();
    expect(confirmed).toMatch(new RegExp(`${hm('Europe/Berlin')} CES?T · `));
    expect(confirmed).toMatch(new RegExp(`${hm('UTC')} UTC$`));
    expect(await tab.getByRole('button', { name: 'Resend confirmation' }).count()).toBe(0); // only while pending

    await tab.getByRole('button', { name: 'Delete subscriber…' }).click();
    const ask = tab.getByRole('alertdialog', { name: 'Delete this subscriber?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'hidden' });
    await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${active.id}`).expect(200);
    await tab.getByRole('button', { name: 'Delete subscriber…' }).click();
    await ask.getByRole('button', { name: 'Delete subscriber' }).click();
    await heading(tab, 'Subscribers');
    await app.admin().get(`/api/v1/pages/${page.id}/subscribers/${active.id}`).expect(404);
  }, 45_000);

  it('switches subscriptions off in the page settings: the API has allowSubscribers false, the public subscribe is a 404, the screen says so', async () => {
    const page = await createPage(app, { name: 'Quiet page' });
    const tab = await open(`/pages/${page.id}/settings`);
    const box = tab.getByLabel('Readers may subscribe by email');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await tab.getByRole('button', { name: 'Save settings' }).click();
    await tab.getByRole('status').getByText('Page settings saved.').waitFor();
    expect((await get<{ allowSubscribers: boolean }>(`/api/v1/pages/${page.id}`)).allowSubscribers).toBe(false);
    await app.http().post(`/status/${page.slug}/subscribe`).send({ email: `quiet-${Date.now().toString(36)}@example.com` }).expect(404);
    await tab.getByRole('link', { name: 'Subscribers', exact: true }).click();
    await heading(tab, 'Subscribers');
    await tab.getByText('Readers cannot subscribe on the public page').waitFor();
    await tab.goto(`${app.baseUrl}/admin/pages/${page.id}/settings`);
    expect(await tab.getByLabel('Readers may subscribe by email').isChecked()).toBe(false);
  }, 30_000);

  it('fits 375 px without horizontal scrolling and has no serious or critical axe violations on the main screens; screenshots at 375 and 1280 px', async () => {
    const page = await createPage(app, { name: 'Northwind Status', timeZone: 'Europe/Berlin', description: 'Everything Northwind runs' });
    const core = await createGroup(app, page.id, { name: 'Core services', position: 0 });
    const api = await createComponent(app, page.id, { name: 'REST API', groupId: core.id, position: 0, description: 'api.northwind.example' });
    await createComponent(app, page.id, { name: 'Web dashboard with a rather long name for a component', groupId: core.id, position: 1 });
    await createComponent(app, page.id, { name: 'Email notifications', position: 1 });
    const incident = await createIncident(app, page.id, {
      name: 'Elevated error rates on the REST API',
      impact: 'major',
      components: [{ componentId: api.id, status: 'partial_outage' }],
    });
    await app
      .admin()
      .post(`/api/v1/pages/${page.id}/incidents/${incident.id}/updates`)
      .send({ status: 'identified', message: 'A faulty deploy; rolling back now.', components: [{ componentId: api.id, status: 'major_outage' }] })
      .expect(201);
    const m = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/maintenances`)
      .send({ title: 'Database failover test', scheduledStart: '2031-05-04T06:00:00.000Z', scheduledEnd: '2031-05-04T07:30:00.000Z', componentIds: [api.id] })
      .expect(201);
    const hook = await app.admin().post(`/api/v1/pages/${page.id}/webhooks`).send({ url: receiverUrl }).expect(201);
    const series = await createMaintenanceSeries(app, page.id, {
      title: 'Weekly backup window',
      timeZone: 'Europe/Berlin',
      firstStart: '2026-01-04T02:30',
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      durationMinutes: 45,
      componentIds: [api.id],
    });
    const integration = await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: 'Prometheus EU' }).expect(201);
    const subscriberEmail = `grace-${Date.now().toString(36)}@example.com`;
    const subscriber = await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: subscriberEmail, componentIds: [api.id] }).expect(201);
    await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: `hopper-${Date.now().toString(36)}@example.com`, skipConfirmation: true }).expect(201);
    await eventually(async () => sink.to(subscriberEmail).length > 0, { what: 'the sweep subscriber’s confirmation email' });

    const screens: Array<[string, string, string]> = [
      ['pages', '/', 'Pages'],
      ['page-components', `/pages/${page.id}`, 'Components'],
      ['incidents', `/pages/${page.id}/incidents`, 'Incidents'],
      ['incident-detail', `/pages/${page.id}/incidents/${incident.id}`, 'Elevated error rates on the REST API'],
      ['incident-new', `/pages/${page.id}/incidents/new`, 'Open incident'],
      ['maintenances', `/pages/${page.id}/maintenances`, 'Maintenance'],
      ['maintenance-detail', `/pages/${page.id}/maintenances/${m.body.id}`, 'Database failover test'],
      ['maintenance-new', `/pages/${page.id}/maintenances/new`, 'Schedule maintenance'],
      ['maintenance-series', `/pages/${page.id}/maintenances/recurring`, 'Maintenance'],
      ['maintenance-series-detail', `/pages/${page.id}/maintenances/recurring/${series.id}`, 'Weekly backup window'],
      ['maintenance-series-new', `/pages/${page.id}/maintenances/recurring/new`, 'New recurring maintenance'],
      ['webhooks', `/pages/${page.id}/webhooks`, 'Webhooks'],
      ['integrations', `/pages/${page.id}/integrations`, 'Integrations'],
      ['integration-detail', `/pages/${page.id}/integrations/${integration.body.id}`, 'Prometheus EU'],
      ['webhook-detail', `/pages/${page.id}/webhooks/${hook.body.id}`, 'Deliveries'],
      ['subscribers', `/pages/${page.id}/subscribers`, 'Subscribers'],
      ['subscriber-detail', `/pages/${page.id}/subscribers/${subscriber.body.id}`, subscriberEmail],
      ['settings', `/pages/${page.id}/settings`, 'Settings'],
      ['api-keys', '/api-keys', 'API keys'],
    ];
    const problems: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      const tab = await open('/', { viewport });
      for (const [name, path, title] of screens) {
        await tab.goto(`${app.baseUrl}/admin${path}`);
        await heading(tab, title);
        await tab.waitForFunction(() => !document.body.innerText.includes('Checking…'));
        if (viewport === PHONE) {
          const over = await overflow(tab);
          if (over > 0) problems.push(`${name}: ${over} px of horizontal overflow at 375 px`);
          problems.push(...(await axe(tab)).map((v) => `${name}: ${v}`));
        }
        await screenshot(tab, `${name}-${viewport.width}`);
      }
      // The edit dialog on a phone, too.
      if (viewport === PHONE) {
        await tab.goto(`${app.baseUrl}/admin/pages/${page.id}`);
        await tab.getByRole('button', { name: 'Edit REST API' }).click();
        await tab.getByRole('dialog').waitFor();
        problems.push(...(await axe(tab)).map((v) => `edit dialog: ${v}`));
        await screenshot(tab, 'component-dialog-375', { fullPage: false });
      }
    }
    expect(problems).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 170_000); // 19 screens at two widths, on a machine shared with other work
});
