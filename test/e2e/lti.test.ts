// LTI 1.3 in real Chromium on the real Docker Engine: a student clicks the activity in the LMS (the
// platform emulator's login initiation, its auto-posted ID token), lands signed in on the exercise, passes
// it in a real lab with the « Vérifier » button, and the LMS's line item gets the grade. The teacher's deep
// linking picker and the admin's « Plateformes LTI » page are pictured (test/e2e/artifacts/lti-*.png, the
// pictures in docs/LTI.md), with no CSP violation on any page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { solution, userWithRole } from '../support/classes-support.js';
import { ROLES, startLtiPlatform, type TestLtiPlatform } from '../support/lti-platform.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, screenshot, watchPageProblems } from './support/browser.js';

const COURSE = 'premiers-pas';
const CONTEXT = { id: 'moodle-e2e', title: 'Linux — semaine 1' };
const VIEWPORT = { width: 1280, height: 800 };

describe('LTI launch and grade in Chromium', () => {
  let server: TestServer;
  let lms: TestLtiPlatform;
  let browser: Browser;
  let adminCookie = '';
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  const newPage = async (cookie?: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
    }
    const page = await context.newPage();
    problems.push(...watchPageProblems(page));
    return page;
  };

  beforeAll(async () => {
    lms = await startLtiPlatform({ host: 'localhost' }); // another site: its posts to us are cross-site
    server = await startTestServer();
    lms.useTool({ origin: server.url });
    const { client: admin } = await userWithRole(server, 'ada', 'admin');
    adminCookie = admin.cookie;
    expect((await admin.post('/api/admin/lti/platforms', lms.registration)).status).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await lms?.close();
  });

  it('a student launched from the LMS lands on the exercise, passes it, and the grade reaches the LMS', async () => {
    const page = await newPage();
    onTestFailed(async () => void (await screenshot(page, 'failed-lti-launch').catch(() => undefined)));
    await page.goto(
      lms.initiation({
        user: { sub: 'etu-123', name: 'Léa Martin', roles: [ROLES.learner] },
        context: CONTEXT,
        resourceLinkId: 'activite-dossiers',
        custom: { course: COURSE, exercise: 'dossiers' },
        lineItem: { scoreMaximum: 20, label: 'Atelier : dossiers' },
      }),
    );
    await page.waitForURL(`${server.url}/courses/${COURSE}?ex=dossiers`);
    await page.getByRole('button', { name: 'Démarrer le lab' }).click();
    await expect
      .poll(() => server.app.repos.labs.listAll().find((l) => l.state === 'running')?.id, { timeout: 60_000 })
      .toBeTruthy();
    const lab = server.app.repos.labs.listAll()[0]!;
    expect(
      (await server.runtime.exec(lab.id, ['bash', '-s'], { stdin: solution(COURSE, 'dossiers') })).exitCode,
    ).toBe(0);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect.poll(() => lms.scores.length, { timeout: 30_000 }).toBe(1);
    expect(lms.scores[0]).toMatchObject({
      lineItemId: `${CONTEXT.id}-activite-dossiers`,
      userId: 'etu-123',
      scoreGiven: 1,
      scoreMaximum: 1,
      activityProgress: 'Completed',
    });
    await screenshot(page, 'lti-launch-exercise');
    expect(problems).toEqual([]);
  });

  it('the teacher, launched from the LMS, sees the grade sent on the class page and imports the roster', async () => {
    const page = await newPage();
    onTestFailed(async () => void (await screenshot(page, 'failed-lti-class').catch(() => undefined)));
    lms.setMembers(CONTEXT.id, [
      { sub: 'prof-1', name: 'Tom Prof', roles: [ROLES.instructor] },
      { sub: 'etu-123', name: 'Léa Martin', roles: [ROLES.learner] },
      { sub: 'etu-456', name: 'Nina Nouvelle', roles: [ROLES.learner] },
    ]);
    await page.goto(
      lms.initiation({
        user: { sub: 'prof-1', name: 'Tom Prof', roles: [ROLES.instructor] },
        context: CONTEXT,
        custom: { course: COURSE },
      }),
    );
    await page.waitForURL(`${server.url}/courses/${COURSE}`);
    const classId = await page.evaluate(async () => {
      const list = (await (await fetch('/api/classes')).json()) as { id: string; name: string }[];
      return list[0]!.id;
    });
    await page.goto(`${server.url}/classes/${classId}`);
    const panel = page.locator('at-lti-class');
    await panel.getByRole('heading', { name: 'Plateforme LTI' }).waitFor({ timeout: 15_000 });
    await panel.locator('tr[data-state="sent"]').waitFor();
    await panel.getByRole('button', { name: 'Importer la liste des participants' }).click();
    await panel.getByText('3 participants importés (1 formateurs, 2 apprenants).').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'lti-class-panel');
    expect(problems).toEqual([]);
  });

  it('the teacher picks an activity in our deep-linking picker and the LMS receives it', async () => {
    const page = await newPage();
    onTestFailed(async () => {
      console.error(`[e2e] at ${page.url()}: ${problems.join('\n')}\n${await page.content()}`);
    });
    await page.goto(
      lms.initiation({
        user: { sub: 'prof-1', name: 'Tom Prof', roles: [ROLES.instructor] },
        context: CONTEXT,
        kind: 'deep-linking',
      }),
    );
    await page.waitForURL((u) => u.pathname.startsWith('/api/lti/deep-link/'));
    await expect(
      page.getByRole('heading', { name: 'Choisir une activité Atelier' }).isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'lti-deep-linking-picker');
    await page
      .getByRole('group', { name: /Premiers pas/i })
      .getByRole('radio')
      .first()
      .check();
    await page.getByRole('button', { name: 'Ajouter à l’espace de cours' }).click();
    await page.waitForURL(`${lms.issuer}/deep-link-return`);
    expect(lms.deepLinkReturns.at(-1)?.contentItems[0]).toMatchObject({
      type: 'ltiResourceLink',
      custom: { course: COURSE },
    });
    expect(problems).toEqual([]);
  });

  it('the admin’s « Plateformes LTI » page shows the values to paste and the registered platform', async () => {
    const page = await newPage(adminCookie);
    await page.goto(`${server.url}/admin/lti`);
    await page.getByRole('cell', { name: lms.registration.name }).waitFor({ timeout: 15_000 });
    await page.getByText(`${server.url}/api/lti/login`).waitFor();
    await page.getByText(`${server.url}/api/lti/jwks`).waitFor();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await screenshot(page, 'lti-admin-platforms');
    expect(problems).toEqual([]);
  });
});
