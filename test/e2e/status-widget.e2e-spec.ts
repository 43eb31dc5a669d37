import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createComponent, createIncident, createPage } from '../factories';
import { launchChromium } from './chromium';
import { startApp, TestApp } from './harness';

/**
 * Atlassian's embeddable status widget (`@statuspage/status-widget`, unchanged)
 * on a third-party site, in headless Chromium. The widget always asks
 * `{src origin}/api/v2/summary.json`, so it only works against a page served at
 * the root of its own domain. Chromium resolves that domain to this test's
 * server; the embedding site is another origin, so CORS is exercised for real.
 */
const DOMAIN = 'status.widget-co.test';
const WIDGET_JS = readFileSync(require.resolve('@statuspage/status-widget/dist/index.js'), 'utf8');

describe("Atlassian's status widget on a third-party site", () => {
  let app: TestApp;
  let browser: Browser;
  let site: Server;
  let siteUrl: string;
  let pageId: string;
  let apiComponentId: string;

  beforeAll(async () => {
    app = await startApp();
    const port = new URL(app.baseUrl).port;
    const page = await createPage(app, { name: 'Widget Co', domain: DOMAIN });
    pageId = page.id;
    apiComponentId = (await createComponent(app, page.id, { name: 'API' })).id;
    await createComponent(app, page.id, { name: 'Website' });

    // The embedding site: its own origin, serving the widget's published bundle.
    site = createServer((req, res) => {
      if (req.url === '/widget.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(WIDGET_JS);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html><head><title>Acme shop</title><script src="/widget.js"></script></head>
         <body><h1>Acme shop</h1>
         <statuspage-widget id="basic" src="http://${DOMAIN}:${port}"></statuspage-widget>
         <statuspage-widget id="badge" src="http://${DOMAIN}:${port}" appearance="badge"></statuspage-widget>
         </body></html>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;

    browser = await launchChromium([`--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1`]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await app?.stop();
  });

  interface Shown {
    /** the basic widget: its text, its indicator's classes and where it links */
    text: string;
    indicator: string;
    href: string | null;
    /** the badge: its indicator's text */
    badge: string;
    requests: string[];
    errors: string[];
  }

  /** Opens the embedding site and reads what both widgets show once they have rendered. */
  async function openSite(): Promise<Shown> {
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      tab.on('request', (r) => requests.push(r.url()));
      tab.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      // The published bundle itself throws this once on load, wherever it is embedded
      // (its parcel prelude runs in strict mode); the widget works regardless.
      tab.on('pageerror', (e) => {
        if (e.message !== 'parcelRequire is not defined') errors.push(e.message);
      });
      await tab.goto(siteUrl);
      // Playwright's locators pierce the widgets' open shadow roots.
      const text = tab.locator('#basic .status-text');
      await text.waitFor({ timeout: 15_000 });
      const badge = tab.locator('#badge .status-indicator');
      await badge.waitFor({ timeout: 15_000 });
      return {
        text: (await text.textContent())?.trim() ?? '',
        indicator: (await tab.locator('#basic .status-indicator').getAttribute('class')) ?? '',
        href: await tab.locator('#basic a').getAttribute('href'),
        badge: (await badge.textContent())?.trim() ?? '',
        requests,
        errors,
      };
    } finally {
      await context.close();
    }
  }

  it('shows the page status, fetched cross-origin from the root of the page domain', async () => {
    const origin = `http://${DOMAIN}:${new URL(app.baseUrl).port}`;
    const shown = await openSite();
    expect(shown.text).toBe('All Systems Operational');
    expect(shown.indicator.split(' ')).toContain('none');
    expect(shown.href).toBe(origin);
    expect(shown.badge).toBe('All Systems Operational');
    expect(shown.requests).toContain(`${origin}/api/v2/summary.json`);
    expect(shown.errors).toEqual([]);
  }, 60_000);

  it('shows an incident once the admin call has returned', async () => {
    await createIncident(app, pageId, {
      name: 'API errors',
      impact: 'major',
      components: [{ componentId: apiComponentId, status: 'major_outage' }],
    });
    const shown = await openSite();
    expect(shown.text).toBe('Major System Outage');
    expect(shown.indicator.split(' ')).toContain('critical'); // a major outage: Statuspage's "critical"
    expect(shown.badge).toBe('Major System Outage');
    expect(shown.errors).toEqual([]);
  }, 60_000);
});
