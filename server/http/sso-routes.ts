import express, { Router, type Request, type Response } from 'express';
import { parse, serialize } from 'cookie';
import { randomBytes } from 'node:crypto';
import { JOIN_CODE } from '../auth/credential-limits.js';
import { cookieName, loginCookie, type SessionDeps } from '../auth/session-cookie.js';
import { logoutTicketOf } from '../auth/sso/cas-client.js';
import type { CasLogoutKeys } from '../auth/sso/cas-logout-keys.js';
import { PENDING_TTL_MS, type PendingLogin, type PendingLogins } from '../auth/sso/pending-logins.js';
import type { SsoAccounts } from '../auth/sso/sso-accounts.js';
import type {
  CasClient,
  ExternalIdentity,
  OidcClient,
  RoleRules,
  SamlClient,
} from '../auth/sso/sso-types.js';
import type { ClassJoin } from '../classes/class-join.js';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import type { RateLimiter } from './rate-limiter.js';

export interface SsoRouteDeps extends SessionDeps {
  oidc: ReadonlyMap<string, OidcClient>;
  cas: ReadonlyMap<string, CasClient>;
  saml: ReadonlyMap<string, SamlClient>;
  accounts: SsoAccounts;
  pending: PendingLogins;
  casLogout: CasLogoutKeys;
  /** A CAS server's single logout ended this session (its sockets must go). */
  onSessionEnded(sessionId: string): void;
  join: ClassJoin;
  /** The login budget per address (shared with password logins). */
  limiter: RateLimiter;
  publicOrigin?: string;
  logger: Logger;
}

const BROWSER_COOKIE = 'atelier_sso';
const COOKIE_PATH = '/api/auth/sso';
const isSafeNext = (p: unknown): p is string =>
  typeof p === 'string' && p.startsWith('/') && !p.startsWith('//') && !p.includes('\\') && p.length < 512;
const JOIN_CODE_SHAPE = new RegExp(`^[A-Za-z0-9-]{${JOIN_CODE.min},${JOIN_CODE.max}}$`);
const joinCode = (c: unknown): string | undefined =>
  typeof c === 'string' && JOIN_CODE_SHAPE.test(c) ? c : undefined;
/** The IdP's and the CAS server's posts: a form, never large. */
const formBody = express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 10 });

/** Our origin as the provider sees it: the configured public one, else the one this request came to. */
export function originOf(req: Request, publicOrigin?: string): string {
  return publicOrigin ?? `${req.protocol}://${req.get('host')}`;
}

/**
 * Single sign-on by redirect (docs/API.md, "Single sign-on"): a browser navigation to `start` goes to the
 * provider (OpenID Connect, CAS, SAML), which sends it back to `callback` (or, for SAML, posts to `acs`,
 * which hands over to `finish`). Every failure ends on the login (or join) page with `sso-error=<reason>`.
 */
