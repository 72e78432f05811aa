// Single sign-on in real Chromium (issue 15): the login page's provider link goes to a real OpenID Connect
// provider (oidc-provider on loopback) and back, a learner lands on the courses, a trainer (by the
// provider's groups) on the class pages; logging out offers the provider's logout; a refusal reads well;
// a directory that does not answer is named; joining a class with the provider; the admin relinks an
// identity to a local account; with local logins off the page is the provider's link only. The server runs
// on a FakeRuntime: no lab starts here. Screenshots go to /tmp/atelier-sso-e2e/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestServer, type AnyTestServer } from '../support/server.js';
import { LDAP_PASSWORDS, LDAP_PEOPLE_DN, startSlapd, type TestSlapd } from '../support/slapd.js';
import { axeProblems } from './support/axe.js';
import { launchChromium, signedInPage, watchPageProblems } from './support/browser.js';
import { freePort } from '../support/ports.js';

const SECRET = 'un secret de client assez long';
const UNIV = 'Compte de l’université';
const SHOTS = path.join(os.tmpdir(), 'atelier-sso-e2e');

/** The whole page: the app scrolls inside <main>, so the window grows to its height for the picture. */
async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  const height = await page
    .locator('at-app')
    .evaluate((app) => (app.shadowRoot?.querySelector('main')?.scrollHeight ?? 0) + 56)
    .catch(() => size.height);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: file });
  await page.setViewportSize(size);
  return file;
}

/**
 * An SSO file with `univ` (OIDC, trainers from the group formateurs) and, given a directory's URL, the
 * directories `annuaire` (that one) and `secours` (nothing listens).
 */
async function ssoFile(issuer: string, ldapUrl?: string): Promise<string> {
  const univ = {
    id: 'univ',
    kind: 'oidc',
    name: { fr: UNIV, en: 'University account' },
    issuer,
    clientId: 'atelier',
    clientSecret: 'env:UNIV_SECRET',
    roles: { trainer: ['formateurs'] },
  };
  const directory = (id: string, name: string, url: string) => ({
    id,
    kind: 'ldap',
    name,
    url,
    startTls: false,
    userDn: `uid={username},${LDAP_PEOPLE_DN}`,
    timeoutMs: 2000,
  });
  const providers = ldapUrl
    ? [
        univ,
        directory('annuaire', 'Annuaire', ldapUrl),
        directory('secours', 'Annuaire de secours', `ldap://127.0.0.1:${await freePort()}`),
      ]
    : [univ];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sso-e2e-')), 'sso.json');
  fs.writeFileSync(file, JSON.stringify({ providers }));
  return file;
}

