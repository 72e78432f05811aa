// Help at the keyboard with consent, in two real browsers: the trainer watches Alice's terminal and asks
// for her keyboard, Alice accepts, the trainer types a command that Alice sees run in her own terminal,
// then Alice takes the keyboard back in one click. Screenshots go to test/e2e/artifacts/ (git-ignored).
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

describe('keyboard hand-over with the learner’s consent', () => {
  let server: TestServer;
  let browser: Browser;
  let trainer: Page;
  let learner: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_AUTO_CHECK_MS: '0' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const mirror = () =>
    trainer
      .locator('at-terminal-watch')
      .evaluate((el) => (el as HTMLElement & { readScreen(): string }).readScreen())
      .catch(() => '');

  it('the trainer types in Alice’s shell only after she accepts, until she takes it back', async () => {
    onTestFailed(async () => {
      await screenshot(trainer, 'failed-keyboard-trainer').catch(() => undefined);
      await screenshot(learner, 'failed-keyboard-learner').catch(() => undefined);
      console.error(`[e2e] learner terminal at failure:\n${await terminalText(learner)}`);
    });
    const { client: trainerHttp } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = await trainerHttp.post('/api/classes', { name: 'Clavier', courseIds: [COURSE] });
    const alice = httpClient(server.url);
    await alice.post('/api/join', { code: cls.body.joinCode, displayName: 'Alice', password: PASSWORD });

    learner = await signedInPage(browser, server.url, alice.cookie);
    trainer = await signedInPage(browser, server.url, trainerHttp.cookie);
    problems = [...watchPageProblems(learner), ...watchPageProblems(trainer)];
    await learner.goto(`${server.url}/courses/${COURSE}`);
    await learner.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(() => terminalText(learner), { timeout: 60_000 }).toMatch(/#\s*$/m);

    await trainer.goto(`${server.url}/classes/${cls.body.id}`);
    await trainer.getByRole('button', { name: 'Regarder — Alice' }).click();
    await learner.getByTestId('watching-banner').waitFor();
    await trainer.getByRole('button', { name: 'Prendre le clavier' }).click();
    await trainer.getByText('Demande envoyée à Alice').waitFor();

    const request = learner.getByRole('alertdialog', { name: 'Demande de clavier' });
    await request.getByText('formatrice, votre formateur, demande à prendre le clavier.').waitFor();
    await screenshot(learner, 'keyboard-01-request');
    await request.getByRole('button', { name: 'Accepter' }).click();

    await trainer.getByTestId('watch-keyboard-banner').getByText('Vous avez le clavier de Alice').waitFor();
    const banner = learner.getByTestId('keyboard-banner');
    await banner.getByText('Votre formateur a le clavier (formatrice)').waitFor();
    // The trainer's own page shows no learner's banner: their side is the watch's.
    expect(await trainer.getByTestId('keyboard-banner').count()).toBe(0);
    await trainer.locator('at-terminal-watch .screen').click();
    await trainer.keyboard.type('echo formateur-$((6*7))');
    await trainer.keyboard.press('Enter');
    await expect.poll(() => terminalText(learner), { timeout: 10_000 }).toMatch(/^formateur-42\s*$/m);
    await expect.poll(mirror).toMatch(/^formateur-42\s*$/m);
    await screenshot(trainer, 'keyboard-02-trainer-typing');
    await screenshot(learner, 'keyboard-03-learner-banner');

    await banner.getByRole('button', { name: 'Reprendre le clavier' }).click();
    await banner.waitFor({ state: 'detached' });
    await trainer.getByText('Alice a repris le clavier.').waitFor();
    await trainer.getByRole('button', { name: 'Prendre le clavier' }).waitFor();
    // Read-only again: what the trainer types goes nowhere.
    await trainer.locator('at-terminal-watch .screen').click();
    await trainer.keyboard.type('echo encore-$((1+1))');
    await trainer.keyboard.press('Enter');
    await learner.locator('at-terminal').click();
    await learner.keyboard.type('echo apprenante-$((2+3))');
    await learner.keyboard.press('Enter');
    await expect.poll(() => terminalText(learner)).toMatch(/^apprenante-5\s*$/m);
    expect(await terminalText(learner)).not.toContain('encore-2');
    await screenshot(trainer, 'keyboard-04-trainer-given-back');
    expect(problems).toEqual([]);
  });
});