export function ssoRoutes(d: SsoRouteDeps): Router {
  const r = Router();

  const fail = (res: Response, reason: string, providerId: string, join?: string) => {
    const page = join ? `/join/${encodeURIComponent(join)}` : '/login';
    const q = new URLSearchParams({ 'sso-error': reason, provider: providerId });
    res.redirect(302, `${page}?${q}`);
  };
  const reasonOf = (err: unknown) => (err instanceof AppError ? err.reason : 'sso-failed');
  const known = (id: string) => d.oidc.has(id) || d.cas.has(id) || d.saml.has(id);
  const rolesOf = (id: string): RoleRules | undefined =>
    (d.oidc.get(id) ?? d.cas.get(id) ?? d.saml.get(id))?.config.roles;

  /** The pending login of the browser that comes back (its cookie), cleared whatever happens. */
  const takeEntry = (req: Request, res: Response, id: string) => {
    const browser = parse(req.headers.cookie ?? '')[BROWSER_COOKIE];
    const entry = d.pending.take(String(req.query.state ?? ''), id, browser);
    res.append('Set-Cookie', serialize(BROWSER_COOKIE, '', { path: COOKIE_PATH, maxAge: 0, httpOnly: true }));
    return entry;
  };

  /**
   * The account of `who`, its session cookie, the class to join, and on to where the login was going.
   * Returns the new session's id (undefined when the account could not be signed in).
   */
  const land = (req: Request, res: Response, id: string, entry: PendingLogin, who: ExternalIdentity) => {
    let user;
    try {
      user = d.accounts.signIn(who, rolesOf(id));
    } catch (err) {
      d.logger.warn({ err, provider: id }, 'single sign-on: the login was refused');
      fail(res, reasonOf(err), id, entry.join);
      return undefined;
    }
    const cookie = loginCookie(req, d, user.id, id);
    res.append('Set-Cookie', cookie);
    const sessionId = parse(cookie.split(';')[0]!)[cookieName(d.secure)];
    if (entry.join) {
      try {
        d.join.joinExisting(user, entry.join);
      } catch (err) {
        fail(res, reasonOf(err), id, entry.join);
        return sessionId;
      }
    }
    res.redirect(302, entry.next ?? '/');
    return sessionId;
  };

  r.get('/auth/sso/:id/start', async (req, res) => {
    const id = String(req.params.id);
    const join = joinCode(req.query.join);
    if (!known(id)) return fail(res, 'unknown-provider', id, join);
    try {
      d.limiter.consume(`ip:${req.ip}`);
      const origin = originOf(req, d.publicOrigin);
      const next = isSafeNext(req.query.next) ? req.query.next : undefined;
      let url: string;
      let entry: Omit<PendingLogin, 'browser'>;
      const oidc = d.oidc.get(id);
      const cas = d.cas.get(id);
      const saml = d.saml.get(id);
      if (oidc) {
        const begun = await oidc.begin(`${origin}/api/auth/sso/${id}/callback`);
        url = begun.url;
        entry = { providerId: id, state: begun.pending.state, oidc: begun.pending, next, join };
      } else if (cas) {
        // The state rides in the service URL: CAS has no parameter of its own for it.
        const state = randomBytes(24).toString('base64url');
        const service = `${origin}/api/auth/sso/${id}/callback?state=${state}`;
        url = cas.loginUrl(service);
        entry = { providerId: id, state, cas: { service }, next, join };
      } else {
        const state = randomBytes(24).toString('base64url');
        const begun = await saml!.begin(origin, state);
        url = begun.url;
        entry = { providerId: id, state, saml: { requestId: begun.requestId }, next, join };
      }
      const browser = d.pending.add(entry);
      res.setHeader(
        'Set-Cookie',
        serialize(BROWSER_COOKIE, browser, {
          httpOnly: true,
          sameSite: 'lax', // sent on the provider's top-level redirect back to us
          secure: d.secure,
          path: COOKIE_PATH,
          maxAge: PENDING_TTL_MS / 1000,
        }),
      );
      res.redirect(302, url);
    } catch (err) {
      d.logger.warn({ err, provider: id }, 'single sign-on: the login could not start');
      fail(res, reasonOf(err), id, join);
    }
  });

  r.get('/auth/sso/:id/callback', async (req, res) => {
    const id = String(req.params.id);
    const oidc = d.oidc.get(id);
    const cas = d.cas.get(id);
    if (!oidc && !cas) return fail(res, 'unknown-provider', id);
    const entry = takeEntry(req, res, id);
    if (!entry) return fail(res, 'sso-expired', id);
    if (req.query.error) {
      d.logger.info(
        { provider: id, error: String(req.query.error).slice(0, 100) },
        'single sign-on: refused by the provider',
      );
      return fail(res, 'sso-denied', id, entry.join);
    }
    let who: ExternalIdentity;
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : '';
    try {
      if (oidc && entry.oidc) {
        const callbackUrl = new URL(req.originalUrl, originOf(req, d.publicOrigin));
        who = await oidc.finish(callbackUrl, entry.oidc);
      } else if (cas && entry.cas && ticket) {
        who = await cas.validate(ticket, entry.cas.service);
      } else throw new AppError('sso-failed', 'Connexion refusée : réponse incomplète.');
    } catch (err) {
      d.logger.warn({ err, provider: id }, 'single sign-on: the login was refused');
      return fail(res, reasonOf(err), id, entry.join);
    }
    const sessionId = land(req, res, id, entry, who);
    if (cas && sessionId) d.casLogout.remember(id, ticket, sessionId);
  });

  // CAS single logout: the server posts `logoutRequest` to the service URL; its SessionIndex is the ticket.
  r.post('/auth/sso/:id/callback', formBody, (req, res) => {
    const id = String(req.params.id);
    const body = req.body as Record<string, unknown> | undefined;
    const xml = typeof body?.logoutRequest === 'string' ? body.logoutRequest : '';
    const ticket = d.cas.has(id) && xml ? logoutTicketOf(xml) : undefined;
    const sessionId = ticket && d.casLogout.take(id, ticket);
    if (sessionId) {
      d.sessions.delete(sessionId);
      d.onSessionEnded(sessionId);
      d.logger.info({ provider: id }, 'single sign-on: session ended by the CAS server');
    }
    // The same answer whatever happened: a caller learns nothing about tickets.
    res.status(200).type('text/plain').send('ok');
  });

  r.get('/auth/sso/:id/metadata', (req, res) => {
    const saml = d.saml.get(String(req.params.id));
    if (!saml) throw new AppError('unknown-provider', 'Ce moyen de connexion n’existe pas.');
    res.type('application/samlmetadata+xml').send(saml.metadata(originOf(req, d.publicOrigin)));
  });

  // The IdP's cross-site POST carries no Lax cookie: the response is checked here against the request kept
  // under its RelayState, and the browser then comes to `finish` (a top-level GET, with its cookie).
  r.post('/auth/sso/:id/acs', formBody, async (req, res) => {
    const id = String(req.params.id);
    const saml = d.saml.get(id);
    if (!saml) return fail(res, 'unknown-provider', id);
    const body = req.body as Record<string, unknown> | undefined;
    const state = typeof body?.RelayState === 'string' ? body.RelayState : '';
    const response = typeof body?.SAMLResponse === 'string' ? body.SAMLResponse : '';
    const entry = d.pending.peek(state, id);
    if (!entry?.saml || entry.saml.identity || !response) return fail(res, 'sso-expired', id);
    try {
      entry.saml.identity = await saml.finish(originOf(req, d.publicOrigin), response, entry.saml.requestId);
    } catch (err) {
      d.logger.warn({ err, provider: id }, 'single sign-on: the SAML response was refused');
      d.pending.take(state, id, entry.browser);
      return fail(res, reasonOf(err), id, entry.join);
    }
    res.redirect(303, `/api/auth/sso/${encodeURIComponent(id)}/finish?state=${encodeURIComponent(state)}`);
  });

  r.get('/auth/sso/:id/finish', (req, res) => {
    const id = String(req.params.id);
    if (!d.saml.has(id)) return fail(res, 'unknown-provider', id);
    const entry = takeEntry(req, res, id);
    const who = entry?.saml?.identity;
    if (!entry || !who) return fail(res, 'sso-expired', id, entry?.join);
    land(req, res, id, entry, who);
  });

  return r;
}
