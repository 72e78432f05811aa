// A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for the SSO tests: a login form that takes
// any password for a known login, consent skipped, and `tamper` to make it sign ID tokens the client must
// refuse. Everything lives in memory and dies with close().
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import type { Adapter, AdapterPayload, Configuration, KoaContextWithOIDC, Provider } from 'oidc-provider';

export interface TestOidcUser {
  name: string;
  email?: string;
  groups: string[];
  /** The `preferred_username` claim; the login when absent. */
  username?: string;
}

export interface TestOidcClient {
  clientId: string;
  clientSecret?: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export type Tamper = 'audience' | 'nonce' | 'signature' | 'issuer' | 'expired' | null;

export interface TestOidcProvider {
  issuer: string;
  registerClient(c: TestOidcClient): void;
  /** Adds a user or changes one's claims; their sub stays the same. */
  setUser(login: string, claims: TestOidcUser): void;
  /** The next token responses carry a bad ID token, until tamper(null). */
  tamper(kind: Tamper): void;
  /** The sub the provider gives a login. */
  subjectOf(login: string): string;
  close(): Promise<void>;
}

type Payload = AdapterPayload & { consumed?: number };

/** Everything in maps; the Client model reads the clients registered by the test. */
function memoryAdapter(clients: Map<string, Payload>) {
  const stores = new Map<string, Map<string, Payload>>();
  return (model: string): Adapter => {
    const store = model === 'Client' ? clients : (stores.get(model) ?? new Map<string, Payload>());
    stores.set(model, store);
    const byField = (field: 'uid' | 'userCode', value: string) =>
      [...store.values()].find((p) => p[field] === value);
    return {
      async upsert(id, payload) {
        store.set(id, payload);
      },
      async find(id) {
        return store.get(id);
      },
      async findByUid(uid) {
        return byField('uid', uid);
      },
      async findByUserCode(userCode) {
        return byField('userCode', userCode);
      },
      async consume(id) {
        const p = store.get(id);
        if (p) p.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(id);
      },
      async revokeByGrantId(grantId) {
        for (const s of stores.values()) {
          for (const [id, p] of s) if (p.grantId === grantId) s.delete(id);
        }
      },
    };
  };
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function loginPage(uid: string, error?: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Connexion</title></head><body>
<h1>Fournisseur d’identité de test</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>Identifiant <input name="login" autocomplete="username" autofocus></label>
<label>Mot de passe <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Se connecter</button>
</form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** oidc-provider warns on import when Node is older than it likes; the tests do not need to read that. */
async function importQuietly(): Promise<typeof Provider> {
  const { warn, info } = console;
  console.warn = () => {};
  console.info = () => {};
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

export async function startOidcProvider(opts: {
  users: Record<string, TestOidcUser>;
  /** false: profile, email and groups only at userinfo, as a strict provider does (default true). */
  claimsInIdToken?: boolean;
}): Promise<TestOidcProvider> {
  const ProviderClass = await importQuietly();
  const users = new Map<string, TestOidcUser & { sub: string }>();
  const setUser = (login: string, claims: TestOidcUser) =>
    users.set(login, { ...claims, sub: users.get(login)?.sub ?? randomUUID() });
  for (const [login, claims] of Object.entries(opts.users)) setUser(login, claims);
  const loginOf = (sub: string) => [...users].find(([, u]) => u.sub === sub);

  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const { privateKey: otherKey } = await jose.generateKeyPair('RS256');

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = new Map<string, Payload>();
  let tampering: Tamper = null;

  const configuration: Configuration = {
    adapter: memoryAdapter(clients),
    jwks: { keys: [jwk as jose.JWK & { kid: string }] } as Configuration['jwks'],
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      openid: ['sub'],
      // groups rides with profile so the default scopes put it in the ID token, like a realm mapper would.
      profile: ['name', 'preferred_username', 'groups'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    conformIdTokenClaims: opts.claimsInIdToken === false,
    async findAccount(_ctx, sub) {
      const found = loginOf(sub);
      if (!found) return undefined;
      const [login, u] = found;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          preferred_username: u.username ?? login,
          name: u.name,
          groups: u.groups,
          ...(u.email ? { email: u.email, email_verified: true } : {}),
        }),
      };
    },
    // The consent step is skipped: a grant for what the client asked is made on the spot.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, params } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(String(params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = `<!doctype html><html><body>${form}<button form="op.logoutForm" name="logout" value="yes">Se déconnecter</button></body></html>`;
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = '<!doctype html><html><body><p>Déconnecté.</p></body></html>';
        },
      },
    },
    pkce: { required: () => true },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html><body><p>${escape(String(out.error))}</p></body></html>`;
    },
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  };
  const provider = new ProviderClass(issuer, configuration);
  (provider as unknown as { silent: boolean }).silent = true; // koa would print every 500 otherwise

  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid);
      return;
    }
    const form = await readForm(ctx.req);
    const user = users.get(form.get('login') ?? '');
    if (!user) {
      ctx.status = 200;
      ctx.type = 'html';
      ctx.body = loginPage(details.uid, 'Identifiant inconnu.');
      return;
    }
    const to = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(to);
  });

  // Tampering rewrites the token endpoint's answer after the provider made it.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path !== '/token' || !tampering || !body?.id_token) return;
    const claims = jose.decodeJwt(body.id_token);
    const key = tampering === 'signature' ? otherKey : privateKey;
    if (tampering === 'audience') claims.aud = 'someone-else';
    if (tampering === 'nonce') claims.nonce = 'not-the-nonce';
    if (tampering === 'issuer') claims.iss = 'https://idp.example.org';
    if (tampering === 'expired') Object.assign(claims, { iat: claims.iat! - 7200, exp: claims.iat! - 3600 });
    const idToken = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
    ctx.body = { ...body, id_token: idToken };
  });

  server.on('request', provider.callback());

  return {
    issuer,
    registerClient(c) {
      clients.set(c.clientId, {
        client_id: c.clientId,
        ...(c.clientSecret
          ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
          : { token_endpoint_auth_method: 'none' }),
        redirect_uris: c.redirectUris,
        post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      });
    },
    setUser,
    tamper(kind) {
      tampering = kind;
    },
    subjectOf(login) {
      const u = users.get(login);
      if (!u) throw new Error(`unknown login ${login}`);
      return u.sub;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface StoredCookie {
  value: string;
  path: string;
}

/**
 * A browser as far as sign-in goes: cookies by name and path for 127.0.0.1 (like a browser, whatever the
 * port, so the provider's cookies and ours share one jar), redirects followed one by one.
 */
export class TestBrowser {
  private readonly jar = new Map<string, StoredCookie>();

  cookie(name: string): string | undefined {
    return [...this.jar].find(([key]) => key.startsWith(`${name}\n`))?.[1].value;
  }

  forget(name: string): void {
    for (const key of this.jar.keys()) if (key.startsWith(`${name}\n`)) this.jar.delete(key);
  }

  /** One request, no redirect followed; `form` posts url-encoded fields. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const cookies = [...this.jar]
      .filter(
        ([, c]) => target.pathname === c.path || target.pathname.startsWith(c.path.replace(/\/?$/, '/')),
      )
      .map(([key, c]) => `${key.split('\n')[0]}=${c.value}`);
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(cookies.length ? { cookie: cookies.join('; ') } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) this.store(line, target);
    return res;
  }

  /**
   * Follows redirects from `url` until a page answers (not a redirect), or until the next location is one
   * `stop` wants to see unfetched (the app's own pages, which these tests do not serve).
   */
  async navigate(
    url: string,
    stop: (next: URL) => boolean = () => false,
    init?: { form?: Record<string, string> },
  ): Promise<{ url: URL; res?: Response }> {
    let current = new URL(url);
    let res = await this.request(current.href, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      current = new URL(location, current);
      if (stop(current)) return { url: current };
      res = await this.request(current.href);
    }
    throw new Error(`too many redirects, last ${current.href}`);
  }

  private store(line: string, from: URL): void {
    const [pair, ...attrs] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    let path = from.pathname.replace(/\/[^/]*$/, '') || '/';
    let gone = !value;
    for (const attr of attrs) {
      const [k, v = ''] = attr.trim().split('=');
      const key = k!.toLowerCase();
      if (key === 'path') path = v || '/';
      if (key === 'max-age' && Number(v) <= 0) gone = true;
      if (key === 'expires' && Date.parse(v) < Date.now()) gone = true;
    }
    const key = `${name}\n${path}`;
    if (gone) this.jar.delete(key);
    else this.jar.set(key, { value, path });
  }
}

/** The provider's login form on a page: where it posts. */
export function loginFormAction(html: string, page: URL): URL {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form at ${page.href}: ${html.slice(0, 200)}`);
  return new URL(action.replace(/&amp;/g, '&'), page);
}
