import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { startApp, TestApp } from './harness';
import { SCRIPT, seedShowcasePage } from './public-fixtures';

const ARTIFACTS = join(__dirname, '..', 'artifacts');

/** The public page in headless Chromium (Debian's, driven by playwright-core). */
describe('public status page in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchChromium();
    const page = await seedShowcasePage(app);
    url = `${app.baseUrl}/status/${page.slug}`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the incident and the started maintenance, and runs no injected script', async () => {
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      const res = await tab.goto(url);
      expect(res?.status()).toBe(200);
      expect(await tab.locator('h1').innerText()).toBe('Acme Cloud');
      expect(await tab.locator('.banner').innerText()).toBe('Partial System Outage');
      const incidents = tab.locator('section[aria-labelledby="h-incidents"]');
      expect(await incidents.locator('h3').first().innerText()).toBe('Elevated API error rates');
      const updates = await incidents.locator('.timeline li').allInnerTexts();
      expect(updates[0]).toMatch(/^Identified/); // newest first
      expect(updates[1]).toMatch(/^Investigating/);
      const maintenance = tab.locator('section[aria-labelledby="h-maintenance"] article');
      expect(await maintenance.locator('h3').innerText()).toBe('Database cluster upgrade');
      expect(await maintenance.innerText()).toMatch(/In progress/);
      expect(await maintenance.innerText()).toMatch(/E[SD]T/); // the page's time zone
      expect(await tab.locator('.component', { hasText: 'Database cluster' }).locator('.status').innerText()).toBe('Under maintenance');
      expect(await tab.locator('.component', { hasText: 'Public API' }).locator('.status').innerText()).toBe('Partial outage');
      const today = tab.locator('.component', { hasText: 'Public API' }).locator('.bar .d').last();
      expect(await today.getAttribute('title')).toMatch(/: Partial outage/);
      expect(await tab.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await tab.title()).toBe('Acme Cloud Status');
      expect(await tab.locator('script').count()).toBe(1); // the page's own refresh script only
      expect(res?.headers()['content-security-policy']).toMatch(/script-src 'sha256-/);
      const link = tab.locator('a', { hasText: 'the changelog' }).first();
      expect(await link.getAttribute('rel')).toBe('nofollow noopener');
    } finally {
      await context.close();
    }
  }, 30_000);

  it('shows the content with JavaScript disabled', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const tab = await context.newPage();
      await tab.goto(url);
      const body = await tab.locator('body').innerText();
      expect(body).toContain('Partial System Outage');
      expect(body).toContain('Elevated API error rates');
      expect(body).toContain('Database cluster upgrade');
      expect(body).toContain('Email delivery');
    } finally {
      await context.close();
    }
  }, 30_000);

  it('fits a 375 px phone screen and writes a screenshot', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true });
    try {
      const tab = await context.newPage();
      await tab.goto(url);
      const overflow = await tab.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      // 30 days per bar on a phone
      const visibleCells = await tab
        .locator('.component', { hasText: 'Public API' })
        .locator('.bar .d')
        .evaluateAll((cells) => cells.filter((c) => (c as unknown as { offsetWidth: number }).offsetWidth > 0).length);
      expect(visibleCells).toBe(30);
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, 'status-page-phone.png');
      const png = await tab.screenshot({ path: file, fullPage: true });
      expect(png.length).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  }, 30_000);

  it('shows all 90 days on a desktop', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const tab = await context.newPage();
      await tab.goto(url);
      const visibleCells = await tab
        .locator('.component', { hasText: 'Public API' })
        .locator('.bar .d')
        .evaluateAll((cells) => cells.filter((c) => (c as unknown as { offsetWidth: number }).offsetWidth > 0).length);
      expect(visibleCells).toBe(90);
      mkdirSync(ARTIFACTS, { recursive: true });
      await tab.screenshot({ path: join(ARTIFACTS, 'status-page-desktop.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 30_000);
});
