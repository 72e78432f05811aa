// A formation week in two real browsers: a trainer creates a class, a student joins with the code and
// solves the first exercise of premiers-pas in their terminal, and the trainer's grid turns the cell
// green without a reload. Then the trainer watches the student's terminal and sends a message.
// Screenshots of both pages go to test/e2e/artifacts/ (git-ignored).
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, screenshot, terminalText, watchPageProblems } from './support/browser.js';

const COURSE = 'premiers-pas';
const EXERCISE = 'se-reperer';
const PASSWORD = 'un mot de passe solide';
const PROMPT = /#\s*$/m;

describe('trainer: class, join code, live grid', () => {
  let server: TestServer;
  let browser: Browser;
  let trainer: Page;
  let student: Page;
  let problems: string[];
  let code = '';

  beforeAll(async () => {
    server = await startTestServer();
    // Trainer accounts are given by the admin; in tests, through the repository.
    server.app.repos.users.create('formatrice', await hashPassword(PASSWORD), 'trainer');
    browser = await launchChromium();
    trainer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    student = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    problems = [...watchPageProblems(trainer), ...watchPageProblems(student)];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(trainer, `failed-${name}-trainer`).catch(() => undefined);
      await screenshot(student, `failed-${name}-student`).catch(() => undefined);
      console.error(`[e2e] student terminal at failure:\n${await terminalText(student)}`);
    });

  it('the trainer logs in and creates a class', async () => {
    dumpOnFailure('create');
    await trainer.goto(`${server.url}/login`);
    await trainer.getByLabel('Nom d’utilisateur').fill('formatrice');
    await trainer.getByLabel('Mot de passe').fill(PASSWORD);
    await trainer.getByRole('button', { name: 'Se connecter' }).click();
    await trainer.getByRole('link', { name: 'Classes' }).click();
    await trainer.getByRole('heading', { name: 'Mes classes' }).waitFor();
    await trainer.getByLabel('Nom de la classe').fill('Nginx — semaine du 3 mars');
    await trainer.getByLabel('Premiers pas sur un serveur').check();
    await screenshot(trainer, 'trainer-01-new-class');
    await trainer.getByRole('button', { name: 'Créer la classe' }).click();
    await expect.poll(() => new URL(trainer.url()).pathname).toMatch(/^\/classes\/[a-f0-9]{16}$/);
    code = (await trainer.getByTestId('join-code').textContent())!.trim();
    expect(code).toMatch(/^NGINX-\d{4}-\d{4}$/);
    await trainer.getByText('en direct').waitFor();
    await screenshot(trainer, 'trainer-02-empty-class');
  });

  it('a student joins with the code, a name and a password', async () => {
    dumpOnFailure('join');
    await student.goto(`${server.url}/join`);
    await student.getByLabel('Code de la classe').fill(code.toLowerCase());
    await student.getByLabel('Votre nom').fill('Zoé Martin');
    await student.getByLabel('Choisissez un mot de passe').fill(PASSWORD);
    await screenshot(student, 'student-01-join');
    await student.getByRole('button', { name: 'Rejoindre la classe' }).click();
    await expect.poll(() => student.getByTestId('join-username').textContent()).toBe('zoe-martin');
    await screenshot(student, 'student-02-welcome');
    await student.getByRole('button', { name: 'Aller à mes cours' }).click();
    await student.getByRole('heading', { name: 'Mes classes' }).waitFor();
    await screenshot(student, 'student-03-home');
    // The trainer's grid gains the row by itself.
    await trainer.locator('tr[data-learner] .name', { hasText: 'Zoé Martin' }).waitFor();
  });

  it('the student solves the first exercise; the trainer’s cell turns green without a reload', async () => {
    dumpOnFailure('solve');
    await student.locator('[data-my-class] a.course').click();
    await student.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(() => terminalText(student), { timeout: 30_000 }).toMatch(PROMPT);
    const cell = trainer.locator(`td[data-cell$="/${COURSE}/${EXERCISE}"]`);
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 10_000 }).toBe('in-progress');
    await student.locator('at-terminal').click();
    const lines = fs
      .readFileSync(`courses/${COURSE}/solutions/${EXERCISE}.sh`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    for (const line of lines) {
      await student.keyboard.type(line);
      await student.keyboard.press('Enter');
    }
    await student.getByRole('button', { name: 'Vérifier' }).click();
    await student.getByText('Bravo, exercice réussi !').waitFor({ timeout: 15_000 });
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 5_000 }).toBe('done');
    await screenshot(student, 'student-04-exercise-passed');
    await screenshot(trainer, 'trainer-03-grid-green');
  });

  it('the trainer watches the terminal read-only and sends a message', async () => {
    dumpOnFailure('watch');
    await trainer.getByRole('button', { name: 'Regarder — Zoé Martin' }).click();
    await student.getByTestId('watching-banner').waitFor();
    await student.locator('at-terminal').click();
    await student.keyboard.type('echo vu-par-$((40+2))');
    await student.keyboard.press('Enter');
    const mirror = () =>
      trainer
        .locator('at-terminal-watch')
        .evaluate((el) => (el as HTMLElement & { readScreen(): string }).readScreen())
        .catch(() => '');
    await expect.poll(mirror, { timeout: 10_000 }).toMatch(/^vu-par-42\s*$/m);
    await screenshot(trainer, 'trainer-04-watching');
    await screenshot(student, 'student-05-watched');
    await trainer.getByRole('button', { name: 'Fermer', exact: true }).click();
    await student.getByTestId('watching-banner').waitFor({ state: 'detached' });

    await trainer.getByRole('button', { name: 'Message — Zoé Martin' }).click();
    await trainer.getByLabel('Votre message').fill('Bravo, passez à la suite !');
    await trainer.getByRole('button', { name: 'Envoyer' }).click();
    await trainer.getByText('Message envoyé à 1 apprenant(s).').waitFor();
    await student.getByTestId('toast').getByText('Bravo, passez à la suite !').waitFor();
    await screenshot(student, 'student-06-message');
    expect(problems).toEqual([]);
  });
});
