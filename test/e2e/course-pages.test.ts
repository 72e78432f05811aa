// A course's introduction and finish pages and the « Traduction à faire » mark, in real Chromium (the
// extras fixture: an untranslated Killercoda import with both pages). A learner's first visit opens the
// introduction; « Commencer » leads to the first exercise; the finish page is a step of its own. Trainers
// see the mark on the catalogue card and the course header, learners do not.
// Screenshots go to test/e2e/artifacts/ (git-ignored).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signedInPage, screenshot, watchPageProblems } from './support/browser.js';

const COURSE = 'extras';

describe('course pages: introduction, finish, translation pending', () => {
  let server: TestServer;
  let browser: Browser;
  let learner: Page;
  let trainer: Page;
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_COURSES_DIR: 'test/fixtures/courses-extras' } });
    const { client: tr } = await userWithRole(server, 'formatrice', 'trainer');
    const { client: le } = await userWithRole(server, 'alice', 'learner');
    browser = await launchChromium();
    const pageFor = (cookie: string) => signedInPage(browser, server.url, cookie);
    learner = await pageFor(le.cookie);
    trainer = await pageFor(tr.cookie);
    problems = [...watchPageProblems(learner), ...watchPageProblems(trainer)];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(learner, `failed-pages-${name}-learner`).catch(() => undefined);
      await screenshot(trainer, `failed-pages-${name}-trainer`).catch(() => undefined);
    });
  const step = (page: Page, name: string) =>
    page.getByRole('list', { name: 'Exercices' }).getByRole('button', { name });

  it('a learner’s first visit opens the introduction; « Commencer » goes to the first exercise', async () => {
    dumpOnFailure('intro');
    await learner.goto(`${server.url}/courses/${COURSE}`);
    await learner.getByRole('heading', { name: 'Bienvenue' }).waitFor();
    expect(await step(learner, 'Introduction').getAttribute('aria-current')).toBe('step');
    // The lesson's code blocks work as in an exercise (French labels).
    await learner.getByRole('button', { name: 'Copier' }).first().waitFor();
    // A learner never sees the trainers' mark.
    expect(await learner.getByTestId('untranslated').count()).toBe(0);
    await screenshot(learner, 'pages-01-learner-intro');
    await learner.getByRole('button', { name: 'Commencer →' }).click();
    await learner.getByRole('heading', { name: 'Keep your history' }).first().waitFor();
    expect(new URL(learner.url()).searchParams.get('ex')).toBe('historique');
    // The English lesson stands in for the missing French one.
    await learner.getByText('Every command you type').waitFor();
    // Back: the introduction is a step before the first exercise.
    await learner.getByRole('button', { name: '← Précédent' }).click();
    await learner.getByRole('heading', { name: 'Bienvenue' }).waitFor();
  });

  it('the next visit opens the first exercise; the finish page is reachable as the last step', async () => {
    dumpOnFailure('finish');
    await learner.goto(`${server.url}/courses/${COURSE}`);
    await learner.getByRole('heading', { name: 'Keep your history' }).first().waitFor();
    await step(learner, 'Fin').click();
    await learner.getByRole('heading', { name: 'Bravo' }).waitFor();
    await learner.getByText('2 exercice(s) restent à réussir.').waitFor();
    expect(new URL(learner.url()).searchParams.get('ex')).toBe('finish');
    await screenshot(learner, 'pages-02-learner-finish');
  });

  it('the shell init is in the learner’s terminal; passing the last exercise opens the finish page', async () => {
    dumpOnFailure('complete');
    await step(learner, 'Keep your history').click();
    await learner.getByRole('button', { name: 'Démarrer le lab' }).click();
    const screen = () =>
      learner
        .locator('at-terminal:not([hidden])')
        .evaluate((el) => (el as HTMLElement & { readScreen(all?: boolean): string }).readScreen(true))
        .catch(() => '');
    await expect.poll(screen, { timeout: 60_000 }).toMatch(/#\s*$/m);
    const type = async (line: string) => {
      await learner.locator('at-terminal:not([hidden])').click();
      await learner.keyboard.type(line);
      await learner.keyboard.press('Enter');
    };
    // The course's shellInit ran in this login shell; the exercise's keeps the history written at once.
    await type('echo "[$ATELIER_DEMO]"; echo cron-demo');
    await expect.poll(screen, { timeout: 10_000 }).toMatch(/^\[cours\]\s*$/m);
    await learner.getByTestId('check').click();
    await learner.getByText('Bravo, exercice réussi !').waitFor({ timeout: 20_000 });
    await learner.getByRole('button', { name: 'Suivant →' }).click();
    await type('touch /root/fait');
    await learner.getByTestId('check').click();
    // The check that completes the course leads to the finish page.
    await learner.getByText('Vous avez réussi tous les exercices de ce cours.').waitFor({ timeout: 20_000 });
    await learner.getByRole('heading', { name: 'Bravo' }).waitFor();
    expect(new URL(learner.url()).searchParams.get('ex')).toBe('finish');
    await screenshot(learner, 'pages-03-learner-finished');
  });

  it('a trainer sees « Traduction à faire » on the catalogue card and the course header', async () => {
    dumpOnFailure('trainer');
    await trainer.goto(`${server.url}/`);
    const card = trainer.locator(`article.card[data-course="${COURSE}"]`);
    await card.getByText('Traduction à faire').waitFor();
    await screenshot(trainer, 'pages-04-trainer-catalogue');
    await card.getByRole('link').click();
    await trainer.getByRole('heading', { level: 1 }).getByText('Traduction à faire').waitFor();
    expect(await step(trainer, 'Introduction').getAttribute('aria-current')).toBe('step');
    await screenshot(trainer, 'pages-05-trainer-course');
    // In English the course is not "untranslated": no mark.
    await trainer.getByRole('button', { name: 'EN', exact: true }).click();
    await trainer.getByRole('heading', { name: 'Welcome' }).waitFor();
    expect(await trainer.getByTestId('untranslated').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
