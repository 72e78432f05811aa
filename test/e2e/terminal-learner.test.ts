// Issue 17, the terminal part, in real Chromium: the keyboard can leave the terminal (F6 / Shift+F6, while
// Tab stays with the shell), xterm's screen-reader mode is a remembered setting, a trainer's mirror ends
// on the same screen as the learner after a flood, and going offline shows the banner and the terminal's
// offline state, keeps what is typed and sends it once the connection is back (banner gone at once).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import {
  launchChromium,
  screenshot,
  signedInPage,
  terminalText,
  watchPageProblems,
} from './support/browser.js';

const COURSE = 'premiers-pas';
const PROMPT = /#\s*$/m;

/** The focused element, through shadow roots: its tag path and text. */
function focused(page: Page) {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    const path: string[] = [];
    while (el?.shadowRoot?.activeElement) {
      path.push(el.tagName.toLowerCase());
      el = el.shadowRoot.activeElement;
    }
    if (el) path.push(el.tagName.toLowerCase());
    return {
      path: path.join(' > '),
      text: el?.textContent?.trim() ?? '',
      label: el?.getAttribute('aria-label'),
    };
  });
}

/** The last `n` lines of a screen, trailing blank lines dropped. */
const tail = (screen: string, n = 10) => screen.replace(/\s+$/, '').split('\n').slice(-n).join('\n');

