// The account, join and class forms in real Chromium (issue 17, items 8, 10, 11, 12): each field says
// what is wrong under itself, in the page's language, with the server's limits (one module,
// server/auth/credential-limits.ts) enforced before anything is sent; a refusal the server sends lands
// under its field too. A learner who types a trainer's or admin's URL reads the refusal only. An admin
// confirms a role change. The login page and a learner's catalogue lead to /join.
// Screenshots go to test/e2e/artifacts/ (git-ignored).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, screenshot, signedInPage, watchPageProblems } from './support/browser.js';

const GOOD_PASSWORD = 'un mot de passe solide';

describe('forms: per-field errors, shared limits, refusals, role confirmation, ways to /join', () => {
  let server: TestServer;
  let browser: Browser;
  let visitor: Page;
  let learner: Page;
  let trainer: Page;
  let admin: Page;
  let problems: string[];
  let adminApi: Awaited<ReturnType<typeof userWithRole>>['client'];
  /** POST requests the visitor's page sent, by path. */
  const posted: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const clients = await Promise.all(
      (
        [
          ['zoe-martin', 'learner'],
          ['formatrice', 'trainer'],
          ['root-admin', 'admin'],
        ] as const
      ).map(async ([name, role]) => (await userWithRole(server, name, role)).client),
    );
    adminApi = clients[2]!;
    const cookies = clients.map((c) => c.cookie);
    browser = await launchChromium();
    visitor = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    visitor.on('request', (r) => r.method() === 'POST' && posted.push(new URL(r.url()).pathname));
    const pages = await Promise.all(cookies.map((c) => signedInPage(browser, server.url, c)));
    [learner, trainer, admin] = [pages[0]!, pages[1]!, pages[2]!];
    problems = [visitor, learner, trainer, admin].flatMap((p) => watchPageProblems(p));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const dumpOnFailure = (name: string, page: () => Page) =>
    onTestFailed(async () => void (await screenshot(page(), `failed-forms-${name}`).catch(() => undefined)));
  const fieldError = (page: Page, field: string) => page.getByTestId(`field-error-${field}`);

  it('registration: each field’s problem under it, in French, before anything is sent', async () => {
    dumpOnFailure('register', () => visitor);
    await visitor.goto(`${server.url}/login`);
    await visitor.getByRole('button', { name: 'Pas encore de compte ? Créer un compte' }).click();
    const username = visitor.getByLabel('Nom d’utilisateur');
    const password = visitor.getByLabel('Mot de passe');
    // The server's limits are the input's attributes: 300 characters cannot even be typed.
    expect(await username.getAttribute('maxlength')).toBe('32');
    expect(await username.getAttribute('minlength')).toBe('2');
    expect(await password.getAttribute('minlength')).toBe('10');
    await username.fill('x'.repeat(300));
    expect((await username.inputValue()).length).toBe(32);

    await username.fill('zoé martin');
    await password.fill('court');
    await visitor.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect
      .poll(() => fieldError(visitor, 'username').textContent())
      .toContain('Seulement des lettres, des chiffres');
    expect(await fieldError(visitor, 'password').textContent()).toContain('Au moins 10 caractères.');
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    expect(await username.getAttribute('aria-describedby')).toContain('username-error');
    expect(await password.getAttribute('aria-describedby')).toContain('password-error');
    // The first refused field has the focus, so its error is read with it.
    expect(await username.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(posted.filter((p) => p === '/api/auth/register')).toEqual([]);
    const text = await visitor.locator('at-login').innerText();
    expect(text).not.toMatch(/username:|password:/);
    await screenshot(visitor, 'forms-01-register-errors');

    await username.fill('z');
    await password.fill(GOOD_PASSWORD);
    await visitor.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect
      .poll(() => fieldError(visitor, 'username').textContent())
      .toContain('Au moins 2 caractères.');
    expect(await fieldError(visitor, 'password').count()).toBe(0);
    expect(await password.getAttribute('aria-invalid')).toBe('false');

    // The server's refusal of one field lands under that field.
    await username.fill('zoe-martin');
    await visitor.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect
      .poll(() => fieldError(visitor, 'username').textContent())
      .toContain('Ce nom d’utilisateur est déjà pris.');
    expect(posted.filter((p) => p === '/api/auth/register')).toHaveLength(1);

    // And in English, the same places.
    await visitor.getByRole('button', { name: 'EN' }).click();
    await username.fill('a');
    await visitor.getByRole('button', { name: 'Create my account' }).click();
    await expect
      .poll(() => fieldError(visitor, 'username').textContent())
      .toContain('At least 2 characters.');
    await visitor.getByRole('button', { name: 'FR' }).click();
  });

  it('the server words a refused field by its problem, not in English field names', async () => {
    const res = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'x'.repeat(300), password: 'court' }),
    });
    const body = (await res.json()) as { error: { reason: string; params?: Record<string, string> } };
    expect(res.status).toBe(400);
    expect(body.error).toMatchObject({
      reason: 'invalid-request',
      params: { username: 'too-long', password: 'too-short' },
    });
  });

  it('the login page leads to /join, and /join checks its fields the same way', async () => {
    dumpOnFailure('join', () => visitor);
    await visitor.goto(`${server.url}/login`);
    const link = visitor.getByRole('link', { name: 'Rejoindre une classe avec un code' });
    await link.click();
    await visitor.getByRole('heading', { name: 'Rejoindre une classe' }).waitFor();
    expect(new URL(visitor.url()).pathname).toBe('/join');
    expect(await visitor.getByLabel('Votre nom').getAttribute('maxlength')).toBe('40');
    await visitor.getByLabel('Code de la classe').fill('AB');
    await visitor.getByLabel('Votre nom').fill('Zoé Martin');
    await visitor.getByLabel('Choisissez un mot de passe').fill(GOOD_PASSWORD);
    await visitor.getByRole('button', { name: 'Rejoindre la classe' }).click();
    await expect.poll(() => fieldError(visitor, 'code').textContent()).toContain('Au moins 4 caractères.');
    await visitor.getByLabel('Code de la classe').fill('NOPE-0000-0000');
    await visitor.getByRole('button', { name: 'Rejoindre la classe' }).click();
    await expect
      .poll(() => fieldError(visitor, 'code').textContent())
      .toContain('Ce code ne correspond à aucune classe.');
    expect(await visitor.getByLabel('Code de la classe').getAttribute('aria-invalid')).toBe('true');
    await screenshot(visitor, 'forms-02-join-errors');
  });

  it('a learner’s catalogue leads to /join; a trainer’s does not', async () => {
    dumpOnFailure('catalogue', () => learner);
    await learner.goto(server.url);
    await learner.getByRole('heading', { name: 'Cours', exact: true }).waitFor();
    const link = learner.getByRole('link', { name: 'Rejoindre une classe avec un code' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/join');
    await screenshot(learner, 'forms-03-catalogue-join');
    await trainer.goto(server.url);
    await trainer.locator('at-course-list article').first().waitFor();
    expect(await trainer.getByRole('link', { name: 'Rejoindre une classe avec un code' }).count()).toBe(0);
  });

  it('a learner on /classes or /admin/users reads the refusal only, with a way back', async () => {
    dumpOnFailure('refused', () => learner);
    // A trainer and an admin demoted while their page is open: the page still offers the links, the
    // server refuses (403), and the page says so without its form.
    const demoted = await Promise.all(
      (['ex-formateur', 'ex-admin'] as const).map(async (name, i) => {
        const { user, client } = await userWithRole(server, name, i ? 'admin' : 'trainer');
        const page = await signedInPage(browser, server.url, client.cookie);
        await page.goto(server.url);
        await page.locator('at-course-list article').first().waitFor();
        expect((await adminApi.patch(`/api/admin/users/${user.id}`, { role: 'learner' })).status).toBe(200);
        return page;
      }),
    );
    const cases = [
      [learner, 'Classes', '/classes', 'Nouvelle classe'],
      [learner, 'Utilisateurs', '/admin/users', 'Nouveau compte'],
      [demoted[0]!, 'Classes', '/classes', 'Nouvelle classe'],
      [demoted[1]!, 'Administration', '/admin/users', 'Nouveau compte'],
    ] as const;
    for (const [page, link, path, form] of cases) {
      if (page === learner) await page.goto(`${server.url}${path}`);
      else await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByText('Vous n’avez pas accès à cette page.').first().waitFor();
      await page.getByRole('link', { name: 'Retour aux cours' }).waitFor();
      // Give a form that would come a chance to show before saying it does not.
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('heading', { name: form }).count(), path).toBe(0);
      expect(await page.locator('form').count(), path).toBe(0);
      await screenshot(
        page,
        `forms-04-refused${page === learner ? '' : '-demoted'}${path.replaceAll('/', '-')}`,
      );
    }
  });

  it('a new class’s name follows the server’s limits', async () => {
    dumpOnFailure('class', () => trainer);
    await trainer.goto(`${server.url}/classes`);
    const name = trainer.getByLabel('Nom de la classe');
    expect(await name.getAttribute('maxlength')).toBe('80');
    await name.fill('x');
    await trainer.getByRole('button', { name: 'Créer la classe' }).click();
    await expect.poll(() => fieldError(trainer, 'name').textContent()).toContain('Au moins 2 caractères.');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
  });

  it('admin: a new account’s fields, then a role change asked and confirmed', async () => {
    dumpOnFailure('admin', () => admin);
    await admin.goto(`${server.url}/admin/users`);
    const panel = admin.getByRole('region', { name: 'Nouveau compte' });
    await panel.getByLabel('Identifiant').fill('jean dupont');
    await panel.getByLabel('Mot de passe').fill('court');
    await panel.getByRole('button', { name: 'Créer le compte' }).click();
    await expect
      .poll(() => fieldError(admin, 'username').textContent())
      .toContain('Seulement des lettres, des chiffres');
    expect(await fieldError(admin, 'password').textContent()).toContain('Au moins 10 caractères.');
    await screenshot(admin, 'forms-05-admin-new-errors');
    await panel.getByLabel('Identifiant').fill('jean-dupont');
    await panel.getByLabel('Mot de passe').fill(GOOD_PASSWORD);
    await panel.getByRole('button', { name: 'Créer le compte' }).click();
    await admin.getByText('Compte jean-dupont créé avec le rôle formateur.').waitFor();

    // A role picked is asked first; « Annuler » puts the selector back and changes nothing.
    const select = admin.getByLabel('Rôle — zoe-martin');
    const roleOf = () => server.app.repos.users.findByUsername('zoe-martin')?.role;
    await select.selectOption('trainer');
    const dialog = admin.getByRole('dialog', { name: 'Changer le rôle ?' });
    await dialog.getByText('Donner le rôle formateur à zoe-martin ?').waitFor();
    await screenshot(admin, 'forms-06-role-confirm');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await expect.poll(() => select.inputValue()).toBe('learner');
    expect(roleOf()).toBe('learner');
    // Escape is a cancel too.
    await select.selectOption('admin');
    await dialog.waitFor();
    await admin.keyboard.press('Escape');
    await expect.poll(() => select.inputValue()).toBe('learner');
    expect(roleOf()).toBe('learner');

    await select.selectOption('trainer');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await admin.getByRole('status').getByText('zoe-martin a maintenant le rôle formateur.').waitFor();
    expect(roleOf()).toBe('trainer');
    expect(await admin.getByLabel('Rôle — zoe-martin').inputValue()).toBe('trainer');
    await screenshot(admin, 'forms-07-role-changed');
    expect(problems).toEqual([]);
  });
});
