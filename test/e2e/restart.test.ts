// "Restarts lose nothing", in Chromium against the real server process: a learner types half a command,
// the server is restarted (SIGTERM, then kill -9) on the same port, the page says it reconnects and comes
// back by itself to the same shell with the half line still at the prompt; the rest of the line finishes
// exercise 1 of premiers-pas. Screenshots go to test/e2e/artifacts/.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { removeInstanceContainers } from '../support/instance-containers.js';
import { httpClient } from '../support/server.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';
import { launchChromium, screenshot, terminalText, watchPageProblems } from './support/browser.js';

const COURSE = 'premiers-pas';
const PROMPT = /#\s*$/m;
const HALF = 'echo tournesol > /root/rep';
const REST = 'onse.txt';
const instance = `atelier-e${randomBytes(3).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-e2e-restart-'));
// Two learners from 127.0.0.1; no warm pool (nothing to clean up but the two labs).
const env = { ATELIER_POOL_SIZE: '0', ATELIER_LABS_PER_IP: '0', ATELIER_ACCOUNTS_PER_IP_HOUR: '1000' };

type Status = { kind: string; restarting?: boolean };

describe('server restart in the browser: the same shell comes back', () => {
  let server: ServerProcess | undefined;
  let port = '';
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    server = await spawnServer({ dataDir, instance, env });
    port = new URL(server.url).port;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGKILL');
    await removeInstanceContainers(instance);
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(page, `failed-restart-${name}`).catch(() => undefined);
      console.error(`[e2e] terminal at failure:\n${await terminalText(page)}`);
      console.error(`[e2e] server output:\n${server?.output().slice(-4000)}`);
    });

  /** A new learner (through the API), in a fresh browser context carrying their session cookie. */
  async function learnerPage(username: string): Promise<Page> {
    const client = httpClient(server!.url);
    const res = await client.post('/api/auth/register', { username, password: 'un mot de passe solide' });
    expect(res.status).toBeLessThan(300);
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, value] = client.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
    // Every terminal status the page goes through (the terminal's `terminal-status` event).
    await context.addInitScript(() => {
      const w = window as unknown as { __statuses: Status[] };
      w.__statuses = [];
      document.addEventListener('terminal-status', (e) =>
        w.__statuses.push((e as CustomEvent<Status>).detail),
      );
    });
    const p = await context.newPage();
    problems = watchPageProblems(p);
    return p;
  }

  const statuses = () => page.evaluate(() => (window as unknown as { __statuses: Status[] }).__statuses);
  const pill = () => page.getByTestId('term-status').textContent();
  const lastLine = async () => (await terminalText(page)).trimEnd().split('\n').at(-1) ?? '';

  async function startLabAndTypeHalf(tag: string): Promise<void> {
    await page.goto(`${server!.url}/courses/${COURSE}`);
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(PROMPT);
    await expect.poll(pill).toContain('connecté');
    await page.locator('at-terminal').click();
    await page.keyboard.type(HALF);
    await expect.poll(lastLine, { timeout: 10_000 }).toMatch(new RegExp(`#\\s*${escape(HALF)}$`));
    await screenshot(page, `restart-${tag}-1-half-line`);
  }

  async function restart(signal: 'SIGTERM' | 'SIGKILL', tag: string): Promise<void> {
    const old = server!;
    old.child.kill(signal);
    const exit = await old.exited;
    expect(exit).toEqual(
      signal === 'SIGTERM' ? { code: 0, signal: null } : { code: null, signal: 'SIGKILL' },
    );
    // The server is down: the page says it is reconnecting (no error), and no keystroke goes anywhere.
    const waiting = signal === 'SIGTERM' ? /Le serveur redémarre/ : /reconnexion…/;
    await expect.poll(pill, { timeout: 10_000 }).toMatch(waiting);
    await expect.poll(() => page.getByTestId('term-overlay').textContent()).toMatch(waiting);
    if (signal === 'SIGTERM') await page.getByTestId('restarting-banner').waitFor();
    await page.getByText('Reconnexion au lab… la vérification revient dans un instant.').waitFor();
    await screenshot(page, `restart-${tag}-2-server-down`);
    // The next process, on the same port (the page's origin), same data and same containers.
    server = await spawnServer({ dataDir, instance, env: { ...env, ATELIER_PORT: port } });
    expect(new URL(server.url).port).toBe(port);
  }

  async function finishAndCheck(tag: string): Promise<void> {
    // Back by itself: the same shell, its screen repainted, the half line still being edited.
    await expect.poll(pill, { timeout: 30_000 }).toContain('connecté');
    await expect.poll(lastLine, { timeout: 10_000 }).toMatch(new RegExp(`#\\s*${escape(HALF)}$`));
    await expect.poll(() => page.getByTestId('restarting-banner').count()).toBe(0);
    await screenshot(page, `restart-${tag}-3-back`);
    const seen = await statuses();
    expect(seen.filter((s) => s.kind === 'failed' || s.kind === 'exited')).toEqual([]);
    const opened = seen.filter((s): s is Status & { terminalId: string } => s.kind === 'open');
    expect(new Set(opened.map((s) => s.terminalId)).size).toBe(1); // one shell, before and after

    await page.locator('at-terminal').click();
    await page.keyboard.type(REST);
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/reponse\.txt\s*\n.*#\s*$/m);
    await page.getByTestId('check').click();
    await expect
      .poll(() => page.getByTestId('check-result').textContent(), { timeout: 20_000 })
      .toContain('Bravo, exercice réussi');
    await screenshot(page, `restart-${tag}-4-passed`);
    expect(problems).toEqual([]);
  }

  it('SIGTERM (planned restart): « Le serveur redémarre », then the same half line, then the check passes', async () => {
    dumpOnFailure('sigterm');
    page = await learnerPage('e2e-restart-a');
    await startLabAndTypeHalf('sigterm');
    await restart('SIGTERM', 'sigterm');
    await finishAndCheck('sigterm');
  });

  it('kill -9: « reconnexion… », then the same half line, then the check passes', async () => {
    dumpOnFailure('sigkill');
    page = await learnerPage('e2e-restart-b');
    await startLabAndTypeHalf('sigkill');
    await restart('SIGKILL', 'sigkill');
    await finishAndCheck('sigkill');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
