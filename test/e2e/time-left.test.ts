// Time left before an idle lab sleeps, in Chromium with Playwright's fake clock (no 25-minute wait): the
// course page counts down, warns five minutes before the cull (an alert, announced) with « Je suis là »,
// typing in the terminal pushes the deadline, a cull says what happened with « Relancer la machine », and
// the trainer's « Prolonger les machines pour la journée » reaches the learner's page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { endOfToday } from '../../server/labs/lab-keep-alive.js';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import {
  launchChromium,
  screenshot,
  signedInPage,
  terminalText,
  watchPageProblems,
} from './support/browser.js';

const COURSE = 'premiers-pas';
const MIN = 60_000;
/** A class zone whose day still has hours to go: the extension outlasts the idle timeout. */
const zone = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo'].find(
  (z) => endOfToday(z) - Date.now() > 3 * 3_600_000,
)!;

describe('time left: countdown, warning, « Je suis là », after a cull, extension', () => {
  let server: TestServer;
  let browser: Browser;
  let learner: Page;
  let trainer: Page;
  let classId = '';
  let problems: string[] = [];

  const pill = () => learner.getByTestId('time-left');
  const warning = () => learner.getByTestId('time-left-warning');
  /** Types a command in the learner's terminal and waits for what it prints. */
  const run = async (cmd: string, expected: RegExp) => {
    await learner.locator('at-terminal').click();
    await learner.keyboard.type(cmd);
    await learner.keyboard.press('Enter');
    // A loop rather than expect.poll: beforeAll runs it too.
    for (const until = Date.now() + 60_000; !expected.test(await terminalText(learner));) {
      if (Date.now() > until) throw new Error(`no ${expected} in the learner’s terminal`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_IDLE_TIMEOUT_MIN: '30', ATELIER_AUTO_CHECK_MS: '0' } });
    const { client: trainerHttp } = await userWithRole(server, 'formatrice-veille', 'trainer');
    const cls = await trainerHttp.post('/api/classes', {
      name: 'Veille',
      courseIds: [COURSE],
      timeZone: zone,
    });
    classId = cls.body.id;
    const learnerHttp = httpClient(server.url);
    await learnerHttp.post('/api/join', {
      code: cls.body.joinCode,
      displayName: 'Léa Veille',
      password: PASSWORD,
    });
    browser = await launchChromium();
    learner = await signedInPage(browser, server.url, learnerHttp.cookie);
    trainer = await signedInPage(browser, server.url, trainerHttp.cookie);
    problems = [...watchPageProblems(learner), ...watchPageProblems(trainer)];
    // The page's clock is Playwright's: fast-forwarding it is the learner away from the keyboard.
    await learner.clock.install();
    await learner.goto(`${server.url}/courses/${COURSE}`);
    await learner.getByRole('button', { name: 'Démarrer le lab' }).click();
    await run('echo debut-$((6*7))', /debut-42/);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => {
      await screenshot(learner, `failed-time-left-${name}`).catch(() => undefined);
    });

  it('shows the time left, warns five minutes before the cull (announced), and « Je suis là » extends', async () => {
    dumpOnFailure('warning');
    await expect.poll(() => pill().textContent()).toMatch(/Veille dans (29|30) min/);
    expect(await warning().count()).toBe(0);

    await learner.clock.fastForward('25:30');
    await warning().waitFor();
    expect(await warning().getAttribute('role')).toBe('alert');
    expect(await warning().textContent()).toMatch(
      /Sans activité, votre machine sera mise en veille à \d\d:\d\d/,
    );
    expect(await pill().textContent()).toMatch(/Veille dans [1-5] min/);
    await screenshot(learner, 'time-left-1-warning');

    await learner.getByRole('button', { name: 'Je suis là' }).click();
    await warning().waitFor({ state: 'detached' });
    await expect.poll(() => pill().textContent()).toMatch(/Veille dans (29|30) min/);
    expect(problems).toEqual([]);
  });

  it('pushes the deadline when the learner types in the terminal', async () => {
    dumpOnFailure('typing');
    await learner.clock.fastForward('26:00');
    await warning().waitFor();
    await run('echo encore-$((6*7))', /encore-42/);
    await warning().waitFor({ state: 'detached' });
    await expect.poll(() => pill().textContent()).toMatch(/Veille dans (29|30) min/);
  });

  it('says what happened after a cull and gets the machine back in one click', async () => {
    dumpOnFailure('culled');
    const swept = await server.app.labs.lifecycle.sweep(Date.now() + 31 * MIN);
    expect(swept.idle).toHaveLength(1);
    const culled = learner.getByTestId('time-left-culled');
    await culled.waitFor();
    expect(await culled.getAttribute('role')).toBe('alert');
    expect(await culled.textContent()).toContain(
      'Votre machine a été mise en veille après 30 min sans activité ; votre travail sur le cours est conservé (progression, fichiers).',
    );
    await screenshot(learner, 'time-left-2-culled');

    await learner.getByRole('button', { name: 'Relancer la machine' }).click();
    await culled.waitFor({ state: 'detached' });
    await run('echo relance-$((6*7))', /relance-42/);
    await expect.poll(() => pill().textContent()).toMatch(/Veille dans (29|30) min/);
    expect(problems).toEqual([]);
  });

  it('the trainer extends the class’s machines for the day; the learner’s page shows it', async () => {
    dumpOnFailure('extend');
    await trainer.goto(`${server.url}/classes/${classId}`);
    await trainer.getByRole('button', { name: 'Prolonger les machines pour la journée' }).click();
    await expect
      .poll(() => trainer.getByRole('status').filter({ hasText: 'gardée' }).textContent())
      .toBe('1 machine gardée jusqu’à minuit.');
    await expect.poll(() => pill().textContent()).toMatch(/Gardée jusqu’à \d\d:\d\d/);
    await learner.clock.fastForward('40:00');
    expect(await warning().count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
