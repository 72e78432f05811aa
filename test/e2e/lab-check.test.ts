// Checking in the course view on a 1000×650 window (issue 17, items 7, 14 and 3): an automatic check
// shows good news only, folded to one line; Vérifier shows failures; the result panel folds so the
// lesson keeps its height; Alt+Shift+V / N / H work with the focus in the terminal; a mouse click on
// Vérifier gives the focus back to the terminal. Courses: test/fixtures/courses-lab.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { recordedSocket, userWithRole, type Recorder } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import type { TestSocket } from '../support/socket-client.js';
import { launchChromium, screenshot, terminalText, watchPageProblems } from './support/browser.js';

const PROMPT = /root@lab:~#\s*$/;

describe('checks at 1000×650: auto-check, folding, shortcuts, focus', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let feed: Recorder;
  const sockets: TestSocket[] = [];
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      env: { ATELIER_COURSES_DIR: 'test/fixtures/courses-lab', ATELIER_AUTO_CHECK_MS: '500' },
    });
    const { client } = await userWithRole(server, 'lea-check', 'learner');
    feed = await recordedSocket(server, client.cookie, sockets);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1000, height: 650 } });
    const [name, value] = client.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
    page = await context.newPage();
    problems = watchPageProblems(page);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(page, `failed-lab-check-${name}`).catch(() => undefined);
      console.error(`[e2e] terminal at failure:\n${await terminalText(page)}`);
    });
  const lastLine = async () => (await terminalText(page)).trimEnd().split('\n').at(-1) ?? '';
  const run = async (command: string) => {
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
    await expect.poll(lastLine, { timeout: 10_000 }).toMatch(PROMPT);
  };
  const terminalFocused = () => page.locator('at-terminal').evaluate((el) => el.matches(':focus-within'));
  const resultOpen = () => page.getByTestId('check-result').evaluate((el) => (el as HTMLDetailsElement).open);

  it('an automatic check shows no failure, and a pass folded to one line', async () => {
    dumpOnFailure('auto');
    await page.goto(`${server.url}/courses/lab-lent?ex=un`);
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(lastLine, { timeout: 60_000 }).toMatch(PROMPT);
    // Remembers whether a red verdict ever shows (the lesson's shadow root, polled while we type).
    await page.locator('at-lesson').evaluate((el) => {
      const w = window as unknown as { __sawFailure: boolean };
      w.__sawFailure = false;
      setInterval(() => {
        if (el.shadowRoot?.querySelector('.result.ko')) w.__sawFailure = true;
      }, 20);
    });
    await page.locator('at-terminal').click();
    const from = feed.seen.length;
    await run('echo rien');
    await feed.next('check:result', (p) => p.auto && !p.passed, 20_000, from);
    await run('touch /root/un');
    await feed.next('check:result', (p) => p.auto && p.passed, 20_000, from);
    await expect
      .poll(() => page.getByTestId('check-result').textContent())
      .toMatch(/vérifié automatiquement/);
    expect(await resultOpen()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __sawFailure: boolean }).__sawFailure)).toBe(
      false,
    );
    await screenshot(page, 'lab-check-1-auto-pass');
  });

  it('Alt+Shift+H / N / V from the terminal: a hint, the next exercise, a check', async () => {
    dumpOnFailure('shortcuts');
    await page.locator('at-terminal').click();
    await page.keyboard.press('Alt+Shift+KeyH');
    await page.getByText('Indice 1').waitFor();
    await page.keyboard.press('Alt+Shift+KeyN');
    await page.getByRole('heading', { name: 'Deux fichiers' }).waitFor();
    expect(await terminalFocused()).toBe(true);
    await page.keyboard.press('Alt+Shift+KeyV');
    await expect.poll(() => page.getByTestId('check-result').textContent()).toMatch(/2 vérification/);
    expect(await resultOpen()).toBe(true);
    // None of the keys reached the shell.
    expect(await lastLine()).toMatch(PROMPT);
    expect(await page.getByTestId('check').getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+V');
  });

  it('Vérifier clicked with the mouse: failures shown, the panel folds, the terminal has the focus again', async () => {
    dumpOnFailure('click');
    await page.getByTestId('check').click();
    await expect.poll(resultOpen).toBe(true);
    await expect.poll(terminalFocused).toBe(true);
    await screenshot(page, 'lab-check-2-failures-open');
    await page.getByTestId('check-result').locator('summary').click();
    expect(await resultOpen()).toBe(false);
    // Folded, the check bar leaves most of the pane to the lesson.
    const pane = await page.locator('.lesson-pane').boundingBox();
    const bar = await page.locator('at-lesson section.check').boundingBox();
    expect(bar!.height).toBeLessThan(pane!.height * 0.35);
    // Below the last row (the height is rarely a whole number of rows): the theme's colour, no black strip.
    const under = await page
      .locator('at-terminal')
      .evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.xterm-viewport')!).backgroundColor);
    expect(under).toBe('rgb(20, 23, 29)');
    await screenshot(page, 'lab-check-3-folded');
    expect(problems).toEqual([]);
  });
});
