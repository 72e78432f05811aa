// Starting a lab in Chromium, slow and failed (issue 17, item 2): the start panel shows the phase the
// server announces (creating, preparing the course) with the elapsed time, then the shell; a course whose
// setup fails says so in readable words (≥ 4.5:1) and offers to try again. Courses: test/fixtures/courses-lab.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  launchChromium,
  screenshot,
  signedInPage,
  terminalText,
  watchPageProblems,
} from './support/browser.js';

const PROMPT = /root@lab:~#\s*$/m;

/** WCAG contrast of an element's text on its own background (both opaque rgb() colours). */
function contrastOf(el: Element): number {
  const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const lum = (c: string) => {
    const [r = 0, g = 0, b = 0] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(el);
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x) as [number, number];
  return (a + 0.05) / (b + 0.05);
}

describe('lab start: phases, failure, retry', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_COURSES_DIR: 'test/fixtures/courses-lab' } });
    const { client } = await userWithRole(server, 'lea-start', 'learner');
    browser = await launchChromium();
    page = await signedInPage(browser, server.url, client.cookie);
    problems = watchPageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(page, `failed-lab-start-${name}`).catch(() => undefined);
    });

  const phase = () =>
    page
      .getByTestId('start-phase')
      .textContent()
      .catch(() => '');

  it('shows the phases with the elapsed time, then the shell of the machine the panel named', async () => {
    dumpOnFailure('phases');
    await page.goto(`${server.url}/courses/lab-lent?ex=un`);
    // The panel's prompt is the one the real shell will show (the machine's hostname).
    expect(await page.locator('at-course-view .start .prompt').textContent()).toContain('root@lab:~#');
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(phase, { timeout: 30_000 }).toMatch(/Préparation du cours .* · \d+ s écoulées/);
    await screenshot(page, 'lab-start-1-preparing');
    await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(PROMPT);
    expect(problems).toEqual([]);
  });

  it('says why a start failed (course setup), readably, and tries again on Retry', async () => {
    dumpOnFailure('failed');
    await page.goto(`${server.url}/courses/lab-casse`);
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(phase, { timeout: 30_000 }).toMatch(/Préparation du cours/);
    const error = page.getByTestId('start-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(
      /Le lab n’a pas pu démarrer\.\s+La préparation du cours a échoué/,
    );
    expect(await error.evaluate(contrastOf)).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'lab-start-2-setup-failed');

    await page.getByRole('button', { name: 'Réessayer' }).click();
    await expect.poll(phase, { timeout: 30_000 }).toMatch(/· \d+ s écoulées/);
    await error.waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Réessayer' }).isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });
});
