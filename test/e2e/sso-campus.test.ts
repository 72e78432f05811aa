// Campus sign-in in real Chromium: the login page's CAS and SAML buttons go to a real LemonLDAP::NG portal
// (CAS server and SAML IdP on loopback, another site than ours), its form is filled, and the person lands
// on the courses, named in the header; a trainer by the portal's groups. The server runs on a FakeRuntime.
// Screenshots of failures go to /tmp/atelier-sso-campus-e2e/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { FakeRuntime } from '../support/fake-runtime.js';
import { LLNG_USERS, startLemonldap, type TestLemonldap } from '../support/lemonldap.js';
import { freePort } from '../support/ports.js';
import { startTestServer, type AnyTestServer } from '../support/server.js';
import { launchChromium, watchPageProblems } from './support/browser.js';

const SHOTS = path.join(os.tmpdir(), 'atelier-sso-campus-e2e');
const CAS = 'CAS du campus';
const SAML = 'Fédération d’identités';

describe('campus sign-in (CAS, SAML) in the browser', () => {
  let llng: TestLemonldap;
  let server: AnyTestServer<FakeRuntime>;
  let browser: Browser;
  let dir: string;
  const problems: string[] = [];

  const freshPage = async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    problems.push(...watchPageProblems(page));
    return page;
  };
  const dumpOnFailure = (name: string, page: () => Page | undefined) =>
    onTestFailed(async () => {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page()
        ?.screenshot({ path: path.join(SHOTS, `failed-${name}.png`) })
        .catch(() => undefined);
    });

  beforeAll(async () => {
    const llngPort = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sso-campus-'));
    const file = path.join(dir, 'sso.json');
    const roles = { trainer: ['timelords'], admin: [] };
    fs.writeFileSync(
      file,
      JSON.stringify({
        providers: [
          { kind: 'cas', id: 'campus', name: CAS, url: `http://localhost:${llngPort}/cas`, roles },
          {
            kind: 'saml',
            id: 'federation',
            name: { fr: SAML, en: 'Identity federation' },
            metadata: `http://localhost:${llngPort}/saml/metadata`,
            roles,
          },
        ],
      }),
    );
    server = await startTestServer({
      runtime: new FakeRuntime(),
      env: { ATELIER_SSO_FILE: file, ATELIER_LOG_LEVEL: 'error' },
    });
    const metadata = await (await fetch(`${server.url}/api/auth/sso/federation/metadata`)).text();
    llng = await startLemonldap({
      port: llngPort,
      casService: `${server.url}/api/auth/sso/`,
      samlSpMetadata: metadata,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await llng?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The portal's own page: its login form, filled and sent. */
  async function portalLogin(page: Page, user: keyof typeof LLNG_USERS) {
    await page.waitForURL((u) => u.origin === llng.url);
    await page.locator('#userfield').fill(user);
    await page.locator('#passwordfield').fill(LLNG_USERS[user].password);
    await page.locator('#lform button[type="submit"]').first().click();
  }

  for (const [name, user, role, displayName] of [
    [CAS, 'dwho', 'trainer', 'Doctor Who'],
    [SAML, 'rtyler', 'learner', 'Rose Tyler'],
  ] as const) {
    it(`signs in through « ${name} » and lands on the courses as ${role}`, async () => {
      const page = await freshPage();
      dumpOnFailure(user, () => page);
      await page.goto(`${server.url}/login`);
      await page.getByRole('link', { name: `Se connecter avec ${name}` }).click();
      await portalLogin(page, user);
      await page.waitForURL(`${server.url}/`);
      await page.getByRole('heading', { name: 'Cours', exact: true }).waitFor();
      await expect.poll(() => page.getByTestId('user-name').innerText()).toContain(displayName);
      expect(server.app.repos.users.findByUsername(user)?.role).toBe(role);
      await page.context().close();
    });
  }

  it('showed no page error', () => {
    expect(problems).toEqual([]);
  });
});
