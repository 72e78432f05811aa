// OpenID Connect sign-in through the real server (FakeRuntime, no Docker) and a real provider (oidc-provider
// on loopback): a browser's trip start → provider's login form → callback, accounts made and found by sub,
// roles from groups, joining a class, and every refusal (replayed state, no browser cookie, bad ID tokens,
// provider down) ending on the login page with nothing created.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import {
  loginFormAction,
  startOidcProvider,
  TestBrowser,
  type TestOidcProvider,
  type TestOidcUser,
} from '../support/oidc-provider.js';
import { httpClient, startTestServer, type AnyTestServer } from '../support/server.js';
import { freePort } from '../support/ports.js';

const SECRET = 'un secret de client assez long';
const COURSE = 'premiers-pas';

let idp: TestOidcProvider;
let server: AnyTestServer;
let admin: ReturnType<typeof httpClient>;
let dir: string;

const user = (name: string, groups: string[] = [], extra: Partial<TestOidcUser> = {}): TestOidcUser => ({
  name,
  groups,
  email: `${name.split(' ')[0]!.toLowerCase()}@univ.example`,
  ...extra,
});

beforeAll(async () => {
  idp = await startOidcProvider({
    users: {
      lea: user('Léa Martin'),
      tom: user('Tom Formateur', ['/formateurs']),
      alice: user('Alice Durand'),
      zoe: user('Zoé Lefèvre'),
      replay: user('Rémi Rejoue'),
      mallory: user('Mallory Malle'),
      paul: user('Paul Public'),
      victor: user('Victor Sortie'),
    },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sso-'));
  const file = path.join(dir, 'sso.json');
  const base = {
    kind: 'oidc',
    clientId: 'atelier',
    roles: { trainer: ['formateurs'], admin: ['atelier-admins'] },
  };
  fs.writeFileSync(
    file,
    JSON.stringify({
      providers: [
        {
          ...base,
          id: 'univ',
          name: { fr: 'Université', en: 'University' },
          issuer: idp.issuer,
          clientSecret: 'env:UNIV_SECRET',
        },
        { id: 'pub', kind: 'oidc', name: 'Public', issuer: idp.issuer, clientId: 'atelier-public' },
        { ...base, id: 'down', name: 'Éteint', issuer: `http://127.0.0.1:${await freePort()}` },
      ],
    }),
  );
  server = await startTestServer({
    runtime: new FakeRuntime(),
    env: { ATELIER_SSO_FILE: file, UNIV_SECRET: SECRET },
  });
  // The redirect URIs name the server's port, known only now.
  for (const [clientId, id, clientSecret] of [
    ['atelier', 'univ', SECRET],
    ['atelier-public', 'pub', undefined],
  ] as const) {
    idp.registerClient({
      clientId,
      clientSecret,
      redirectUris: [`${server.url}/api/auth/sso/${id}/callback`],
      postLogoutRedirectUris: [`${server.url}/login`],
    });
  }
  ({ client: admin } = await userWithRole(server, 'ada', 'admin'));
});

afterAll(async () => {
  await server?.close();
  await idp?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The app's own pages are not served here: the trip ends when the browser would load one. */
const appPage = (u: URL) => u.origin === server.url && !u.pathname.startsWith('/api/');
const toCallback = (u: URL) => u.origin === server.url && u.pathname.endsWith('/callback');

/** start → the provider's login form (filled with `login`) → back; stops where `stop` says (the app by default). */
async function ssoLogin(
  browser: TestBrowser,
  login: string,
  opts: { provider?: string; query?: string; stop?: (u: URL) => boolean } = {},
) {
  const start = `${server.url}/api/auth/sso/${opts.provider ?? 'univ'}/start${opts.query ?? ''}`;
  const page = await browser.navigate(start, appPage);
  if (!page.res) return page.url; // refused before the provider
  expect(page.url.origin).toBe(idp.issuer);
  const form = loginFormAction(await page.res.text(), page.url);
  const back = await browser.navigate(form.href, opts.stop ?? appPage, {
    form: { login, password: 'peu importe' },
  });
  return back.url;
}

async function me(browser: TestBrowser) {
  const res = await browser.request(`${server.url}/api/me`);
  return {
    status: res.status,
    body: (await res.json()) as { id: string; username: string; role: string; displayName?: string },
  };
}

async function userCount(): Promise<number> {
  const res = await admin.get('/api/admin/users');
  expect(res.status).toBe(200);
  return (res.body as unknown[]).length;
}

const ssoError = (u: URL) => ({
  page: u.pathname,
  reason: u.searchParams.get('sso-error'),
  provider: u.searchParams.get('provider'),
});

describe('OpenID Connect sign-in', () => {
  it('makes a learner account at the first login, with the display name, and goes to next', async () => {
    const browser = new TestBrowser();
    const end = await ssoLogin(browser, 'lea', { query: '?next=/courses/premiers-pas' });
    expect(end.pathname + end.search).toBe('/courses/premiers-pas');
    expect(browser.cookie('atelier_sid')).toBeTruthy();
    const { status, body } = await me(browser);
    expect(status).toBe(200);
    expect(body).toMatchObject({ username: 'lea', role: 'learner', displayName: 'Léa Martin' });
  });

  it('keeps the identity routes to admins: a provider’s learner gets 403, no session 401', async () => {
    const learner = await loggedIn('lea');
    const subject = encodeURIComponent(idp.subjectOf('lea'));
    for (const [method, path] of [
      ['GET', '/api/admin/identities'],
      ['POST', '/api/admin/identities/link'],
      ['DELETE', `/api/admin/identities/univ/${subject}`],
    ] as const) {
      expect((await learner.request(`${server.url}${path}`, { method })).status).toBe(403);
      expect((await new TestBrowser().request(`${server.url}${path}`, { method })).status).toBe(401);
    }
    expect((await admin.get('/api/admin/identities')).body).toContainEqual(
      expect.objectContaining({ providerId: 'univ', username: 'lea' }),
    );
  });

  it('finds the same account at the next login, by sub, even when the username claim changed', async () => {
    const first = await me(await loggedIn('lea'));
    idp.setUser('lea', user('Léa Martin-Roy', [], { username: 'lea.martin' }));
    const second = await me(await loggedIn('lea'));
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.username).toBe('lea');
    expect(second.body.displayName).toBe('Léa Martin-Roy');
  });

  it('gives the trainer role from a group (a Keycloak path) and takes it back when the group is gone', async () => {
    const before = await me(await loggedIn('tom'));
    expect(before.body.role).toBe('trainer');
    idp.setUser('tom', user('Tom Formateur', []));
    const after = await me(await loggedIn('tom'));
    expect(after.body).toMatchObject({ id: before.body.id, role: 'learner' });
  });

  it('never takes over a local account of the same name: the provider’s alice becomes alice-2', async () => {
    const local = await userWithRole(server, 'alice', 'learner');
    const sso = await me(await loggedIn('alice'));
    expect(sso.body.username).toBe('alice-2');
    expect(sso.body.id).not.toBe(local.user.id);
    const again = httpClient(server.url);
    const res = await again.post('/api/auth/login', { username: 'alice', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: local.user.id, username: 'alice' });
    expect(res.body.displayName ?? null).toBeNull();
  });

  it('joins a class on the way (start?join=<code>) under the provider’s name', async () => {
    const { client: trainer } = await userWithRole(server, 'formateur-local', 'trainer');
    const created = await trainer.post('/api/classes', { name: 'Linux SSO', courseIds: [COURSE] });
    expect(created.status).toBe(201);
    const { id, joinCode } = created.body as { id: string; joinCode: string };
    const browser = new TestBrowser();
    const end = await ssoLogin(browser, 'zoe', { query: `?join=${encodeURIComponent(joinCode)}` });
    expect(end.pathname).toBe('/');
    expect(end.searchParams.get('sso-error')).toBeNull();
    const { body } = await me(browser);
    expect(body).toMatchObject({ username: 'zoe', role: 'learner', displayName: 'Zoé Lefèvre' });
    const mine = await browser.request(`${server.url}/api/me/classes`);
    expect(((await mine.json()) as { id: string }[]).map((c) => c.id)).toEqual([id]);
    const view = await trainer.get(`/api/classes/${id}`);
    expect(view.body.learnerCount).toBe(1);
  });

  it('goes home rather than to a next that leaves the site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const end = await ssoLogin(new TestBrowser(), 'lea', { query: `?next=${encodeURIComponent(next)}` });
      expect(end.href).toBe(`${server.url}/`);
    }
  });

  it('also works for a public client (PKCE alone, no secret)', async () => {
    const browser = new TestBrowser();
    const end = await ssoLogin(browser, 'paul', { provider: 'pub' });
    expect(end.pathname).toBe('/');
    expect((await me(browser)).body).toMatchObject({ username: 'paul', displayName: 'Paul Public' });
  });

  it('gives the provider’s logout link at logout, and none for a local session', async () => {
    const browser = await loggedIn('victor');
    const res = await browser.request(`${server.url}/api/auth/logout`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { endSessionUrl } = (await res.json()) as { endSessionUrl: string };
    const url = new URL(endSessionUrl);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('client_id')).toBe('atelier');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/login`);
    expect((await me(browser)).status).toBe(401);
    // The provider accepts it (its confirmation page, not an error).
    const page = await browser.request(endSessionUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('logoutForm');

    const local = httpClient(server.url);
    await local.post('/api/auth/login', { username: 'alice', password: PASSWORD });
    expect((await local.post('/api/auth/logout')).status).toBe(204);
  });
});

describe('OpenID Connect refusals', () => {
  it('refuses a replayed callback: sso-expired, and no second session', async () => {
    const browser = new TestBrowser();
    const callback = await ssoLogin(browser, 'replay', { stop: toCallback });
    const bound = browser.cookie('atelier_sso');
    expect(bound).toBeTruthy();
    const first = await browser.navigate(callback.href, appPage);
    expect(first.url.pathname).toBe('/');
    expect(browser.cookie('atelier_sid')).toBeTruthy();
    // The same URL again, even with the browser cookie the first one had.
    const again = await fetch(callback, { redirect: 'manual', headers: { cookie: `atelier_sso=${bound}` } });
    expect(again.status).toBe(302);
    expect(ssoError(new URL(again.headers.get('location')!, server.url))).toEqual({
      page: '/login',
      reason: 'sso-expired',
      provider: 'univ',
    });
    expect(again.headers.getSetCookie().some((c) => /^atelier_sid=[^;]/.test(c))).toBe(false);
  });

  it('refuses a callback without the browser cookie of its start: sso-expired, nothing created', async () => {
    const before = await userCount();
    const browser = new TestBrowser();
    const callback = await ssoLogin(browser, 'mallory', { stop: toCallback });
    browser.forget('atelier_sso');
    const end = await browser.navigate(callback.href, appPage);
    expect(ssoError(end.url)).toEqual({ page: '/login', reason: 'sso-expired', provider: 'univ' });
    expect(browser.cookie('atelier_sid')).toBeUndefined();
    expect(await userCount()).toBe(before);
  });

  it('says sso-denied when the provider answers with an error', async () => {
    const browser = new TestBrowser();
    const atProvider = await browser.navigate(
      `${server.url}/api/auth/sso/univ/start`,
      (u) => u.origin === idp.issuer,
    );
    const state = atProvider.url.searchParams.get('state')!;
    const end = await browser.navigate(
      `${server.url}/api/auth/sso/univ/callback?error=access_denied&state=${encodeURIComponent(state)}`,
      appPage,
    );
    expect(ssoError(end.url)).toEqual({ page: '/login', reason: 'sso-denied', provider: 'univ' });
  });

  for (const kind of ['audience', 'nonce', 'signature'] as const) {
    it(`refuses an ID token with a wrong ${kind}: sso-failed, no account, no session`, async () => {
      const before = await userCount();
      idp.tamper(kind);
      try {
        const browser = new TestBrowser();
        const end = await ssoLogin(browser, 'mallory');
        expect(ssoError(end)).toEqual({ page: '/login', reason: 'sso-failed', provider: 'univ' });
        expect(browser.cookie('atelier_sid')).toBeUndefined();
      } finally {
        idp.tamper(null);
      }
      expect(await userCount()).toBe(before);
    });
  }

  it('says sso-unavailable when the provider does not answer, and local login still works', async () => {
    const browser = new TestBrowser();
    const end = await ssoLogin(browser, 'lea', { provider: 'down' });
    expect(ssoError(end)).toEqual({ page: '/login', reason: 'sso-unavailable', provider: 'down' });
    const joining = await ssoLogin(browser, 'lea', { provider: 'down', query: '?join=LINUX-1234-5678' });
    expect(ssoError(joining)).toEqual({
      page: '/join/LINUX-1234-5678',
      reason: 'sso-unavailable',
      provider: 'down',
    });
    // Discovery is tried again at the next login (not a cached failure), and local passwords still work.
    expect(ssoError(await ssoLogin(browser, 'lea', { provider: 'down' })).reason).toBe('sso-unavailable');
    const local = httpClient(server.url);
    expect((await local.post('/api/auth/login', { username: 'alice', password: PASSWORD })).status).toBe(200);
  });

  it('says unknown-provider for a provider that is not configured', async () => {
    const end = await ssoLogin(new TestBrowser(), 'lea', { provider: 'nope' });
    expect(ssoError(end)).toEqual({ page: '/login', reason: 'unknown-provider', provider: 'nope' });
  });
});

/** A fresh browser, logged in as `login` through the provider. */
async function loggedIn(login: string): Promise<TestBrowser> {
  const browser = new TestBrowser();
  const end = await ssoLogin(browser, login);
  expect(end.searchParams.get('sso-error')).toBeNull();
  return browser;
}
