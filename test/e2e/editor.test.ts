// The file editor beside the terminal, in real Chromium and with the keyboard only: Alice opens nginx's
// default site from the lesson, changes its port with search and replace, saves with Ctrl+S, runs `nginx -t`
// in her terminal and sees it pass; her trainer, watching her, sees which file she has open and reads it.
// The course page with the editor open passes the axe-core audit. Course: test/fixtures/courses-editor.
// Screenshots go to test/e2e/artifacts/ (git-ignored).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { axeProblems } from './support/axe.js';
import {
  launchChromium,
  screenshot,
  signedInPage,
  terminalText,
  watchPageProblems,
} from './support/browser.js';

const COURSE = 'editeur';
const SITE = '/etc/nginx/sites-available/default';

describe('the editor beside the terminal', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Page;
  let trainer: Page;
  let classId = '';
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        ATELIER_COURSES_DIR: 'test/fixtures/courses-editor',
        ATELIER_EXERCISES_DIR: path.resolve('exercises'),
        ATELIER_AUTO_CHECK_MS: '0',
      },
    });
    browser = await launchChromium();
    const { client: trainerHttp } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = await trainerHttp.post('/api/classes', { name: 'Éditeur', courseIds: [COURSE] });
    classId = cls.body.id;
    const learner = httpClient(server.url);
    await learner.post('/api/join', { code: cls.body.joinCode, displayName: 'Alice', password: PASSWORD });
    alice = await signedInPage(browser, server.url, learner.cookie);
    trainer = await signedInPage(browser, server.url, trainerHttp.cookie);
    problems = [...watchPageProblems(alice), ...watchPageProblems(trainer)];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const editor = () => alice.locator('at-file-editor');
  const content = () => editor().getByRole('textbox', { name: `Contenu de ${SITE}` });

  it('changes nginx’s port with the keyboard only, saves, and `nginx -t` passes in the terminal', async () => {
    onTestFailed(async () => {
      await screenshot(alice, 'failed-editor-alice').catch(() => undefined);
      console.error(`[e2e] terminal at failure:\n${await terminalText(alice)}`);
    });
    await alice.goto(`${server.url}/courses/${COURSE}`);
    const start = alice.getByRole('button', { name: 'Démarrer le lab' });
    await start.focus();
    await alice.keyboard.press('Enter');
    await expect.poll(() => terminalText(alice), { timeout: 60_000 }).toMatch(/#\s*$/m);

    // From the lesson: the exercise's file opens in the editor tab, the focus in its text.
    const link = alice.getByRole('button', { name: `Ouvrir dans l’éditeur : ${SITE}` });
    await link.focus();
    await alice.keyboard.press('Enter');
    await expect.poll(() => content().evaluate((el) => el.matches(':focus')), { timeout: 15_000 }).toBe(true);
    expect(await alice.getByRole('tab', { name: /Éditeur/ }).getAttribute('aria-selected')).toBe('true');

    // Search and replace: Ctrl+F finds « listen 80 », Escape returns to the text with it selected.
    await alice.keyboard.press('Control+f');
    await alice.keyboard.type('listen 80 default_server');
    await alice.keyboard.press('Enter');
    await alice.keyboard.press('Escape');
    await alice.keyboard.type('listen 8080 default_server');
    await editor()
      .getByRole('button', { name: /non enregistré/ })
      .waitFor();
    await alice.keyboard.press('Control+s');
    await editor().getByTestId('editor-status').getByText(`Enregistré : ${SITE}`).waitFor();
    await screenshot(alice, 'editor-01-saved');

    const labs = (await alice.evaluate(() => fetch('/api/labs').then((r) => r.json()))) as { id: string }[];
    const file = await server.runtime.exec(labs[0]!.id, ['stat', '-c', '%U:%G %a', SITE]);
    expect(file.stdout).toBe('root:root 644\n');
    const grep = await server.runtime.exec(labs[0]!.id, ['grep', '-c', 'listen 8080 default_server;', SITE]);
    expect(grep.stdout).toBe('1\n');

    // Back to the shell with the keyboard: its tab is before the editor's, then Tab into the terminal.
    await alice.getByRole('tab', { name: /Éditeur/ }).focus();
    await alice.keyboard.press('ArrowLeft');
    const inTerminal = () =>
      alice
        .locator('at-terminal')
        .first()
        .evaluate((el) => el.matches(':focus-within'));
    for (let i = 0; i < 8 && !(await inTerminal()); i++) await alice.keyboard.press('Tab');
    expect(await inTerminal()).toBe(true);
    await alice.keyboard.type('nginx -t');
    await alice.keyboard.press('Enter');
    await expect
      .poll(() => terminalText(alice), { timeout: 15_000 })
      .toMatch(/configuration file \/etc\/nginx\/nginx.conf test is successful/);
    await screenshot(alice, 'editor-02-nginx-t');
  });

  it('shows the trainer watching Alice which file she has open, read-only', async () => {
    onTestFailed(async () => {
      await screenshot(trainer, 'failed-editor-trainer').catch(() => undefined);
    });
    await alice.getByRole('tab', { name: /Éditeur/ }).click();
    await content().waitFor();
    await trainer.goto(`${server.url}/classes/${classId}`);
    await trainer.getByRole('button', { name: 'Regarder — Alice' }).click();
    const watch = trainer.locator('at-terminal-watch');
    await watch.getByText(`Ouvert dans son éditeur : lab:${SITE}`).waitFor();
    await watch.getByRole('button', { name: 'Voir le fichier' }).click();
    const shown = watch.getByRole('textbox', { name: `Fichier lab:${SITE} de l’apprenant (lecture seule)` });
    await expect
      .poll(() => shown.textContent(), { timeout: 10_000 })
      .toContain('listen 8080 default_server;');
    expect(await shown.getAttribute('aria-readonly')).toBe('true');
    await screenshot(trainer, 'editor-03-trainer');
    await shown.focus();
    await trainer.keyboard.type('du texte du formateur');
    expect(await shown.textContent()).not.toContain('du texte du formateur');
  });

  it('passes the accessibility audit with the editor open', async () => {
    await alice.getByRole('tab', { name: /Éditeur/ }).click();
    await content().waitFor();
    expect(await axeProblems(alice)).toEqual([]);
    expect(await axeProblems(trainer)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
