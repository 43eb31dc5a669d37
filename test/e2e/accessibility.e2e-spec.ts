import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { eventually, startApp, TestApp } from './harness';
import { seedShowcasePage } from './public-fixtures';
import { SmtpSink } from './smtp-sink';
import { linksOf, sendNotice } from './subscriber-links';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU = require.resolve('vnu-jar/build/dist/vnu.jar');
const run = promisify(execFile);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** axe-core's serious and critical findings on the page as the tab shows it. */
async function axeFindings(tab: Page): Promise<string[]> {
  await tab.evaluate(AXE); // evaluated by the test, not injected into the page (its CSP allows no other script)
  const result = (await tab.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => n.target))})`);
}

/** The W3C Nu HTML Checker's errors for a document. */
async function nuErrors(html: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vnu-'));
  try {
    const file = join(dir, 'page.html');
    writeFileSync(file, html);
    const out = await run('java', ['-jar', VNU, '--errors-only', '--format', 'json', file]).catch(
      (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
    );
    const report = JSON.parse(out.stderr || out.stdout || '{"messages":[]}') as { messages: Array<{ type: string; message: string; extract?: string }> };
    return report.messages.filter((m) => m.type === 'error').map((m) => `${m.message} at ${m.extract ?? '?'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The public HTML pages to WCAG (axe-core in Chromium) and to the HTML standard (the Nu checker). */
describe('public pages to standard', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;
  let pageId: string;
  let sink: SmtpSink;

  beforeAll(async () => {
    // Email configured: the status page shows its subscribe form, and the subscription pages exist.
    sink = await SmtpSink.start();
    app = await startApp({ env: { SMTP_URL: sink.url } });
    browser = await launchChromium();
    const page = await seedShowcasePage(app);
    pageId = page.id;
    base = `${app.baseUrl}/status/${page.slug}`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await sink?.stop();
  });

  const pages = [
    ['status page', ''],
    ['history page', '/history'],
  ] as const;

  it.each(pages)('the %s has no serious or critical axe violation at 375 and 1280 px', async (_name, path) => {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      try {
        const tab = await context.newPage();
        await tab.goto(`${base}${path}`);
        expect({ width, findings: await axeFindings(tab) }).toEqual({ width, findings: [] });
      } finally {
        await context.close();
      }
    }
  }, 60_000);

  it.each(pages)('the %s is valid HTML for the Nu checker', async (_name, path) => {
    const html = (await app.http().get(`/status/${base.split('/status/')[1]}${path}`).expect(200)).text;
    expect(await nuErrors(html)).toEqual([]);
  }, 60_000);

  let mails = 0;
  /**
   * A new pending subscriber of the page and the links of its confirmation
   * email (confirm, unsubscribe); for a manage link, a new active subscriber
   * and an ordinary email to it.
   */
  async function freshTokens(): Promise<Record<'confirm' | 'manage' | 'unsubscribe', string>> {
    const email = `a11y-${++mails}-${Date.now().toString(36)}@example.com`;
    await app.admin().post(`/api/v1/pages/${pageId}/subscribers`).send({ email }).expect(201);
    const links = await linksOf(sink, email);
    const active = `a11y-${++mails}-${Date.now().toString(36)}@example.com`;
    await app.admin().post(`/api/v1/pages/${pageId}/subscribers`).send({ email: active, skipConfirmation: true }).expect(201);
    await sendNotice(app, pageId);
    const manage = (await linksOf(sink, active)).manage;
    const token = (link: string) => link.slice(link.indexOf('token=') + 6);
    return { confirm: token(links.confirm), manage: token(manage), unsubscribe: token(links.unsubscribe) };
  }
  /** The subscription pages: how a reader reaches each (in a browser with JavaScript off), and its HTML. */
  const subscriptionPages: Array<[string, (tab: Page) => Promise<void>, () => Promise<string>]> = [
    [
      'check-your-inbox page',
      async (tab) => {
        await tab.goto(base);
        await tab.getByLabel('Email address').fill(`form-${++mails}@example.com`);
        await tab.getByLabel('Core platform: Public API').check();
        await tab.getByRole('button', { name: 'Subscribe' }).click();
        await tab.getByRole('heading', { name: 'Check your inbox' }).waitFor();
      },
      async () =>
        (await app.http().post(`${path()}/subscribe`).set('accept', 'text/html').type('form').send(`email=nu-${++mails}%40example.com`).expect(202)).text,
    ],
    [
      'confirm page',
      async (tab) => {
        await tab.goto(`${base}/subscriptions/confirm?token=${(await freshTokens()).confirm}`);
        await tab.getByRole('heading', { name: 'Confirm your subscription', exact: true }).waitFor();
      },
      async () => (await app.http().get(`${path()}/subscriptions/confirm?token=${(await freshTokens()).confirm}`).set('accept', 'text/html').expect(200)).text,
    ],
    [
      'confirmed page',
      async (tab) => {
        await tab.goto(`${base}/subscriptions/confirm?token=${(await freshTokens()).confirm}`);
        await tab.getByRole('button', { name: 'Confirm subscription' }).click();
        await tab.getByRole('heading', { name: 'Subscription confirmed' }).waitFor();
      },
      async () =>
        (await app.http().post(`${path()}/subscriptions/confirm?token=${(await freshTokens()).confirm}`).set('accept', 'text/html').type('form').send('confirm=yes').expect(200)).text,
    ],
    [
      'manage page',
      async (tab) => {
        await tab.goto(`${base}/subscriptions/manage?token=${(await freshTokens()).manage}`);
        await tab.getByRole('heading', { name: 'Your email updates', exact: true }).waitFor();
      },
      async () => (await app.http().get(`${path()}/subscriptions/manage?token=${(await freshTokens()).manage}`).set('accept', 'text/html').expect(200)).text,
    ],
    [
      'unsubscribe page',
      async (tab) => {
        await tab.goto(`${base}/subscriptions/unsubscribe?token=${(await freshTokens()).unsubscribe}`);
        await tab.getByRole('heading', { name: 'Unsubscribe', exact: true }).waitFor();
      },
      async () => (await app.http().get(`${path()}/subscriptions/unsubscribe?token=${(await freshTokens()).unsubscribe}`).set('accept', 'text/html').expect(200)).text,
    ],
    [
      'unsubscribed page',
      async (tab) => {
        await tab.goto(`${base}/subscriptions/manage?token=${(await freshTokens()).manage}`);
        await tab.getByRole('button', { name: 'Unsubscribe' }).click();
        await tab.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
      },
      async () =>
        (
          await app
            .http()
            .post(`${path()}/subscriptions/unsubscribe?token=${(await freshTokens()).unsubscribe}`)
            .set('accept', 'text/html')
            .type('form')
            .send('List-Unsubscribe=One-Click')
            .expect(200)
        ).text,
    ],
  ];
  const path = () => `/status/${base.split('/status/')[1]}`;

  it('the subscribe form and the pages behind the email links work with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const tab = await context.newPage();
      for (const [, open] of subscriptionPages) await open(tab);
      expect(await tab.getByRole('heading', { level: 2 }).innerText()).toBe('You are unsubscribed');
    } finally {
      await context.close();
    }
  }, 60_000);

  it.each(subscriptionPages)('the %s has no serious or critical axe violation at 375 and 1280 px', async (_name, open) => {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      try {
        const tab = await context.newPage();
        await open(tab);
        expect({ width, findings: await axeFindings(tab) }).toEqual({ width, findings: [] });
      } finally {
        await context.close();
      }
    }
  }, 60_000);

  it.each(subscriptionPages)('the %s is valid HTML for the Nu checker', async (_name, _open, html) => {
    expect(await nuErrors(await html())).toEqual([]);
  }, 60_000);

  it('refreshes in place, announces a status change politely, and can be paused', async () => {
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      await tab.addInitScript('window.SP_REFRESH_MS = 300');
      await tab.goto(base);
      const pause = tab.locator('#sp-pause');
      expect(await pause.isVisible()).toBe(true);
      const component = (await app.admin().get(`/api/v1/pages/${pageId}/components`).expect(200)).body.data.find(
        (c: { name: string }) => c.name === 'Email delivery',
      );
      await app.admin().patch(`/api/v1/pages/${pageId}/components/${component.id}`).send({ status: 'major_outage' }).expect(200);
      await eventually(async () => (await tab.locator('.banner').innerText()) === 'Major System Outage', { what: 'the banner to update' });
      expect(await tab.locator('#sp-live').innerText()).toBe('Status update: Major System Outage');
      expect(tab.url()).toBe(base); // no navigation: the reader keeps their place

      await pause.click();
      expect(await pause.getAttribute('aria-pressed')).toBe('true');
      await app.admin().patch(`/api/v1/pages/${pageId}/components/${component.id}`).send({ status: 'operational' }).expect(200);
      await tab.waitForTimeout(1_500); // several refresh periods: nothing may change while paused
      expect(await tab.locator('.banner').innerText()).toBe('Major System Outage');
      await pause.click();
      await eventually(async () => (await tab.locator('.banner').innerText()) !== 'Major System Outage', { what: 'updates to resume' });
    } finally {
      await context.close();
    }
  }, 60_000);
});
