// A trainer resets a learner's lab (issue 17, item 1): the learner's open course page follows the new
// machine by itself, as after their own reset: the notice « … a réinitialisé votre lab », the old red
// results gone, a running lab and a fresh prompt without pressing a key. Courses: test/fixtures/courses-lab.
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

const COURSE = 'lab-lent';

describe('lab reset by a trainer, seen by the learner', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_COURSES_DIR: 'test/fixtures/courses-lab' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the learner’s page shows the new lab running, a fresh prompt and no old results', async () => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-lab-reset').catch(() => undefined);
      console.error(`[e2e] terminal at failure:\n${await terminalText(page)}`);
    });
    const { client: trainer } = await userWithRole(server, 'formateur-reset', 'trainer');
    const cls = await trainer.post('/api/classes', { name: 'Labs du matin', courseIds: [COURSE] });
    expect(cls.status).toBe(201);
    const learner = httpClient(server.url);
    const joined = await learner.post('/api/join', {
      code: cls.body.joinCode,
      displayName: 'Zoé Reset',
      password: PASSWORD,
    });
    expect(joined.status).toBe(201);

    page = await signedInPage(browser, server.url, learner.cookie);
    problems = watchPageProblems(page);
    await page.goto(`${server.url}/courses/${COURSE}?ex=un`);
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(/root@lab:~#\s*$/m);
    // A failed check on the old machine: red results on the page.
    await page.getByTestId('check').click();
    await expect.poll(() => page.getByTestId('check-result').textContent()).toMatch(/1 vérification/);
    await page.locator('at-terminal').click();
    await page.keyboard.type('echo ancienne-machine');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/^ancienne-machine$/m);

    const reset = await trainer.post(`/api/classes/${cls.body.id}/learners/${joined.body.user.id}/reset`, {
      courseId: COURSE,
    });
    expect(reset.status).toBe(200);

    await page.getByText('a réinitialisé votre lab').waitFor({ timeout: 30_000 });
    // A fresh shell by itself (nothing typed): the old output is gone and a prompt waits.
    await expect
      .poll(async () => (await terminalText(page)).trim(), { timeout: 30_000 })
      .toMatch(/^root@lab:~#$/);
    await expect.poll(() => page.getByTestId('term-status').textContent()).toContain('connecté');
    expect(await page.getByTestId('check-result').count()).toBe(0);
    expect(await page.getByTestId('check').isEnabled()).toBe(true);
    expect(await page.getByText('Démarrez le lab pour vérifier votre travail.').count()).toBe(0);
    await screenshot(page, 'lab-reset-learner-after');
    expect(problems).toEqual([]);
  });
});
