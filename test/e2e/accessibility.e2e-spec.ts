import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { eventually, startApp, TestApp } from './harness';
import { seedShowcasePage } from './public-fixtures';

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

  beforeAll(async () => {
    app = await startApp();
    browser = await launchChromium();
    const page = await seedShowcasePage(app);
    pageId = page.id;
    base = `${app.baseUrl}/status/${page.slug}`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
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
