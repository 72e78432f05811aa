// The OpenID Connect adapter on its own: claims to identity, error wording, and against a real provider
// (oidc-provider on loopback, no Docker) the checks the callback relies on, each refusal naming its cause.
import http from 'node:http';
import net from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeOidcError,
  identityFromClaims,
  isLoopbackIssuer,
  normalizeGroups,
  OpenIdConnectClient,
} from '../../../server/auth/sso/oidc-client.js';
import type { OidcProviderConfig, PendingOidcLogin } from '../../../server/auth/sso/sso-types.js';
import { AppError } from '../../../server/errors/app-error.js';
import {
  loginFormAction,
  startOidcProvider,
  TestBrowser,
  type Tamper,
  type TestOidcProvider,
} from '../../support/oidc-provider.js';

const CLAIMS = { username: 'preferred_username', displayName: 'name', email: 'email', groups: 'groups' };
/** Nothing listens there: the browser stops before loading it, as the callback is all a test needs. */
const REDIRECT = 'http://127.0.0.1:9/api/auth/sso/univ/callback';

function config(over: Partial<OidcProviderConfig> = {}): OidcProviderConfig {
  return {
    kind: 'oidc',
    id: 'univ',
    name: { fr: 'Université', en: 'University' },
    issuer: 'http://127.0.0.1:9',
    clientId: 'atelier',
    scopes: ['openid', 'profile', 'email'],
    claims: CLAIMS,
    ...over,
  };
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('claims to identity', () => {
  it('reads groups from an array or a single string, and a Keycloak path also as its bare name', () => {
    expect(normalizeGroups(['/formateurs', 'atelier-admins', '/formateurs', 3, ''])).toEqual([
      '/formateurs',
      'formateurs',
      'atelier-admins',
    ]);
    expect(normalizeGroups('formateurs')).toEqual(['formateurs']);
    expect(normalizeGroups('/a/b')).toEqual(['/a/b', 'a/b']);
    expect(normalizeGroups(undefined)).toEqual([]);
    expect(normalizeGroups(null)).toEqual([]);
    expect(normalizeGroups({ formateurs: true })).toEqual([]);
  });

  it('uses the configured claim names, and falls back to the e-mail, then the sub, for a username', () => {
    const custom = config({ claims: { username: 'upn', displayName: 'cn', email: 'mail', groups: 'roles' } });
    expect(
      identityFromClaims(custom, { sub: 's1', upn: ' zoe ', cn: 'Zoé', mail: 'z@x.org', roles: ['t'] }),
    ).toEqual({
      providerId: 'univ',
      subject: 's1',
      username: 'zoe',
      displayName: 'Zoé',
      email: 'z@x.org',
      groups: ['t'],
    });
    expect(identityFromClaims(config(), { sub: 's2', email: 'lea.martin@x.org' }).username).toBe(
      'lea.martin',
    );
    expect(identityFromClaims(config(), { sub: 's3', preferred_username: '' })).toMatchObject({
      username: 's3',
      displayName: undefined,
      groups: [],
    });
  });

  it('takes plain http only for a loopback issuer', () => {
    expect(isLoopbackIssuer(new URL('http://127.0.0.1:8080'))).toBe(true);
    expect(isLoopbackIssuer(new URL('http://localhost/realms/x'))).toBe(true);
    expect(isLoopbackIssuer(new URL('http://[::1]:8080'))).toBe(true);
    expect(isLoopbackIssuer(new URL('http://idp.example.org'))).toBe(false);
    expect(isLoopbackIssuer(new URL('http://127.0.0.1.example.org'))).toBe(false);
  });

  it('words errors: a network failure is unavailable, anything else a refusal', () => {
    expect(describeOidcError(new TypeError('fetch failed')).reason).toBe('sso-unavailable');
    const timeout = Object.assign(new oidc.ClientError('operation timed out'), { code: 'OAUTH_TIMEOUT' });
    expect(describeOidcError(timeout).reason).toBe('sso-unavailable');
    expect(describeOidcError(new Error('boom')).reason).toBe('sso-failed');
    const own = new AppError('sso-expired', 'x');
    expect(describeOidcError(own)).toBe(own);
  });
});

describe('against a real provider', () => {
  let idp: TestOidcProvider;
  let strict: TestOidcProvider;

  beforeAll(async () => {
    const users = { lea: { name: 'Léa Martin', email: 'lea@univ.example', groups: ['/formateurs'] } };
    [idp, strict] = await Promise.all([
      startOidcProvider({ users }),
      startOidcProvider({ users, claimsInIdToken: false }),
    ]);
    for (const p of [idp, strict]) {
      p.registerClient({ clientId: 'atelier', clientSecret: 'secret', redirectUris: [REDIRECT] });
      p.registerClient({
        clientId: 'public',
        redirectUris: [REDIRECT],
        postLogoutRedirectUris: ['http://127.0.0.1:9/login'],
      });
    }
  });
  afterAll(async () => {
    await Promise.all([idp?.close(), strict?.close()]);
  });

  /** begin → the provider's form → the callback URL the provider sends the browser to. */
  async function callback(client: OpenIdConnectClient, login = 'lea') {
    const { url, pending } = await client.begin(REDIRECT);
    const browser = new TestBrowser();
    const atRedirect = (u: URL) => u.href.startsWith(REDIRECT);
    const page = await browser.navigate(url, atRedirect);
    const form = loginFormAction(await page.res!.text(), page.url);
    const back = await browser.navigate(form.href, atRedirect, { form: { login, password: 'x' } });
    return { callbackUrl: back.url, pending };
  }

  const secretClient = (p: TestOidcProvider) =>
    new OpenIdConnectClient(config({ issuer: p.issuer, clientSecret: 'secret', roles: undefined }));

  it('asks for the code flow with PKCE S256, state and nonce', async () => {
    const { url, pending } = await secretClient(idp).begin(REDIRECT);
    const q = new URL(url).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({
      response_type: 'code',
      client_id: 'atelier',
      redirect_uri: REDIRECT,
      scope: 'openid profile email',
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    });
    expect(pending.state).not.toBe(pending.nonce);
  });

  it('signs in a confidential and a public client, from the ID token alone', async () => {
    for (const client of [
      secretClient(idp),
      new OpenIdConnectClient(config({ issuer: idp.issuer, clientId: 'public' })),
    ]) {
      const { callbackUrl, pending } = await callback(client);
      expect(await client.finish(callbackUrl, pending)).toEqual({
        providerId: 'univ',
        subject: idp.subjectOf('lea'),
        username: 'lea',
        displayName: 'Léa Martin',
        email: 'lea@univ.example',
        groups: ['/formateurs', 'formateurs'],
      });
    }
  });

  it('shows its form again for an unknown login', async () => {
    const { url } = await secretClient(idp).begin(REDIRECT);
    const browser = new TestBrowser();
    const page = await browser.navigate(url);
    const html = await page.res!.text();
    expect(html).toContain('Se connecter');
    const again = await browser.navigate(loginFormAction(html, page.url).href, undefined, {
      form: { login: 'personne', password: 'x' },
    });
    expect(again.res!.status).toBe(200);
    expect(await again.res!.text()).toContain('Identifiant inconnu');
  });

  it('reads userinfo when the ID token lacks the username and groups', async () => {
    const client = secretClient(strict);
    const { callbackUrl, pending } = await callback(client);
    expect(await client.finish(callbackUrl, pending)).toMatchObject({
      subject: strict.subjectOf('lea'),
      username: 'lea',
      groups: ['/formateurs', 'formateurs'],
    });
  });

  const cases: [Exclude<Tamper, null>, RegExp][] = [
    ['audience', /audience/],
    ['nonce', /nonce/],
    ['signature', /signature/],
    ['issuer', /issuer/],
    ['expired', /expiry/],
  ];
  for (const [kind, named] of cases) {
    it(`refuses an ID token with a bad ${kind}, and says so`, async () => {
      const client = secretClient(idp);
      const { callbackUrl, pending } = await callback(client);
      idp.tamper(kind);
      try {
        const err = await refusal(client.finish(callbackUrl, pending));
        expect(err.reason).toBe('sso-failed');
        expect(err.message).toMatch(named);
      } finally {
        idp.tamper(null);
      }
    });
  }

  it('refuses a callback whose state is not the pending one', async () => {
    const client = secretClient(idp);
    const { callbackUrl, pending } = await callback(client);
    const other: PendingOidcLogin = { ...pending, state: oidc.randomState() };
    const err = await refusal(client.finish(callbackUrl, other));
    expect(err.reason).toBe('sso-failed');
    expect(err.message).toMatch(/state/);
  });

  it('refuses a code used twice', async () => {
    const client = secretClient(idp);
    const { callbackUrl, pending } = await callback(client);
    await client.finish(callbackUrl, pending);
    const err = await refusal(client.finish(callbackUrl, pending));
    expect(err.reason).toBe('sso-failed');
    expect(err.message).toMatch(/invalid_grant/);
  });

  it('builds the logout URL from the end_session_endpoint', async () => {
    const client = new OpenIdConnectClient(config({ issuer: idp.issuer, clientId: 'public' }));
    const url = new URL((await client.endSessionUrl('http://127.0.0.1:9/login'))!);
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('client_id')).toBe('public');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://127.0.0.1:9/login');
  });
});

