// The trainer's demo in real browsers: the trainer starts a lab on the course and a demo for their class
// with the « Démo » control; two learners (two browser contexts) see the trainer's terminal, read-only, in
// the « Démo du formateur » panel beside their lesson, one of them opening the page late (the screen is
// replayed); the trainer sees how many watch, and stopping the demo removes the panels.
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
import { axeProblems } from './support/axe.js';

const COURSE = 'premiers-pas';
const PROMPT = /#\s*$/m;

/** The demo panel's screen text, through `<at-demo-panel>.readScreen()`. */
const demoText = (page: Page) =>
  page
    .locator('at-demo-panel')
    .evaluate((el) => (el as HTMLElement & { readScreen(): string }).readScreen())
    .catch(() => '');

describe('trainer demo: seen by two learners', () => {
  let server: TestServer;
  let browser: Browser;
  let trainer: Page;
  let lea: Page;
  let tom: Page;
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer();
    const { client } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = (await client.post('/api/classes', { name: 'Démo du lundi', courseIds: [COURSE] })).body;
    const join = async (name: string) => {
      const http = httpClient(server.url);
      const res = await http.post('/api/join', { code: cls.joinCode, displayName: name, password: PASSWORD });
      if (res.status !== 201) throw new Error(`join ${name}: ${res.status}`);
      return http.cookie;
    };
    browser = await launchChromium();
    trainer = await signedInPage(browser, server.url, client.cookie);
    lea = await signedInPage(browser, server.url, await join('Léa'));
    tom = await signedInPage(browser, server.url, await join('Tom'));
    problems = [trainer, lea, tom].flatMap((p) => watchPageProblems(p));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the trainer’s terminal live to both learners, read-only', async () => {
    onTestFailed(async () => {
      for (const [name, page] of [
        ['trainer', trainer],
        ['lea', lea],
        ['tom', tom],
      ] as const)
        await screenshot(page, `failed-demo-${name}`).catch(() => undefined);
    });
    await trainer.goto(`${server.url}/courses/${COURSE}`);
    await trainer.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(() => terminalText(trainer), { timeout: 30_000 }).toMatch(PROMPT);

    // Léa is on the course page before the demo starts.
    await lea.goto(`${server.url}/courses/${COURSE}`);
    await lea.getByRole('heading', { level: 1 }).waitFor();

    await trainer.getByRole('button', { name: 'Démo', exact: true }).click();
    await trainer.getByLabel('Classe').selectOption({ label: 'Démo du lundi' });
    await trainer.getByRole('button', { name: 'Démarrer la démo' }).click();
    await trainer.getByText('Démo en cours pour « Démo du lundi »').waitFor();

    await lea.getByRole('heading', { name: 'Démo du formateur' }).waitFor();
    await trainer.locator('at-terminal').click();
    await trainer.keyboard.type('echo demo-$((40+2))');
    await trainer.keyboard.press('Enter');
    await expect.poll(() => demoText(lea), { timeout: 10_000 }).toMatch(/^demo-42\s*$/m);

    // Tom opens the page late: the screen is replayed.
    await tom.goto(`${server.url}/courses/${COURSE}`);
    await expect.poll(() => demoText(tom), { timeout: 10_000 }).toMatch(/^demo-42\s*$/m);
    await expect
      .poll(() => trainer.getByTestId('demo-watchers').textContent(), { timeout: 10_000 })
      .toBe('2 apprenants regardent');

    // Read-only: Léa's keys never reach the trainer's shell.
    await lea.locator('at-demo-panel .screen').click();
    await lea.keyboard.type('echo intrus');
    await lea.keyboard.press('Enter');
    await trainer.keyboard.type('echo suite-$((1+1))');
    await trainer.keyboard.press('Enter');
    await expect.poll(() => demoText(tom), { timeout: 10_000 }).toMatch(/^suite-2\s*$/m);
    expect(await terminalText(trainer)).not.toContain('intrus');
    await screenshot(tom, 'demo-01-learner-panel');
    await screenshot(trainer, 'demo-02-trainer-control');
    expect([...(await axeProblems(tom)), ...(await axeProblems(trainer))]).toEqual([]);

    // Léa hides the panel; the trainer stops: Tom's panel goes.
    await lea.getByRole('button', { name: 'Masquer la démo' }).click();
    await lea.getByRole('button', { name: 'Afficher la démo' }).waitFor();
    await trainer.getByRole('button', { name: 'Arrêter la démo' }).click();
    await tom.getByTestId('demo-panel').waitFor({ state: 'detached' });
    await lea.getByTestId('demo-panel').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
