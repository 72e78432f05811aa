// Copy and paste in the lab terminal, in real Chromium with clipboard permission granted: Ctrl+Shift+C
// copies the selection (Ctrl+C still interrupts), Ctrl+Shift+V, Shift+Insert and a right click paste, a
// paste that would run lines asks first (not in bash's bracketed-paste prompt) and every way of pasting,
// the browser's own paste event included, goes through that question; a large paste arrives whole.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, screenshot, terminalText, watchPageProblems } from './support/browser.js';
import { axeProblems } from './support/axe.js';

const COURSE = 'premiers-pas';
const PROMPT = /#\s*$/m;
/** How long to wait for the shell (a bound, not a measure: a busy machine answers later). */
const WAIT = { timeout: 30_000 };

type TerminalElement = HTMLElement & { readScreen(all?: boolean): string };

/** Puts text in the system clipboard, as another application would. */
const setClipboard = (page: Page, text: string) =>
  page.evaluate((t) => navigator.clipboard.writeText(t), text);
const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Runs a command typed in the terminal. */
async function run(page: Page, command: string): Promise<void> {
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/** The last non-blank row of the terminal. */
const lastRow = async (page: Page) => (await terminalText(page)).replace(/\s+$/, '').split('\n').pop() ?? '';

/** Presses Enter once the pasted line is at the prompt (the clipboard is read asynchronously). */
async function enterAfterPaste(page: Page, ending: string): Promise<void> {
  await expect.poll(() => lastRow(page), WAIT).toContain(ending);
  await page.keyboard.press('Enter');
}

/** Double-clicks the first word of the visible row whose text is exactly `line` (xterm selects the word). */
async function selectWordOfLine(page: Page, line: string): Promise<void> {
  const rows = (
    await page.locator('at-terminal').evaluate((el) => (el as TerminalElement).readScreen())
  ).split('\n');
  const row = rows.lastIndexOf(line);
  if (row < 0) throw new Error(`no row ${line}`);
  const box = await page.locator('at-terminal .xterm-screen').boundingBox();
  if (!box) throw new Error('no terminal screen');
  const rowHeight = box.height / rows.length;
  await page.mouse.dblclick(box.x + 4, box.y + rowHeight * (row + 0.5));
}

describe('terminal: copy and paste', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_AUTO_CHECK_MS: '0' } });
    const { client: trainerHttp } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = await trainerHttp.post('/api/classes', { name: 'Presse-papiers', courseIds: [COURSE] });
    const learnerHttp = httpClient(server.url);
    const join = await learnerHttp.post('/api/join', {
      code: cls.body.joinCode,
      displayName: 'Léo Colle',
      password: PASSWORD,
    });
    if (join.status !== 201 && join.status !== 200) throw new Error(`join: ${join.status}`);
    browser = await launchChromium();
    // A touch-screen laptop: keyboard shortcuts and the touch buttons both there.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, hasTouch: true });
    const [name, value] = learnerHttp.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: new URL(server.url).hostname, path: '/' }]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    problems = watchPageProblems(page);
    await page.goto(`${server.url}/courses/${COURSE}`);
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    for (const until = Date.now() + 60_000; !PROMPT.test(await terminalText(page));) {
      if (Date.now() > until) throw new Error('no prompt in the terminal');
      await page.waitForTimeout(200);
    }
    await page.locator('at-terminal').click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(page, `failed-clipboard-${name}`).catch(() => undefined);
      const screen = await terminalText(page);
      console.error(
        `[e2e] terminal at failure:\n${screen.replace(/\s+$/, '').split('\n').slice(-30).join('\n')}`,
      );
    });

  it('Ctrl+Shift+C copies the selection; Ctrl+C still interrupts the command', async () => {
    dumpOnFailure('copy');
    await run(page, 'echo copy-me-$((6*7))');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^copy-me-42$/m);
    await setClipboard(page, 'before');
    await selectWordOfLine(page, 'copy-me-42');
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => readClipboard(page), WAIT).toBe('copy-me-42');
    await expect
      .poll(async () => (await page.getByTestId('clipboard-note').textContent())?.trim())
      .toBe('Sélection copiée.');

    // Ctrl+C is the shell's: it interrupts a running command (and copies nothing).
    await page.locator('at-terminal').click();
    await run(page, 'sleep 600');
    await page.keyboard.press('Control+C');
    await run(page, 'echo after-$((20+1))');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^after-21$/m);
    expect(await readClipboard(page)).toBe('copy-me-42');

    // The « Clavier » help names this platform's shortcuts.
    await page.getByTestId('terminal-keys').click();
    const help = page.getByTestId('terminal-keys-clipboard');
    expect(await help.textContent()).toMatch(/Copier : Ctrl\+Maj\+C ou Ctrl\+Inser ; coller : Ctrl\+Maj\+V/);
    expect(await help.locator('kbd').allTextContents()).toContain('Maj+Inser');
    await page.getByTestId('terminal-keys').click();
    await page.locator('at-terminal').click();
    await screenshot(page, 'clipboard-01-copied');
  });

  it('Ctrl+Shift+V, Shift+Insert and a right click paste into the shell; a large paste arrives whole', async () => {
    dumpOnFailure('paste');
    await setClipboard(page, 'echo pasted-$((2+3))');
    await page.keyboard.press('Control+Shift+V');
    await enterAfterPaste(page, 'echo pasted-');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^pasted-5$/m);

    await setClipboard(page, 'echo insert-$((3+4))');
    await page.keyboard.press('Shift+Insert');
    await enterAfterPaste(page, 'echo insert-');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^insert-7$/m);

    await setClipboard(page, 'echo right-$((5*5))');
    await page.locator('at-terminal .xterm-screen').click({ button: 'right' });
    await enterAfterPaste(page, 'echo right-');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^right-25$/m);

    // 64 KiB in one paste: chunked and flow-controlled like typing, nothing lost or reordered.
    await setClipboard(page, `echo ${'ab'.repeat(32_768)}z | wc -c`);
    await page.keyboard.press('Control+Shift+V');
    await enterAfterPaste(page, 'z | wc -c');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^65538$/m);
    await run(page, 'clear');
  });

  it('the touch buttons copy the selection and paste', async () => {
    dumpOnFailure('touch');
    await run(page, 'echo tap-$((7*7))');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^tap-49$/m);
    await selectWordOfLine(page, 'tap-49');
    await page.getByRole('button', { name: 'Copier la sélection du terminal' }).tap();
    await expect.poll(() => readClipboard(page), WAIT).toBe('tap-49');
    await setClipboard(page, 'echo tapped-$((8*8))');
    await page.getByRole('button', { name: 'Coller dans le terminal' }).tap();
    await enterAfterPaste(page, 'echo tapped-');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^tapped-64$/m);
    await screenshot(page, 'clipboard-03-touch');
  });

  it('a multi-line paste runs only once confirmed, unless bash brackets it', async () => {
    dumpOnFailure('multi-line');
    const dialog = page.getByRole('dialog');
    // bash's prompt reads a paste as one block (bracketed paste): nothing runs before Enter, nothing asked.
    await setClipboard(page, 'echo block-$((1+1))\necho block-$((2+2))');
    await page.keyboard.press('Control+Shift+V');
    await enterAfterPaste(page, 'echo block-$((2+2))');
    expect(await dialog.count()).toBe(0);
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^block-2\nblock-4$/m);

    // Without bracketed paste each line would run as it arrives: the terminal asks first.
    await run(page, "bind 'set enable-bracketed-paste off'; clear");
    await setClipboard(page, 'echo multi-$((1+1))\necho multi-$((2+2))\n');
    await page.keyboard.press('Control+Shift+V');
    await page.getByRole('heading', { name: 'Coller 2 lignes ?' }).waitFor();
    expect(await dialog.textContent()).toContain('Chaque ligne sera exécutée.');
    expect(await page.getByTestId('paste-preview').textContent()).toBe(
      'echo multi-$((1+1))\necho multi-$((2+2))',
    );
    await screenshot(page, 'clipboard-02-confirm');
    // Inside the terminal: its dialog, buttons and notes.
    expect(await axeProblems(page, { within: 'at-terminal' })).toEqual([]);
    // Escape declines: nothing reaches the shell.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await run(page, 'echo declined-$((3*3))');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^declined-9$/m);
    expect(await terminalText(page)).not.toMatch(/^multi-2$/m);

    // Shift+Insert asks the same; Paste has the focus, so Enter sends both lines.
    await page.keyboard.press('Shift+Insert');
    await page.getByRole('heading', { name: 'Coller 2 lignes ?' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^multi-2$/m);
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^multi-4$/m);

    // Without permission to read the clipboard, Ctrl+Shift+V is the browser's own paste: its paste event
    // goes through the same question.
    await page.context().clearPermissions();
    await page.context().grantPermissions(['clipboard-write'], { origin: server.url });
    await setClipboard(page, 'echo native-$((4+4))\necho native-$((5+5))\n');
    await page.keyboard.press('Control+Shift+V');
    await page.getByRole('heading', { name: 'Coller 2 lignes ?' }).waitFor();
    await page.getByRole('button', { name: 'Coller', exact: true }).click();
    await expect.poll(() => terminalText(page), WAIT).toMatch(/^native-10$/m);
    expect(problems).toEqual([]);
  });
});
