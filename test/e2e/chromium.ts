import { Browser, chromium } from 'playwright-core';

/**
 * Debian's headless Chromium, driven by playwright-core. Background networking
 * is off: this machine's network is closed, and Chromium would keep trying.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
