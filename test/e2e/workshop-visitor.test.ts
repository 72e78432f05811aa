// A visitor from a workshop's link to a passing exercise, without an account: the link's page, a first
// name, one click, the lab starts on the course page, a command, « Vérifier ». And the page that says a
// workshop has not opened yet. Courses: test/fixtures/courses-lab.
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { utcToZoned } from '../../server/classes/zoned-time.js';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type httpClient, type TestServer } from '../support/server.js';
import { launchChromium, screenshot, terminalText, watchPageProblems } from './support/browser.js';

const PROMPT = /root@lab:~#\s*$/;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious or critical axe-core violations on the page (its ids). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(d: Document): Promise<{ violations: { id: string; impact: string }[] }> };
      }
    ).axe;
    const { violations } = await axe.run(document);
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}
const ZONE = 'UTC';

/** A window on UTC clocks around now (`days` later), kept within one day. */
function windowOf(days: number) {
  const now = Date.now() + days * 86_400_000;
  const from = utcToZoned(Math.max(now - 3_600_000, Math.floor(now / 86_400_000) * 86_400_000), ZONE);
  const to = utcToZoned(
    Math.min(now + 2 * 3_600_000, Math.ceil(now / 86_400_000) * 86_400_000 - 60_000),
    ZONE,
  );
  return { date: from.date, start: from.time, end: to.time, timeZone: ZONE };
}

describe('a workshop visitor, from the link to a passing exercise', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let trainer: ReturnType<typeof httpClient>;
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_COURSES_DIR: 'test/fixtures/courses-lab' } });
    trainer = (await userWithRole(server, 'animatrice', 'trainer')).client;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'fr-FR' });
    page = await context.newPage();
    problems = watchPageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a trainer creates a workshop from the classes page and gets its link and QR code', async () => {
    // bypassCSP lets the audit add axe-core's script (tests only).
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
      timezoneId: 'UTC',
    });
    const [name, value] = trainer.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
    const own = await context.newPage();
    await own.goto(`${server.url}/classes`);
    await own.getByText('Nouvel atelier').click();
    await own.getByLabel('Nom de l’atelier').fill('Install party');
    const form = own.getByTestId('new-workshop');
    await form.getByLabel('Un lab lent').check();
    const w = windowOf(0);
    await form.getByLabel('Début').fill(w.start);
    await form.getByLabel('Fin', { exact: true }).fill(w.end);
    await form.getByLabel('Jour').fill(w.date);
    await form.getByLabel('Places').fill('12');
    await own.getByRole('button', { name: 'Créer l’atelier' }).click();
    await own.waitForURL(/\/workshops\/[a-f0-9]{16}$/);
    await expect
      .poll(() => own.getByTestId('workshop-url').textContent())
      .toMatch(/\/w\/[A-Z]+-\d{4}-\d{4}$/);
    await expect.poll(() => own.getByTestId('workshop-seats').textContent()).toMatch(/0 \/ 12 places prises/);
    const qr = own.getByRole('img', { name: /QR code du lien/ });
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await screenshot(own, 'workshop-visitor-0-trainer-board');
    expect(await axeViolations(own)).toEqual([]);
    const link = (await own.getByTestId('workshop-url').textContent())!;
    await own.goto(link);
    await own.getByRole('button', { name: 'Entrer dans l’atelier' }).waitFor();
    expect(await axeViolations(own)).toEqual([]);
    await context.close();
  });

  it('says when a workshop opens, before its window', async () => {
    const later = await trainer.post('/api/workshops', {
      name: 'Atelier de demain',
      courseIds: ['lab-lent'],
      seats: 5,
      ...windowOf(1),
    });
    expect(later.status).toBe(201);
    await page.goto(`${server.url}/w/${later.body.joinCode}`);
    const refusal = page.getByTestId('workshop-refusal');
    await expect.poll(() => refusal.textContent()).toMatch(/n’a pas encore commencé : il ouvre le/);
    expect(await page.getByRole('button', { name: 'Entrer dans l’atelier' }).count()).toBe(0);
  });

  it('enters with a first name, gets a lab and passes an exercise', async () => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-workshop-visitor').catch(() => undefined);
      console.error(`[e2e] terminal at failure:\n${await terminalText(page).catch(() => '')}`);
    });
    const made = await trainer.post('/api/workshops', {
      name: 'Fête de la science',
      courseIds: ['lab-lent'],
      seats: 10,
      ...windowOf(0),
    });
    expect(made.status).toBe(201);
    await page.goto(`${server.url}/w/${made.body.joinCode}`);
    await page.getByRole('heading', { name: 'Fête de la science' }).waitFor();
    await page.getByLabel('Votre prénom (facultatif)').fill('Zoé');
    await screenshot(page, 'workshop-visitor-1-link');
    await page.getByRole('button', { name: 'Entrer dans l’atelier' }).click();

    // The course page, with the lab starting by itself.
    await page.waitForURL(/\/courses\/lab-lent/);
    const lastLine = async () => (await terminalText(page)).trimEnd().split('\n').at(-1) ?? '';
    await expect.poll(lastLine, { timeout: 90_000 }).toMatch(PROMPT);
    await page.locator('at-terminal').click();
    await page.keyboard.type('touch /root/un');
    await page.keyboard.press('Enter');
    await expect.poll(lastLine, { timeout: 10_000 }).toMatch(PROMPT);
    await page.getByTestId('check').click();
    await expect
      .poll(() => page.getByTestId('check-result').textContent(), { timeout: 30_000 })
      .toMatch(/réussi/);
    await screenshot(page, 'workshop-visitor-2-passed');

    // The trainer's grid has the visitor, by first name, with the exercise done.
    const grid = await trainer.get(`/api/classes/${made.body.id}/progress`);
    const row = (grid.body.learners as { displayName: string; done: number }[]).find(
      (l) => l.displayName === 'Zoé',
    );
    expect(row?.done).toBe(1);
    expect(problems).toEqual([]);
  });
});
