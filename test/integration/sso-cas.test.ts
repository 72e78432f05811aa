// CAS 3.0 sign-in through the real server (FakeRuntime, no Docker) and a real CAS server (LemonLDAP::NG on
// loopback): start → the portal's login form → our callback with a service ticket, validated at
// p3/serviceValidate; accounts by the CAS user id, roles from the groups attribute, a replayed ticket
// refused, single logout by the server's back-channel request, a server that does not answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtPortal, startLemonldap, type TestLemonldap } from '../support/lemonldap.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { TestBrowser } from '../support/oidc-provider.js';
import { freePort } from '../support/ports.js';
import { startTestServer, type AnyTestServer } from '../support/server.js';

let llng: TestLemonldap;
let server: AnyTestServer;
let dir: string;

beforeAll(async () => {
  // The portal must know our service URL and we its URL: its port is chosen first, it starts last.
  const llngPort = await freePort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cas-'));
  const file = path.join(dir, 'sso.yaml');
  fs.writeFileSync(
    file,
    JSON.stringify({
      providers: [
        {
          kind: 'cas',
          id: 'campus',
          name: { fr: 'CAS du campus', en: 'Campus CAS' },
          url: `http://localhost:${llngPort}/cas`,
          roles: { trainer: ['timelords'], admin: [] },
        },
        { kind: 'cas', id: 'down', name: 'Éteint', url: `http://127.0.0.1:${await freePort()}/cas` },
      ],
    }),
  );
  server = await startTestServer({ runtime: new FakeRuntime(), env: { ATELIER_SSO_FILE: file } });
  llng = await startLemonldap({ port: llngPort, casService: `${server.url}/api/auth/sso/` });
});

afterAll(async () => {
  await server?.close();
  await llng?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** start → portal → the service URL with its ticket (not yet fetched). */
async function toTicket(browser: TestBrowser, user: string, provider = 'campus', query = '') {
  const start = await browser.request(`${server.url}/api/auth/sso/${provider}/start${query}`);
  expect(start.status).toBe(302);
  const exit = await signInAtPortal(llng, start.headers.get('location')!, user, user);
  if (exit.kind !== 'redirect') throw new Error(`the portal did not send back: ${JSON.stringify(exit)}`);
  return Object.assign(new URL(exit.location), { portalCookie: exit.cookie });
}

const me = async (browser: TestBrowser) => {
  const res = await browser.request(`${server.url}/api/me`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const errorOf = (res: Response) => {
  const to = new URL(res.headers.get('location') ?? '/', server.url);
  return { page: to.pathname, reason: to.searchParams.get('sso-error') };
};

describe('CAS sign-in', () => {
  it('lists the CAS provider for the login page', async () => {
    const res = await fetch(`${server.url}/api/config`);
    const body = (await res.json()) as { sso: { providers: unknown[] } };
    expect(body.sso.providers).toContainEqual({
      id: 'campus',
      kind: 'cas',
      name: { fr: 'CAS du campus', en: 'Campus CAS' },
    });
  });

  it('makes an account at the first login: CAS user id, display name, trainer from a group, next', async () => {
    const browser = new TestBrowser();
    const back = await toTicket(browser, 'dwho', 'campus', '?next=/courses');
    expect(back.searchParams.get('ticket')).toMatch(/^ST-/);
    const res = await browser.request(back.href);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/courses');
    const { status, body } = await me(browser);
    expect(status).toBe(200);
    expect(body).toMatchObject({ username: 'dwho', role: 'trainer', displayName: 'Doctor Who' });
    const identity = server.app.repos.users.findByUsername('dwho');
    expect(identity).toBeTruthy();
  });

  it('finds the same account at the next login, a learner when no group maps', async () => {
    const first = new TestBrowser();
    await first.request((await toTicket(first, 'rtyler')).href);
    const again = new TestBrowser();
    await again.request((await toTicket(again, 'rtyler')).href);
    const [a, b] = [await me(first), await me(again)];
    expect(a.body.id).toBe(b.body.id);
    expect(b.body).toMatchObject({ username: 'rtyler', role: 'learner', displayName: 'Rose Tyler' });
  });

  it('refuses a replayed ticket: the CAS server says it is used, no second session', async () => {
    const browser = new TestBrowser();
    const back = await toTicket(browser, 'msmith');
    expect((await browser.request(back.href)).headers.get('location')).toBe('/');
    // Another browser replays the same callback URL (state and ticket): its state is gone.
    const thief = new TestBrowser();
    expect(errorOf(await thief.request(back.href))).toEqual({ page: '/login', reason: 'sso-expired' });
    // Even with a fresh state of its own, the used ticket is refused by the CAS server.
    const start = await thief.request(`${server.url}/api/auth/sso/campus/start`);
    const service = new URL(start.headers.get('location')!).searchParams.get('service')!;
    const forged = new URL(service);
    forged.searchParams.set('ticket', back.searchParams.get('ticket')!);
    expect(errorOf(await thief.request(forged.href))).toEqual({ page: '/login', reason: 'sso-failed' });
    expect((await me(thief)).status).toBe(401);
  });

  it('ends the session opened with a ticket when the CAS server logs the person out', async () => {
    const browser = new TestBrowser();
    const back = await toTicket(browser, 'dwho');
    await browser.request(back.href);
    expect((await me(browser)).status).toBe(200);
    // Another ticket's logout request ends nothing.
    const other = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0">
      <samlp:SessionIndex>ST-not-ours</samlp:SessionIndex></samlp:LogoutRequest>`;
    const post = (xml: string) =>
      fetch(`${server.url}/api/auth/sso/campus/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logoutRequest: xml }),
      });
    expect((await post(other)).status).toBe(200);
    expect((await me(browser)).status).toBe(200);
    // The portal's own logout sends the back-channel request for the ticket it issued.
    const logout = await fetch(`${llng.url}/?logout=1`, {
      headers: { cookie: back.portalCookie },
      redirect: 'manual',
    });
    expect(logout.status).toBeLessThan(500);
    expect((await me(browser)).status).toBe(401);
  });

  it('says sso-unavailable when the CAS server does not answer the validation', async () => {
    const browser = new TestBrowser();
    const start = await browser.request(`${server.url}/api/auth/sso/down/start`);
    const service = new URL(new URL(start.headers.get('location')!).searchParams.get('service')!);
    service.searchParams.set('ticket', 'ST-whatever');
    expect(errorOf(await browser.request(service.href))).toEqual({
      page: '/login',
      reason: 'sso-unavailable',
    });
  });
});
