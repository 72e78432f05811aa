// The trainer's week in two real browsers: a trainer creates a class and schedules a session from the
// class page, a learner joins and starts the course, the trainer catches the learner up to exercise 3
// from the grid, and the learner's page shows exercise 3 with its lesson while the grid shows the two
// earlier exercises « rattrapé » (not « réussi »). Screenshots go to test/e2e/artifacts/ (git-ignored).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { dayIn } from '../../client/src/lib/class-week.js';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, screenshot, terminalText, watchPageProblems } from './support/browser.js';

const COURSE = 'premiers-pas';
const EARLIER = ['se-reperer', 'dossiers'];
const TARGET = { id: 'fichiers', title: 'Copier, déplacer, supprimer', n: 3 };
const PROMPT = /#\s*$/m;

describe('the trainer’s week: a session on the timetable, a learner caught up from the grid', () => {
  let server: TestServer;
  let browser: Browser;
  let trainer: Page;
  let learner: Page;
  let problems: string[];
  let code = '';

  beforeAll(async () => {
    server = await startTestServer();
    await userWithRole(server, 'formatrice-semaine', 'trainer');
    browser = await launchChromium();
    trainer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    learner = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    problems = [...watchPageProblems(trainer), ...watchPageProblems(learner)];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(trainer, `failed-week-${name}-trainer`).catch(() => undefined);
      await screenshot(learner, `failed-week-${name}-learner`).catch(() => undefined);
      console.error(`[e2e] learner terminal at failure:\n${await terminalText(learner)}`);
    });

  it('the trainer creates a class and schedules a session from the class page', async () => {
    dumpOnFailure('session');
    await trainer.goto(`${server.url}/login`);
    await trainer.getByLabel('Nom d’utilisateur').fill('formatrice-semaine');
    await trainer.getByLabel('Mot de passe').fill(PASSWORD);
    await trainer.getByRole('button', { name: 'Se connecter' }).click();
    await trainer.getByRole('link', { name: 'Classes' }).click();
    await trainer.getByLabel('Nom de la classe').fill('Linux — semaine du 8 mars');
    await trainer.getByLabel('Premiers pas sur un serveur').check();
    await trainer.getByRole('button', { name: 'Créer la classe' }).click();
    await expect.poll(() => new URL(trainer.url()).pathname).toMatch(/^\/classes\/[a-f0-9]{16}$/);
    code = (await trainer.getByTestId('join-code').textContent())!.trim();

    // Tomorrow in the class's zone: joining stays open (it closes at the end of the last session).
    const tomorrow = dayIn('Europe/Paris', Date.now() + 24 * 3600_000);
    const sessions = trainer.locator('at-class-sessions');
    await sessions.getByText('Aucune séance prévue.').waitFor();
    await sessions.getByLabel('Cours').selectOption(COURSE);
    await sessions.getByLabel('Date').fill(tomorrow);
    await sessions.getByLabel('Début').fill('09:00');
    await sessions.getByLabel('Fin', { exact: true }).fill('12:30');
    await sessions.getByLabel('Apprenants attendus').fill('2');
    await sessions.getByRole('button', { name: 'Ajouter' }).click();
    await sessions.getByText('1 séance(s) ajoutée(s).').waitFor();
    const row = sessions.locator('tr[data-session]');
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('09:00 – 12:30');
    expect(text).toContain('Premiers pas sur un serveur');
    expect(text).toContain('à venir');
    await screenshot(trainer, 'week-01-session-scheduled');
  });

  it('a learner joins with the code and starts the course', async () => {
    dumpOnFailure('join');
    await learner.goto(`${server.url}/join/${code}`);
    await learner.getByLabel('Votre nom').fill('Zoé Martin');
    await learner.getByLabel('Choisissez un mot de passe').fill(PASSWORD);
    await learner.getByRole('button', { name: 'Rejoindre la classe' }).click();
    await learner.getByRole('button', { name: 'Aller à mes cours' }).click();
    await learner.locator('[data-my-class] a.course').click();
    await learner.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(() => terminalText(learner), { timeout: 60_000 }).toMatch(PROMPT);
    await trainer.locator('tr[data-learner] .name', { hasText: 'Zoé Martin' }).waitFor();
  });

  it('the trainer catches the learner up to exercise 3; the learner goes on from its lesson', async () => {
    dumpOnFailure('catch-up');
    await trainer.getByRole('button', { name: 'Rattraper jusqu’à l’exercice… — Zoé Martin' }).click();
    const dialog = trainer.getByRole('dialog', { name: 'Rattraper Zoé Martin' });
    await dialog.getByLabel('Jusqu’au début de l’exercice').selectOption(TARGET.id);
    await dialog.getByLabel('Message à l’apprenant').fill('On reprend ensemble à l’exercice 3.');
    await screenshot(trainer, 'week-02-catch-up-dialog');
    await dialog.getByRole('button', { name: 'Rattraper' }).click();
    await trainer.getByText(`Zoé Martin reprend à l’exercice ${TARGET.n}.`).waitFor({ timeout: 120_000 });

    // The learner: exercise 3 with its lesson, a fresh shell, the earlier steps marked « rattrapé ».
    await expect
      .poll(() => learner.locator('at-lesson #ex-title').textContent(), { timeout: 30_000 })
      .toBe(TARGET.title);
    expect(new URL(learner.url()).searchParams.get('ex')).toBe(TARGET.id);
    expect(await learner.locator('at-lesson .content').textContent()).not.toBe('');
    await expect.poll(() => terminalText(learner), { timeout: 30_000 }).toMatch(PROMPT);
    await expect.poll(() => learner.locator('.step.skipped').count()).toBe(EARLIER.length);
    await learner.getByTestId('toast').getByText('On reprend ensemble à l’exercice 3.').waitFor();
    await screenshot(learner, 'week-03-learner-caught-up');

    // The grid: the earlier cells caught up, drawn apart from the learner's own passes.
    for (const ex of EARLIER) {
      const cell = trainer.locator(`td[data-cell$="/${COURSE}/${ex}"]`);
      await expect.poll(() => cell.getAttribute('data-status'), { timeout: 10_000 }).toBe('skipped');
      expect(await cell.locator('.sq').getAttribute('aria-label')).toContain('rattrapé');
    }
    const target = trainer.locator(`td[data-cell$="/${COURSE}/${TARGET.id}"]`);
    expect(await target.getAttribute('data-status')).not.toBe('skipped');
    await screenshot(trainer, 'week-04-grid-caught-up');
    expect(problems).toEqual([]);
  });
});