describe('discovery', () => {
  /** A provider that fails its first discovery (503) and has no end_session_endpoint. */
  async function flakyProvider() {
    let hits = 0;
    const server = http.createServer((req, res) => {
      hits++;
      if (hits === 1) return res.writeHead(503).end();
      const issuer = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const issuer = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    return { issuer, hits: () => hits, close: () => new Promise((r) => server.close(r)) };
  }

  it('fails as unavailable, tries again next time, then keeps what it found', async () => {
    const p = await flakyProvider();
    try {
      const client = new OpenIdConnectClient(config({ issuer: p.issuer }));
      const err = await refusal(client.begin(REDIRECT));
      expect(err.reason).toBe('sso-unavailable');
      expect(err.message).toBe('Le fournisseur d’identité ne répond pas.');
      expect((await client.begin(REDIRECT)).url).toMatch(`${p.issuer}/auth?`);
      await client.begin(REDIRECT);
      expect(p.hits()).toBe(2);
      expect(await client.endSessionUrl('http://127.0.0.1:9/login')).toBeUndefined();
    } finally {
      await p.close();
    }
  });

  it('gives up on a provider that accepts the connection and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const issuer = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const client = new OpenIdConnectClient(config({ issuer }));
      // A silent provider can only end in sso-unavailable through the discovery's timeout.
      expect((await refusal(client.begin(REDIRECT))).reason).toBe('sso-unavailable');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  }, 20_000);

  it('does not speak plain http to a provider off this machine', async () => {
    const client = new OpenIdConnectClient(config({ issuer: 'http://idp.example.org' }));
    expect((await refusal(client.begin(REDIRECT))).reason).toBe('sso-unavailable');
    expect(await client.endSessionUrl('http://127.0.0.1:9/login')).toBeUndefined();
  });
});
