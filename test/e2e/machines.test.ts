// A two-machine lab in real browsers (the duo fixture course: web and app): a terminal tab per machine
// (keyboard included), the machines reaching each other by name, the learner's page in the Browser tab,
// and the trainer opening that page from the grid and seeing which machine the mirror shows.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signedInPage, screenshot, watchPageProblems } from './support/browser.js';

const COURSE = 'duo';
const PROMPT = /#\s*$/m;
/** A one-line HTTP server (the base image has perl, no web server). */
const HTTPD =
  `perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>8080,Listen=>5,ReuseAddr=>1) or die;` +
  ` while($c=$s->accept){ while(<$c>){last if /^\\r?$/} print $c "HTTP/1.0 200 OK\\r\\nContent-Type: text/html` +
  `\\r\\n\\r\\n<h1>Bonjour depuis web</h1>"; close $c }' >/dev/null 2>&1 &`;
const FETCH_WEB =
  `perl -MIO::Socket::INET -e '$c=IO::Socket::INET->new("web:8080") or die "no web\\n";` +
  ` print $c "GET / HTTP/1.0\\r\\n\\r\\n"; print while <$c>'`;

type Screen = HTMLElement & { readScreen(all?: boolean): string };

describe('machines: terminal tabs, Browser tab, trainer preview', () => {
  let server: TestServer;
  let browser: Browser;
  let learner: Page;
  let trainer: Page;
  let classId = '';
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_COURSES_DIR: 'test/fixtures/courses' } });
    const { client: tr } = await userWithRole(server, 'formatrice', 'trainer');
    const created = await tr.post('/api/classes', { name: 'Auto-hébergement', courseIds: [COURSE] });
    classId = created.body.id;
    const { client: le } = await userWithRole(server, 'alice', 'learner');
    expect((await le.post('/api/join', { code: created.body.joinCode })).status).toBe(200);
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
      await screenshot(learner, `failed-machines-${name}-learner`).catch(() => undefined);
      await screenshot(trainer, `failed-machines-${name}-trainer`).catch(() => undefined);
    });
  const shown = () => learner.locator('at-terminal:not([hidden])');
  const screenText = () =>
    shown()
      .evaluate((el) => (el as Screen).readScreen(true))
      .catch(() => '');
  const run = async (command: string) => {
    await shown().click();
    await learner.keyboard.type(command);
    await learner.keyboard.press('Enter');
  };
  const tab = (name: RegExp) => learner.getByRole('tab', { name });

  it('gives each machine its own shell in a tab named by its hostname', async () => {
    dumpOnFailure('tabs');
    await learner.goto(`${server.url}/courses/${COURSE}`);
    await learner.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect.poll(screenText, { timeout: 60_000 }).toMatch(PROMPT);
    expect(await tab(/root@web/).getAttribute('aria-selected')).toBe('true');
    await run(`hostname; ${HTTPD}`);
    await expect.poll(screenText, { timeout: 10_000 }).toMatch(/^web\s*$/m);

    // Keyboard: the arrow moves to the next tab, which opens the other machine's shell.
    await tab(/root@web/).focus();
    await learner.keyboard.press('ArrowRight');
    expect(await tab(/root@app/).getAttribute('aria-selected')).toBe('true');
    expect(await tab(/root@web/).getAttribute('aria-selected')).toBe('false');
    await expect.poll(screenText, { timeout: 30_000 }).toMatch(PROMPT);
    await run(`hostname; ${FETCH_WEB}`);
    await expect.poll(screenText, { timeout: 15_000 }).toMatch(/^app\s*$/m);
    await expect.poll(screenText, { timeout: 15_000 }).toContain('<h1>Bonjour depuis web</h1>');
    // The web shell stayed alive behind its tab.
    expect(await learner.locator('at-terminal').count()).toBe(2);
    await tab(/root@web/).click();
    expect(await screenText()).toMatch(/^web\s*$/m);
    await screenshot(learner, 'machines-01-two-tabs');
  });

  it('shows the learner’s page in the Browser tab, sandboxed, and says when nothing listens', async () => {
    dumpOnFailure('browser');
    await tab(/Navigateur/).click();
    const frame = learner.locator('iframe[data-testid="preview-frame"]');
    await frame.waitFor({ timeout: 15_000 });
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-forms allow-popups');
    expect(await frame.getAttribute('src')).toMatch(/^\/preview\/[a-z0-9]+\/web\/8080\//);
    await learner
      .frameLocator('iframe[data-testid="preview-frame"]')
      .getByRole('heading', { name: 'Bonjour depuis web' })
      .waitFor({ timeout: 15_000 });
    await screenshot(learner, 'machines-02-browser');

    await learner.getByLabel('Machine', { exact: true }).selectOption('app');
    await learner.getByLabel('Port', { exact: true }).fill('80');
    await learner.getByRole('button', { name: 'Afficher' }).click();
    await expect
      .poll(
        () =>
          learner
            .frameLocator('iframe[data-testid="preview-frame"]')
            .locator('body')
            .innerText()
            .catch(() => ''),
        { timeout: 15_000 },
      )
      .toContain('Rien n’écoute sur app:80');
    // Back to the course's page through its quick pick.
    await learner.getByRole('button', { name: /Le site/ }).click();
    await learner
      .frameLocator('iframe[data-testid="preview-frame"]')
      .getByRole('heading', { name: 'Bonjour depuis web' })
      .waitFor({ timeout: 15_000 });
  });

  it('lets the trainer open the learner’s page and see which machine the mirror shows', async () => {
    dumpOnFailure('trainer');
    await trainer.goto(`${server.url}/classes/${classId}`);
    await trainer.locator('[data-action="preview"]').first().click();
    await trainer
      .frameLocator('iframe[data-testid="trainer-preview-frame"]')
      .getByRole('heading', { name: 'Bonjour depuis web' })
      .waitFor({ timeout: 15_000 });
    await screenshot(trainer, 'machines-03-trainer-preview');
    await trainer.keyboard.press('Escape');

    await trainer
      .getByRole('button', { name: /Regarder/ })
      .first()
      .click();
    const label = trainer.getByTestId('watch-machine');
    await expect.poll(() => label.textContent().catch(() => ''), { timeout: 10_000 }).toContain('root@web');
    await tab(/root@app/).click();
    await expect.poll(() => label.textContent().catch(() => ''), { timeout: 10_000 }).toContain('root@app');
    await screenshot(trainer, 'machines-04-trainer-watch');
    expect(problems).toEqual([]);
  });
});
