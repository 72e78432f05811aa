// Chromium for browser tests, driven by playwright-core (no downloaded browsers: Debian's chromium).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ARTIFACTS = path.resolve('test/e2e/artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** A page of its own (a fresh context) signed in with a session cookie `name=value` for `serverUrl`. */
export async function signedInPage(browser: Browser, serverUrl: string, cookie: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, domain: new URL(serverUrl).hostname, path: '/' }]);
  return context.newPage();
}

/** Collects what should never happen on a page: uncaught errors and CSP violations. */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The lab terminal's text (scrollback included), read through `<at-terminal>.readScreen()`. */
export function terminalText(page: Page): Promise<string> {
  return page
    .locator('at-terminal')
    .evaluate((el) => (el as HTMLElement & { readScreen(all?: boolean): string }).readScreen(true))
    .catch(() => '');
}
