// Two learners of a class paired by their trainer, each in their own browser: each types in their own shell
// on the one machine (a file one writes, the other reads), the pair bar says who is in which terminal, and
// one opens the partner's terminal and types in it. Screenshots go to test/e2e/artifacts/ (git-ignored).
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

describe('pairs: two browsers on one machine', () => {
  let server: TestServer;
  let browser: Browser;
  let lea: Page; // the host
  let marc: Page;
  let anna: Page; // the trainer
  let classId = '';
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer();
    const { client: trainer } = await userWithRole(server, 'anna', 'trainer');
    const cls = (await trainer.post('/api/classes', { name: 'Projet', courseIds: [COURSE] })).body;
    classId = cls.id;
    const join = async (name: string) => {
      const c = httpClient(server.url);
      const res = await c.post('/api/join', { code: cls.joinCode, displayName: name, password: PASSWORD });
      return { id: res.body.user.id as string, cookie: c.cookie };
    };
    const [l, m] = [await join('Léa'), await join('Marc')];
    const paired = await trainer.post(`/api/classes/${cls.id}/pairs`, { userIds: [l.id, m.id] });
    if (paired.status !== 201) throw new Error(`pairing: ${JSON.stringify(paired.body)}`);
    browser = await launchChromium();
    // Léa's page is audited with axe-core, whose script the page's CSP would refuse (tests only).
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const [name, value] = l.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: new URL(server.url).hostname, path: '/' }]);
    lea = await context.newPage();
    marc = await signedInPage(browser, server.url, m.cookie);
    anna = await signedInPage(browser, server.url, trainer.cookie);
    problems = [...watchPageProblems(lea), ...watchPageProblems(marc), ...watchPageProblems(anna)];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(lea, `failed-${name}-pair-lea`).catch(() => undefined);
      await screenshot(marc, `failed-${name}-pair-marc`).catch(() => undefined);
    });

  const typeIn = async (page: Page, selector: string, line: string) => {
    await page.locator(selector).click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };

  it('shows the pair on the trainer’s grid and on the learner’s classes page', async () => {
    dumpOnFailure('shown');
    await anna.goto(`${server.url}/classes/${classId}`);
    await anna.getByTestId('pair-mark').getByText('binôme avec Marc').waitFor({ timeout: 10_000 });
    await anna.getByRole('button', { name: 'Binômes' }).click();
    await anna.getByRole('button', { name: 'Séparer Léa et Marc' }).waitFor();
    await screenshot(anna, 'pair-00-trainer-dialog');
    await anna.getByRole('button', { name: 'Fermer', exact: true }).click();
    await marc.goto(`${server.url}/`);
    await marc.getByTestId('pair-panel').getByText('En binôme avec Léa').waitFor({ timeout: 10_000 });
    await marc.getByRole('button', { name: 'Quitter le binôme' }).waitFor();
  });

  it('each types in their own shell on the same machine', async () => {
    dumpOnFailure('own');
    await lea.goto(`${server.url}/courses/${COURSE}?ex=se-reperer`);
    await lea.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(() => terminalText(lea), { timeout: 30_000 }).toMatch(PROMPT);
    // Marc's page finds the pair's lab and connects to it straight away.
    await marc.goto(`${server.url}/courses/${COURSE}?ex=se-reperer`);
    await expect.poll(() => terminalText(marc), { timeout: 30_000 }).toMatch(PROMPT);
    await typeIn(lea, 'at-terminal', 'echo lea-$((1+1)) > /tmp/lea');
    await typeIn(marc, 'at-terminal', 'cat /tmp/lea');
    await expect.poll(() => terminalText(marc), { timeout: 10_000 }).toMatch(/^lea-2\s*$/m);
  });

  it('shows who is in which terminal and lets one type in the partner’s', async () => {
    dumpOnFailure('partner');
    const bar = lea.getByTestId('pair-bar');
    await bar.getByText('Terminal de Marc').waitFor({ timeout: 10_000 });
    await bar.getByText('(Marc y est)').waitFor();
    await marc.getByTestId('pair-bar').getByText('Terminal de Léa').waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Ouvrir le terminal de Marc' }).click();
    const partnerScreen = () =>
      lea
        .locator('at-pair-terminal')
        .evaluate((el) => (el as HTMLElement & { readScreen(): string }).readScreen())
        .catch(() => '');
    await expect.poll(partnerScreen, { timeout: 10_000 }).toContain('cat /tmp/lea');
    await typeIn(lea, 'at-pair-terminal', 'echo from-lea-$((20+3))');
    await expect.poll(() => terminalText(marc), { timeout: 10_000 }).toMatch(/^from-lea-23\s*$/m);
    await expect.poll(partnerScreen, { timeout: 10_000 }).toMatch(/^from-lea-23\s*$/m);
    await screenshot(lea, 'pair-01-lea-in-marcs-terminal');
    await screenshot(marc, 'pair-02-marc');
    expect(await axeProblems(lea)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
