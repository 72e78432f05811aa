// SAML 2.0 sign-in through the real server (FakeRuntime, no Docker) and a real IdP (LemonLDAP::NG on
// loopback, Lasso signing): our SP metadata registered at the IdP, start → AuthnRequest → the portal's
// login form → the signed response posted to our ACS → finish in the browser that started; accounts by
// the persistent NameID, roles from the groups attribute, and the refusals (unsigned or altered response,
// replayed response, response without the starting browser, wrong audience, IdP metadata unreachable).
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
  const llngPort = await freePort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-saml-'));
  const file = path.join(dir, 'sso.yaml');
  fs.writeFileSync(
    file,
    JSON.stringify({
      providers: [
        {
          kind: 'saml',
          id: 'federation',
          name: { fr: 'Fédération', en: 'Federation' },
          metadata: `http://localhost:${llngPort}/saml/metadata`,
          roles: { trainer: ['timelords'], admin: [] },
        },
        {
          kind: 'saml',
          id: 'down',
          name: 'Éteint',
          metadata: `http://127.0.0.1:${await freePort()}/saml/metadata`,
        },
      ],
    }),
  );
  server = await startTestServer({ runtime: new FakeRuntime(), env: { ATELIER_SSO_FILE: file } });
  const metadata = await fetch(`${server.url}/api/auth/sso/federation/metadata`);
  expect(metadata.status).toBe(200);
  llng = await startLemonldap({ port: llngPort, samlSpMetadata: await metadata.text() });
});

afterAll(async () => {
  await server?.close();
  await llng?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** start → AuthnRequest → portal: the form the portal would auto-post to our ACS. */
async function toResponse(browser: TestBrowser, user: string, query = '') {
  const start = await browser.request(`${server.url}/api/auth/sso/federation/start${query}`);
  expect(start.status).toBe(302);
  const exit = await signInAtPortal(llng, start.headers.get('location')!, user, user);
  if (exit.kind !== 'form')
    throw new Error(`the portal did not post back: ${JSON.stringify(exit).slice(0, 2000)}`);
  expect(exit.action).toBe(`${server.url}/api/auth/sso/federation/acs`);
  return exit.fields;
}

/** The ACS post, as the IdP's page makes it (cross-site: no cookie of ours, another Origin). */
const postAcs = (fields: Record<string, string>) =>
  fetch(`${server.url}/api/auth/sso/federation/acs`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: llng.url },
    body: new URLSearchParams(fields),
  });

const me = async (browser: TestBrowser) => {
  const res = await browser.request(`${server.url}/api/me`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const errorOf = (res: Response) => {
  const to = new URL(res.headers.get('location') ?? '/', server.url);
  return { page: to.pathname, reason: to.searchParams.get('sso-error') };
};

async function signIn(browser: TestBrowser, user: string, query = '') {
  const acs = await postAcs(await toResponse(browser, user, query));
  expect(acs.status).toBe(303);
  return browser.request(new URL(acs.headers.get('location')!, server.url).href);
}

describe('SAML sign-in', () => {
  it('serves our SP metadata: entity id, ACS, signed assertions wanted', async () => {
    const xml = await (await fetch(`${server.url}/api/auth/sso/federation/metadata`)).text();
    expect(xml).toContain(`entityID="${server.url}/api/auth/sso/federation/metadata"`);
    expect(xml).toContain(`Location="${server.url}/api/auth/sso/federation/acs"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
  });

  it('makes an account at the first login: persistent NameID, display name, trainer from a group', async () => {
    const browser = new TestBrowser();
    const done = await signIn(browser, 'dwho', '?next=/courses');
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/courses');
    const { status, body } = await me(browser);
    expect(status).toBe(200);
    expect(body).toMatchObject({ username: 'dwho', role: 'trainer', displayName: 'Doctor Who' });
  });

  it('finds the same account at the next login, a learner when no group maps', async () => {
    const first = new TestBrowser();
    await signIn(first, 'rtyler');
    const again = new TestBrowser();
    await signIn(again, 'rtyler');
    const [a, b] = [await me(first), await me(again)];
    expect(a.body.id).toBe(b.body.id);
    expect(b.body).toMatchObject({ username: 'rtyler', role: 'learner', displayName: 'Rose Tyler' });
  });

  it('refuses a response whose signatures were taken off and content changed: sso-failed', async () => {
    const browser = new TestBrowser();
    const fields = await toResponse(browser, 'msmith');
    const xml = Buffer.from(fields.SAMLResponse!, 'base64').toString('utf8');
    const forged = xml
      .replace(/<(ds:)?Signature[\s\S]*?<\/(ds:)?Signature>/g, '')
      .replace(/Mickey Smith/g, 'Administrateur');
    expect(forged).not.toBe(xml);
    const res = await postAcs({ ...fields, SAMLResponse: Buffer.from(forged).toString('base64') });
    expect(errorOf(res)).toEqual({ page: '/login', reason: 'sso-failed' });
    // The login it answered is over: the genuine response cannot follow.
    expect(errorOf(await postAcs(fields))).toEqual({ page: '/login', reason: 'sso-expired' });
    expect(server.app.repos.users.findByUsername('msmith')).toBeUndefined();
  });

  it('refuses a replayed response and a finish without the starting browser', async () => {
    const browser = new TestBrowser();
    const fields = await toResponse(browser, 'msmith');
    const acs = await postAcs(fields);
    expect(acs.status).toBe(303);
    expect(errorOf(await postAcs(fields))).toEqual({ page: '/login', reason: 'sso-expired' });
    // Another browser at finish (no atelier_sso cookie of that start): refused, and the login is gone.
    const thief = new TestBrowser();
    const finish = new URL(acs.headers.get('location')!, server.url).href;
    expect(errorOf(await thief.request(finish))).toEqual({ page: '/login', reason: 'sso-expired' });
    expect(errorOf(await browser.request(finish))).toEqual({ page: '/login', reason: 'sso-expired' });
    expect((await me(thief)).status).toBe(401);
  });

  it('refuses an assertion meant for another SP entity (audience): sso-failed, nothing created', async () => {
    // Without ATELIER_PUBLIC_ORIGIN our entity id follows the host asked: the IdP addressed its assertion
    // to the 127.0.0.1 entity, and it is delivered to the localhost one.
    const browser = new TestBrowser();
    const fields = await toResponse(browser, 'msmith');
    const res = await fetch(`${server.url.replace('127.0.0.1', 'localhost')}/api/auth/sso/federation/acs`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: llng.url },
      body: new URLSearchParams(fields),
    });
    expect(errorOf(res)).toEqual({ page: '/login', reason: 'sso-failed' });
    expect(server.app.repos.users.findByUsername('msmith')).toBeUndefined();
  });

  it('says sso-unavailable when the IdP metadata cannot be read', async () => {
    const res = await new TestBrowser().request(`${server.url}/api/auth/sso/down/start`);
    expect(errorOf(res)).toEqual({ page: '/login', reason: 'sso-unavailable' });
  });
});
