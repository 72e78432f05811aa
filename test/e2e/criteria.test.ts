// What will be checked, before checking: an exercise lists its criteria in the learner's words, each
// « pas encore vérifié » at first; Vérifier marks each one met (✓) or not met (✗ with the check's message);
// a reset brings every one back to « pas encore vérifié ». Course: test/fixtures/courses-lab (lab-lent,
// exercise « deux »: /root/deux and /root/trois).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  launchChromium,
  screenshot,
  signedInPage,
  terminalText,
  watchPageProblems,
} from './support/browser.js';

const PROMPT = /root@lab:~#\s*$/;

describe('criteria of an exercise and their states', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_COURSES_DIR: 'test/fixtures/courses-lab' } });
    const { client } = await userWithRole(server, 'lea-criteres', 'learner');
    browser = await launchChromium();
    page = await signedInPage(browser, server.url, client.cookie);
    problems = watchPageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(page, `failed-criteria-${name}`).catch(() => undefined);
      console.error(`[e2e] terminal at failure:\n${await terminalText(page)}`);
    });
  const lastLine = async () => (await terminalText(page)).trimEnd().split('\n').at(-1) ?? '';
  const run = async (command: string) => {
    await page.locator('at-terminal').click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
    await expect.poll(lastLine, { timeout: 10_000 }).toMatch(PROMPT);
  };
  const criteria = (p: Page) => p.getByTestId('criteria');
  const states = () =>
    page
      .getByTestId('criteria')
      .locator('li')
      .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.state));
  const check = async () => {
    await page.getByTestId('check').click();
    await page.getByTestId('check-result').waitFor();
  };

  it('lists the criteria in the learner’s words, none checked yet', async () => {
    dumpOnFailure('listed');
    await page.goto(`${server.url}/courses/lab-lent?ex=deux`);
    const list = criteria(page);
    await list.getByRole('heading', { name: /Ce qui sera vérifié/ }).waitFor();
    // What a screen reader says of each: the criterion, then its state in words.
    const spoken = await list
      .getByRole('listitem')
      .evaluateAll((items) => items.map((li) => li.querySelector('.text')?.textContent?.trim()));
    expect(spoken).toEqual([
      '/root/deux existe — pas encore vérifié',
      '/root/trois existe — pas encore vérifié',
    ]);
    expect(await states()).toEqual(['unknown', 'unknown']);
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(lastLine, { timeout: 60_000 }).toMatch(PROMPT);
  });

  it('a failing check marks one criterion not met, with the reason', async () => {
    dumpOnFailure('unmet');
    await run('touch /root/deux');
    await check();
    await expect.poll(states).toEqual(['met', 'unmet']);
    const unmet = criteria(page).locator('li[data-state="unmet"]');
    expect(await unmet.innerText()).toMatch(/pas encore validé/);
    expect((await unmet.locator('.why').innerText()).length).toBeGreaterThan(0);
    expect(await criteria(page).locator('li[data-state="met"]').innerText()).toMatch(/✓|validé/);
    await screenshot(page, 'criteria-1-one-unmet');
  });

  it('a passing check marks them all met', async () => {
    dumpOnFailure('met');
    await run('touch /root/trois');
    await check();
    await expect.poll(states).toEqual(['met', 'met']);
    expect(await criteria(page).locator('h3').innerText()).toMatch(/2 sur 2/);
    await screenshot(page, 'criteria-2-all-met');
  });

  it('after a reset every criterion is « pas encore vérifié » again', async () => {
    dumpOnFailure('reset');
    await page.getByTestId('lab-menu').click();
    await page.getByRole('button', { name: 'Réinitialiser…' }).click();
    await page.getByRole('button', { name: 'Réinitialiser', exact: true }).click();
    await expect.poll(states).toEqual(['unknown', 'unknown']);
    // The new machine runs (its shell no longer sees /root/deux): nothing brought the old verdicts back.
    await expect
      .poll(
        async () => {
          await run('ls /root/deux').catch(() => undefined);
          return terminalText(page);
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toMatch(/No such file or directory/);
    expect(await states()).toEqual(['unknown', 'unknown']);
    expect(problems).toEqual([]);
  });
});
