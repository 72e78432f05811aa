// The walking skeleton through a real browser: register, open a course, start a real lab, type in its
// root shell, reload and get the screen back (server replay). Screenshots go to test/e2e/artifacts/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, screenshot, terminalText, watchPageProblems } from './support/browser.js';

const COURSE = 'premiers-pas';
const PROMPT = /#\s*$/m;

describe('foundation: browser → lab shell', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    // ATELIER_COURSES_DIR lets a developer point the run at another course folder.
    const dir = process.env.ATELIER_COURSES_DIR;
    server = await startTestServer({ env: dir ? { ATELIER_COURSES_DIR: dir } : {} });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    problems = watchPageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(page, `failed-${name}`).catch(() => undefined);
      console.error(`[e2e] terminal at failure:\n${await terminalText(page)}`);
    });

  it('registers through the login form', async () => {
    dumpOnFailure('register');
    await page.goto(server.url);
    await expect.poll(() => page.url()).toMatch(/\/login$/);
    await page.getByRole('button', { name: /Créer un compte/ }).click();
    await page.getByLabel('Nom d’utilisateur').fill('e2e-learner');
    await page.getByLabel('Mot de passe').fill('un mot de passe solide');
    await screenshot(page, '01-register');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Cours' }).waitFor();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toContain('e2e-learner');
    await page.locator(`[data-course="${COURSE}"]`).waitFor();
    await screenshot(page, '02-courses');
  });

  it('starts the lab and runs whoami in the root shell', async () => {
    dumpOnFailure('lab');
    await page.locator(`[data-course="${COURSE}"] a`).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/courses/${COURSE}`);
    const start = page.getByRole('button', { name: 'Démarrer le lab' });
    await start.waitFor();
    await screenshot(page, '03-course');
    await start.click();
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(PROMPT);
    await page.locator('at-terminal').click();
    await page.keyboard.type('whoami');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^root\s*$/m);
    await expect.poll(() => page.getByTestId('term-status').textContent()).toContain('connecté');
    await screenshot(page, '04-whoami');
  });

  it('replays the previous output after a page reload', async () => {
    dumpOnFailure('reload');
    await page.reload();
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/whoami\s*\n\s*root\s*$/m);
    await screenshot(page, '05-reloaded');
    // The replayed shell is live: it still answers.
    await page.locator('at-terminal').click();
    await page.keyboard.type('echo atelier-$((6*7))');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^atelier-42\s*$/m);
    expect(problems).toEqual([]);
  });
});