/** The provider's own page: its login form, filled and sent. */
async function providerLogin(page: Page, idp: TestOidcProvider, login: string): Promise<void> {
  await page.waitForURL((u) => u.origin === idp.issuer);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill('peu importe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

describe('single sign-on in the browser', () => {
  let idp: TestOidcProvider;
  let slapd: TestSlapd;
  let server: AnyTestServer<FakeRuntime>;
  let browser: Browser;
  const problems: string[] = [];

  /** A page of its own: no cookie of the provider's session nor of ours. */
  const freshPage = async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    problems.push(...watchPageProblems(page));
    return page;
  };
  const dumpOnFailure = (name: string, page: () => Page | undefined) =>
    onTestFailed(async () => {
      const p = page();
      if (p) await shot(p, `failed-${name}`).catch(() => undefined);
    });

  beforeAll(async () => {
    idp = await startOidcProvider({
      users: {
        'zoe.martin': { name: 'Zoé Martin', email: 'zoe@univ.example', groups: [] },
        'tom.prof': { name: 'Tom Formateur', email: 'tom@univ.example', groups: ['formateurs'] },
        'lea.petit': { name: 'Léa Petit', groups: [] },
      },
    });
    slapd = await startSlapd();
    server = await startTestServer({
      runtime: new FakeRuntime(),
      env: {
        ATELIER_SSO_FILE: await ssoFile(idp.issuer, slapd.url),
        UNIV_SECRET: SECRET,
        ATELIER_LOG_LEVEL: 'error',
      },
    });
    idp.registerClient({
      clientId: 'atelier',
      clientSecret: SECRET,
      redirectUris: [`${server.url}/api/auth/sso/univ/callback`],
      postLogoutRedirectUris: [`${server.url}/login`],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
    await slapd?.close();
  });

  it('the login page offers the provider’s link and the « Compte » choice, and passes axe', async () => {
    const page = await freshPage();
    dumpOnFailure('login-page', () => page);
    await page.goto(`${server.url}/login`);
    const link = page.getByRole('link', { name: `Se connecter avec ${UNIV}` });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/api/auth/sso/univ/start');
    const choice = page.getByRole('group', { name: 'Compte' });
    expect(await choice.getByRole('radio', { name: 'Annuaire', exact: true }).isChecked()).toBe(true);
    expect(await choice.getByRole('radio', { name: 'Annuaire de secours' }).isChecked()).toBe(false);
    expect(await choice.getByRole('radio', { name: 'Compte local' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Nom d’utilisateur').count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'sso-01-login');

    // In English, the same page.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('link', { name: 'Log in with University account' }).waitFor();
    await page
      .getByRole('group', { name: 'Account' })
      .getByRole('radio', { name: 'Local account' })
      .waitFor();
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.context().close();
  });

  it('a learner logs in at the provider and lands on the courses, named in the header', async () => {
    const page = await freshPage();
    dumpOnFailure('learner', () => page);
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: `Se connecter avec ${UNIV}` }).click();
    await providerLogin(page, idp, 'zoe.martin');
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: 'Cours', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('user-name').innerText()).toContain('Zoé Martin');
    expect(server.app.repos.users.findByUsername('zoe.martin')?.role).toBe('learner');
    await shot(page, 'sso-02-learner-home');

    // Logging out of Atelier leaves the provider's session: its logout is one link away.
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    const notice = page.getByTestId('signed-out');
    await notice.getByText('Vous êtes déconnecté d’Atelier.').waitFor();
    const out = notice.getByRole('link', { name: `Se déconnecter aussi de ${UNIV}` });
    expect(new URL((await out.getAttribute('href')) ?? '').origin).toBe(idp.issuer);
    await shot(page, 'sso-03-signed-out');
    // Shown once: a reload of the login page does not offer it again.
    await page.reload();
    await page.getByRole('link', { name: `Se connecter avec ${UNIV}` }).waitFor();
    expect(await page.getByTestId('signed-out').count()).toBe(0);
    await page.context().close();
  });

  it('a trainer (group formateurs) asked for /classes logs in and sees the class pages', async () => {
    const page = await freshPage();
    dumpOnFailure('trainer', () => page);
    await page.goto(`${server.url}/classes`);
    await page.waitForURL(/\/login\?next=%2Fclasses$/);
    const link = page.getByRole('link', { name: `Se connecter avec ${UNIV}` });
    expect(await link.getAttribute('href')).toBe('/api/auth/sso/univ/start?next=%2Fclasses');
    await link.click();
    await providerLogin(page, idp, 'tom.prof');
    await page.waitForURL(`${server.url}/classes`);
    await page.getByRole('heading', { name: 'Mes classes' }).waitFor();
    await page.getByRole('heading', { name: 'Nouvelle classe' }).waitFor();
    await expect.poll(() => page.getByTestId('user-name').innerText()).toContain('Tom Formateur');
    expect(server.app.repos.users.findByUsername('tom.prof')?.role).toBe('trainer');
    await page.context().close();
  });

  it('a refused answer and a directory that does not answer are said plainly', async () => {
    const page = await freshPage();
    dumpOnFailure('refusals', () => page);
    idp.tamper('signature');
    try {
      await page.goto(`${server.url}/login`);
      await page.getByRole('link', { name: `Se connecter avec ${UNIV}` }).click();
      await providerLogin(page, idp, 'lea.petit');
      await page.waitForURL(/\/login\?sso-error=sso-failed&provider=univ$/);
    } finally {
      idp.tamper(null);
    }
    await page
      .getByRole('alert')
      .getByText(`${UNIV} a renvoyé une réponse invalide : connexion refusée.`)
      .waitFor();
    expect(server.app.repos.users.findByUsername('lea.petit')).toBeUndefined();

    await page.getByRole('radio', { name: 'Annuaire de secours' }).check();
    await page.getByLabel('Nom d’utilisateur').fill('alice');
    await page.getByLabel('Mot de passe').fill('un mot de passe');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(
        'Le fournisseur Annuaire de secours ne répond pas. Réessayez plus tard ou utilisez un autre moyen de connexion.',
      )
      .waitFor();
    await shot(page, 'sso-04-refusals');
    await page.context().close();
  });

  it('a directory account logs in from the « Compte » choice; a wrong password is refused', async () => {
    const page = await freshPage();
    dumpOnFailure('directory', () => page);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Nom d’utilisateur').fill('alice');
    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByText('Nom d’utilisateur ou mot de passe incorrect.').waitFor();
    await page.getByLabel('Mot de passe').fill(LDAP_PASSWORDS.alice);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByTestId('user-name').innerText()).toContain('Alice Martin');
    // A directory's session has no provider logout to offer.
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.getByLabel('Nom d’utilisateur').waitFor();
    expect(await page.getByTestId('signed-out').count()).toBe(0);
    await page.context().close();
  });

  it('a learner joins a class with the provider from /join/<code>', async () => {
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = (await trainer.post('/api/classes', { name: 'Linux SSO', courseIds: ['premiers-pas'] }))
      .body as {
      id: string;
      joinCode: string;
    };
    const page = await freshPage();
    dumpOnFailure('join', () => page);
    await page.goto(`${server.url}/join/${cls.joinCode}`);
    await page.getByTestId('join-found').getByText('Linux SSO').waitFor();
    const link = page.getByRole('link', { name: `Rejoindre avec ${UNIV}` });
    expect(await link.getAttribute('href')).toBe(`/api/auth/sso/univ/start?join=${cls.joinCode}`);
    // The directory's form sits beside it, with the account creation kept (local logins are on).
    await page.getByRole('button', { name: 'Se connecter et rejoindre' }).waitFor();
    await page.getByLabel('Choisissez un mot de passe').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'sso-05-join');
    await link.click();
    await providerLogin(page, idp, 'lea.petit');
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByTestId('user-name').innerText()).toContain('Léa Petit');
    const mine = await page.evaluate(async () => (await fetch('/api/me/classes')).json());
    expect(JSON.stringify(mine)).toContain('Linux SSO');
    await page.context().close();

    // With the directory: its login, then the joining, on the same page.
    const bob = await freshPage();
    dumpOnFailure('join-directory', () => bob);
    await bob.goto(`${server.url}/join/${cls.joinCode}`);
    const form = bob.locator('form.directory');
    await form.getByRole('radio', { name: 'Annuaire', exact: true }).check();
    await form.getByLabel('Nom d’utilisateur').fill('bob');
    await form.getByLabel('Mot de passe').fill(LDAP_PASSWORDS.bob);
    await form.getByRole('button', { name: 'Se connecter et rejoindre' }).click();
    await bob.getByRole('heading', { name: 'Bienvenue dans « Linux SSO » !' }).waitFor();
    // No login to write down: it is the directory's.
    expect(await bob.getByTestId('join-username').count()).toBe(0);
    await bob.getByRole('button', { name: 'Aller à mes cours' }).click();
    await bob.waitForURL(`${server.url}/`);
    await expect.poll(() => bob.getByTestId('user-name').innerText()).toContain('Bérénice Dupont');
    await bob.context().close();
  });

  it('the admin lists the provider accounts and links one to a local account', async () => {
    const { client } = await userWithRole(server, 'root-admin', 'admin');
    await userWithRole(server, 'zoe-locale', 'learner');
    const page = await signedInPage(browser, server.url, client.cookie);
    problems.push(...watchPageProblems(page));
    dumpOnFailure('admin', () => page);
    await page.goto(`${server.url}/admin/users`);
    const section = page.getByRole('region', { name: 'Comptes des fournisseurs d’identité' });
    const row = section.locator('tr', { hasText: 'zoe.martin' });
    await row.waitFor();
    expect(await row.innerText()).toContain(UNIV);
    expect(await row.innerText()).toContain('zoe@univ.example');
    await row.getByRole('button', { name: 'Relier à un compte local — zoe.martin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Relier Zoé Martin à un compte local' });
    await dialog.getByLabel('Identifiant du compte local').fill('personne');
    await dialog.getByRole('button', { name: 'Relier' }).click();
    await dialog.getByText('Utilisateur introuvable.').waitFor();
    await shot(page, 'sso-06-admin-link');
    await dialog.getByLabel('Identifiant du compte local').fill('zoe-locale');
    await dialog.getByRole('button', { name: 'Relier' }).click();
    await section.getByRole('status').getByText('est maintenant relié au compte zoe-locale').waitFor();
    await section.locator('tr', { hasText: 'zoe-locale' }).waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, 'sso-07-admin-linked');
    await page.context().close();
  });

  it('with local logins off: the provider’s link only; ?local=1 is the administrators’ form', async () => {
    const off = await startTestServer({
      runtime: new FakeRuntime(),
      env: {
        ATELIER_SSO_FILE: await ssoFile(idp.issuer),
        UNIV_SECRET: SECRET,
        ATELIER_LOCAL_LOGIN: 'off',
        ATELIER_LOG_LEVEL: 'error',
      },
    });
    const page = await freshPage();
    dumpOnFailure('local-off', () => page);
    try {
      await page.goto(`${off.url}/login`);
      await page.getByRole('link', { name: `Se connecter avec ${UNIV}` }).waitFor();
      expect(await page.getByLabel('Nom d’utilisateur').count()).toBe(0);
      expect(await page.getByRole('button', { name: /Créer un compte/ }).count()).toBe(0);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, 'sso-08-local-off');
      await page.getByRole('link', { name: 'Administrateur ? Connexion locale' }).click();
      await page.getByText('Connexion locale des administrateurs').waitFor();
      await page.getByLabel('Nom d’utilisateur').waitFor();
      expect(new URL(page.url()).search).toBe('?local=1');
      expect(await page.getByRole('group', { name: 'Compte' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Créer un compte/ }).count()).toBe(0);
      await shot(page, 'sso-09-local-admin');

      // Joining: the provider's link, no account to create with a password; a refusal from the URL.
      const { client: admin } = await userWithRole(off, 'ada', 'admin');
      const { joinCode } = (
        await admin.post('/api/classes', { name: 'Sans mot de passe', courseIds: ['premiers-pas'] })
      ).body as { joinCode: string };
      await page.goto(`${off.url}/join/${joinCode}?sso-error=sso-expired&provider=univ`);
      await page
        .getByRole('alert')
        .getByText('La connexion a expiré ou a déjà servi : recommencez.')
        .waitFor();
      await page.getByRole('link', { name: `Rejoindre avec ${UNIV}` }).waitFor();
      expect(await page.getByLabel('Choisissez un mot de passe').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Rejoindre la classe' }).count()).toBe(0);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, 'sso-10-join-local-off');
    } finally {
      await page.context().close();
      await off.close();
    }
    expect(problems).toEqual([]);
  });
});
