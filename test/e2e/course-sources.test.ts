// The admin's « Sources de cours » page in real Chromium: add a library (a local bare git repository), watch
// its first update land (tested in a real lab), see its version and course, an update that breaks the
// course with its errors while the old version still serves, and a removal. Screenshots go to
// test/e2e/artifacts/ (git-ignored).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { git } from '../support/git.js';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { axeProblems } from './support/axe.js';
import { launchChromium, screenshot, signedInPage, watchPageProblems } from './support/browser.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/course-library');
const root = mkdtempSync(path.join(os.tmpdir(), 'course-sources-e2e-'));
const work = path.join(root, 'work');
const bare = path.join(root, 'library.git');

function publish(message: string): string {
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', message);
  git(work, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(work, 'rev-parse', 'HEAD');
}

describe('admin page « Sources de cours »', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let first: string;

  beforeAll(async () => {
    git(root, 'init', '--quiet', '--bare', bare);
    git(root, 'init', '--quiet', work);
    git(work, 'remote', 'add', 'origin', bare);
    cpSync(FIXTURE, work, { recursive: true });
    first = publish('v1');
    server = await startTestServer();
    await server.app.sources.ready;
    const { client } = await userWithRole(server, 'bibliothecaire', 'admin');
    browser = await launchChromium();
    page = await signedInPage(browser, server.url, client.cookie);
    await page.setViewportSize({ width: 1280, height: 860 });
    problems = watchPageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const dumpOnFailure = (name: string) =>
    onTestFailed(async () => void (await screenshot(page, `failed-sources-${name}`).catch(() => undefined)));
  const row = () => page.locator('at-admin-sources tr[data-source]').first();

  it(
    'adds a library; its first update is tested, then its version and course show',
    { timeout: 180_000 },
    async () => {
      dumpOnFailure('add');
      await page.goto(`${server.url}/admin/sources`);
      await page.getByRole('heading', { name: 'Sources de cours' }).waitFor();
      await page.getByText('Aucune source pour l’instant').waitFor();
      await page.getByLabel('Adresse du dépôt ou dossier').fill(bare);
      await page.getByLabel('Branche ou étiquette').fill('main');
      await page.getByRole('button', { name: 'Ajouter et mettre à jour' }).click();
      await page.getByRole('status').getByText('Source ajoutée').waitFor();
      // The page polls while the update runs (fetch, validation, a lab).
      await row().getByTestId('status').getByText('à jour').waitFor({ timeout: 170_000 });
      expect(await row().locator('code').first().getAttribute('title')).toBe(first);
      expect(await row().textContent()).toContain('lib-notes');
      expect(await axeProblems(page)).toEqual([]);
      await screenshot(page, 'sources-ok');
      // The course is in the catalogue.
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: 'Une note' }).waitFor();
    },
  );

  it(
    'an update that breaks the course shows why; the version in service stays',
    { timeout: 180_000 },
    async () => {
      dumpOnFailure('broken');
      writeFileSync(path.join(work, 'lib-notes/solutions/note.sh'), 'true\n');
      publish('v2: a solution that solves nothing');
      await page.goto(`${server.url}/admin/sources`);
      await row().getByRole('button', { name: 'Mettre à jour' }).click();
      await row()
        .getByTestId('status')
        .getByText('échec de la dernière mise à jour')
        .waitFor({ timeout: 170_000 });
      const errors = page.locator('at-admin-sources').getByTestId('errors');
      expect(await errors.textContent()).toContain('lib-notes/solutions/note.sh');
      expect(await row().locator('code').first().getAttribute('title')).toBe(first);
      expect(await axeProblems(page)).toEqual([]);
      await screenshot(page, 'sources-failed');

      await page.getByRole('button', { name: 'Retirer' }).click();
      await page.locator('#remove-dialog').getByRole('button', { name: 'Retirer' }).click();
      await page.getByText('Aucune source pour l’instant').waitFor();
      expect((await fetch(`${server.url}/api/courses/lib-notes`)).status).toBe(404);
      expect(problems).toEqual([]);
    },
  );
});
