// A trainer's message reaches a learner at work in their terminal (issue 17, item 9): the toast shows
// under the header, covering neither the terminal (where the prompt is) nor the lesson, stays announced
// (a live region), and its × dismisses it. At 1366×768 and 1000×650.
// Screenshots go to test/e2e/artifacts/ (git-ignored).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { MessagePayload } from '../../server/classes/class-types.js';
import { userRoom } from '../../server/realtime/socket-server.js';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  launchChromium,
  screenshot,
  signedInPage,
  terminalText,
  watchPageProblems,
} from './support/browser.js';

const COURSE = 'premiers-pas';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the trainer’s message toast', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let userId = '';
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer();
    const { user, client } = await userWithRole(server, 'zoe-martin', 'learner');
    userId = user.id;
    browser = await launchChromium();
    page = await signedInPage(browser, server.url, client.cookie);
    problems = watchPageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  let n = 0;
  const send = (text: string) => {
    const message: MessagePayload = {
      id: `m${++n}`,
      kind: 'message',
      classId: 'c1',
      className: 'Linux — semaine 1',
      from: 'formatrice',
      text,
      at: new Date().toISOString(),
    };
    server.app.io.to(userRoom(userId)).emit('message:received', message);
  };

  for (const [width, height, first] of [
    [1366, 768, true],
    [1000, 650, false],
  ] as const) {
    it(`covers neither the terminal nor the lesson, and its × closes it (${width}×${height})`, async () => {
      onTestFailed(
        async () => void (await screenshot(page, `failed-forms-toast-${width}`).catch(() => undefined)),
      );
      await page.setViewportSize({ width, height });
      await page.goto(`${server.url}/courses/${COURSE}`);
      // The first visit starts the lab; the next one finds it running.
      if (first) await page.getByRole('button', { name: 'Démarrer le lab' }).click();
      await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(/#\s*$/m);

      send('Pensez à vérifier avant la pause.');
      const toast = page.getByTestId('toast');
      await toast.getByText('Pensez à vérifier avant la pause.').waitFor();
      // Announced: the toasts are a live region.
      expect(await page.getByRole('log').getAttribute('aria-live')).toBe('polite');
      const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
      const covered = async () => {
        const toastBox = (await toast.boundingBox())!;
        return {
          terminal: overlaps(toastBox, await box('at-terminal:not([hidden])')),
          lesson: overlaps(toastBox, await box('at-lesson')),
          aboveTerminal: toastBox.y < (await box('at-terminal:not([hidden])')).y,
        };
      };
      // The terminal refits below the toast meanwhile.
      await expect
        .poll(covered, { timeout: 5_000 })
        .toEqual({ terminal: false, lesson: false, aboveTerminal: true });
      await screenshot(page, `forms-toast-${width}x${height}`);

      await toast.getByRole('button', { name: 'Fermer' }).click();
      await expect.poll(() => toast.count()).toBe(0);
      expect(problems).toEqual([]);
    });
  }
});