describe('terminal: keyboard, screen reader, mirror, offline', () => {
  let server: TestServer;
  let browser: Browser;
  let learner: Page;
  let trainer: Page;
  let classId = '';
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_AUTO_CHECK_MS: '0' } });
    const { client: trainerHttp } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = await trainerHttp.post('/api/classes', { name: 'Terminal', courseIds: [COURSE] });
    classId = cls.body.id;
    const learnerHttp = httpClient(server.url);
    const join = await learnerHttp.post('/api/join', {
      code: cls.body.joinCode,
      displayName: 'Léa Terminal',
      password: PASSWORD,
    });
    if (join.status !== 201 && join.status !== 200) throw new Error(`join: ${join.status}`);
    browser = await launchChromium();
    learner = await signedInPage(browser, server.url, learnerHttp.cookie);
    trainer = await signedInPage(browser, server.url, trainerHttp.cookie);
    problems = [...watchPageProblems(learner), ...watchPageProblems(trainer)];
    await learner.goto(`${server.url}/courses/${COURSE}`);
    await learner.getByRole('button', { name: 'Démarrer le lab' }).click();
    for (const until = Date.now() + 60_000; !PROMPT.test(await terminalText(learner));) {
      if (Date.now() > until) throw new Error('no prompt in the learner’s terminal');
      await learner.waitForTimeout(200);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(learner, `failed-terminal-${name}-learner`).catch(() => undefined);
      await screenshot(trainer, `failed-terminal-${name}-trainer`).catch(() => undefined);
      console.error(`[e2e] learner terminal at failure:\n${tail(await terminalText(learner), 30)}`);
    });

  it('F6 leaves the terminal, Shift+F6 goes back up, Tab and the typed line stay with the shell', async () => {
    dumpOnFailure('keys');
    await learner.locator('at-terminal').click();
    expect((await focused(learner)).path).toContain('at-terminal');
    // The way out is in the terminal input's accessible name.
    expect((await focused(learner)).label).toContain('F6');
    // Tab completes in the shell and keeps the focus there.
    await learner.keyboard.type('ech');
    await learner.keyboard.press('Tab');
    await expect.poll(async () => tail(await terminalText(learner), 1)).toMatch(/# echo$/);
    expect((await focused(learner)).path).toContain('at-terminal');
    await learner.keyboard.type('f6-$((40+2))');

    await learner.keyboard.press('F6');
    const out = await focused(learner);
    expect(out.path).not.toContain('at-terminal');
    // Forward from the terminal, last on the page, wraps around to the lesson's side of the course view.
    expect(out.path).toContain('at-course-view');
    await screenshot(learner, 'terminal-01-f6-left');

    await learner.locator('at-terminal').click();
    await learner.keyboard.press('Shift+F6');
    const up = await focused(learner);
    expect(up.path).not.toContain('at-terminal');
    // A control of the terminal's head: a button, or the « Machine » menu's summary.
    expect(up.path).toMatch(/(button|summary)$/);

    // Nothing of F6 reached the shell: the line runs as typed.
    await learner.locator('at-terminal').click();
    await learner.keyboard.press('Enter');
    await expect.poll(() => terminalText(learner)).toMatch(/^f6-42$/m);
    expect(await terminalText(learner)).toMatch(/# echo f6-\$\(\(40\+2\)\)$/m);
  });

  it('the keyboard help names the keys; screen-reader mode is a setting kept across a reload', async () => {
    dumpOnFailure('screen-reader');
    const accessibility = learner.locator('at-terminal .xterm-accessibility');
    expect(await accessibility.count()).toBe(0);
    await learner.getByTestId('terminal-keys').click();
    await learner.locator('at-terminal-keys').getByText('quitter le terminal vers la leçon').waitFor();
    await learner.getByLabel('Mode lecteur d’écran').check();
    await accessibility.waitFor({ state: 'attached' });
    await screenshot(learner, 'terminal-02-keys-help');
    await learner.keyboard.press('Escape');
    await learner.reload();
    await expect.poll(() => terminalText(learner), { timeout: 30_000 }).toMatch(PROMPT);
    await accessibility.waitFor({ state: 'attached' });
    await learner.getByTestId('terminal-keys').click();
    expect(await learner.getByLabel('Mode lecteur d’écran').isChecked()).toBe(true);
    await learner.getByLabel('Mode lecteur d’écran').uncheck();
    await accessibility.waitFor({ state: 'detached' });
    await learner.getByTestId('terminal-keys').click();
  });

  it('a watching trainer ends on the same screen as the learner after a flood and typing', async () => {
    dumpOnFailure('mirror');
    await trainer.goto(`${server.url}/classes/${classId}`);
    await trainer.getByRole('button', { name: 'Regarder — Léa Terminal' }).click();
    await learner.getByTestId('watching-banner').waitFor();
    await learner.locator('at-terminal').click();
    await learner.keyboard.type('seq 1 200000; echo flood-$((6*7))');
    await learner.keyboard.press('Enter');
    // Typed while the flood runs: the shell reads it after.
    await learner.keyboard.type('echo after-$((1+2))');
    await learner.keyboard.press('Enter');
    await expect
      .poll(async () => tail(await terminalText(learner), 4), { timeout: 90_000 })
      .toMatch(/^flood-42$[\s\S]*^after-3$\n.*#$/m);
    const mirror = () =>
      trainer
        .locator('at-terminal-watch')
        .evaluate((el) => (el as HTMLElement & { readScreen(): string }).readScreen())
        .catch(() => '');
    const learnerEnd = tail(await terminalText(learner));
    await expect.poll(async () => tail(await mirror()), { timeout: 30_000 }).toBe(learnerEnd);
    await screenshot(trainer, 'terminal-03-mirror-after-flood');
    // The read-only mirror does not keep the keyboard: Tab leaves it.
    await trainer.locator('at-terminal-watch .xterm').click();
    await trainer.keyboard.press('Tab');
    expect((await focused(trainer)).path).not.toMatch(/at-terminal-watch > .*textarea/);
    await trainer.getByRole('button', { name: 'Fermer', exact: true }).click();
    await learner.getByTestId('watching-banner').waitFor({ state: 'detached' });
  });

  it('offline: banner and terminal state, typing kept and sent, banner gone once back', async () => {
    dumpOnFailure('offline');
    await learner.locator('at-terminal').click();
    await learner.context().setOffline(true);
    await learner.getByText('Le serveur ne répond pas').waitFor({ timeout: 20_000 });
    await learner.getByTestId('term-offline-input').waitFor();
    await learner.keyboard.type('echo offline-$((2+3))');
    await learner.keyboard.press('Enter');
    await learner.getByText('caractère(s) en attente d’envoi').waitFor();
    await screenshot(learner, 'terminal-04-offline');
    await learner.context().setOffline(false);
    // The banner goes with the reconnection, not at the next 30 s poll.
    await learner.getByText('Le serveur ne répond pas').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => terminalText(learner), { timeout: 15_000 }).toMatch(/^offline-5$/m);
    await screenshot(learner, 'terminal-05-back-online');
    expect(problems).toEqual([]);
  });
});
