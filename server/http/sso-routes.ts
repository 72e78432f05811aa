import { Router, type Request, type Response } from 'express';
import { parse, serialize } from 'cookie';
import { JOIN_CODE } from '../auth/credential-limits.js';
import { loginCookie, type SessionDeps } from '../auth/session-cookie.js';
import { PENDING_TTL_MS, type PendingLogins } from '../auth/sso/pending-logins.js';
import type { SsoAccounts } from '../auth/sso/sso-accounts.js';
import type { OidcClient } from '../auth/sso/sso-types.js';
import type { ClassJoin } from '../classes/class-join.js';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../observability/logger.js';
import type { RateLimiter } from './rate-limiter.js';

export interface SsoRouteDeps extends SessionDeps {
  oidc: ReadonlyMap<string, OidcClient>;
  accounts: SsoAccounts;
  pending: PendingLogins;
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

/** Our origin as the provider sees it: the configured public one, else the one this request came to. */
export function originOf(req: Request, publicOrigin?: string): string {
  return publicOrigin ?? `${req.protocol}://${req.get('host')}`;
}

/**
 * OpenID Connect sign-in (docs/API.md, "Single sign-on"): a browser navigation to `start` goes to the provider,
 * which sends it back to `callback`. Every failure ends on the login (or join) page with `sso-error=<reason>`.
 */
export function ssoRoutes(d: SsoRouteDeps): Router {
  const r = Router();

  const fail = (res: Response, reason: string, providerId: string, join?: string) => {
    const page = join ? `/join/${encodeURIComponent(join)}` : '/login';
    const q = new URLSearchParams({ 'sso-error': reason, provider: providerId });
    res.redirect(302, `${page}?${q}`);
  };
  const reasonOf = (err: unknown) => (err instanceof AppError ? err.reason : 'sso-failed');

  r.get('/auth/sso/:id/start', async (req, res) => {
    const id = String(req.params.id);
    const join = joinCode(req.query.join);
    const client = d.oidc.get(id);
    if (!client) return fail(res, 'unknown-provider', id, join);
    try {
      d.limiter.consume(`ip:${req.ip}`);
      const redirectUri = `${originOf(req, d.publicOrigin)}/api/auth/sso/${id}/callback`;
      const { url, pending } = await client.begin(redirectUri);
      const next = isSafeNext(req.query.next) ? req.query.next : undefined;
      const browser = d.pending.add({ providerId: id, oidc: pending, next, join });
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
    const client = d.oidc.get(id);
    if (!client) return fail(res, 'unknown-provider', id);
    const browser = parse(req.headers.cookie ?? '')[BROWSER_COOKIE];
    const entry = d.pending.take(String(req.query.state ?? ''), id, browser);
    res.append('Set-Cookie', serialize(BROWSER_COOKIE, '', { path: COOKIE_PATH, maxAge: 0, httpOnly: true }));
    if (!entry) return fail(res, 'sso-expired', id);
    if (req.query.error) {
      d.logger.info(
        { provider: id, error: String(req.query.error).slice(0, 100) },
        'single sign-on: refused by the provider',
      );
      return fail(res, 'sso-denied', id, entry.join);
    }
    let user;
    try {
      const callbackUrl = new URL(req.originalUrl, originOf(req, d.publicOrigin));
      const who = await client.finish(callbackUrl, entry.oidc);
      user = d.accounts.signIn(who, client.config.roles);
    } catch (err) {
      d.logger.warn({ err, provider: id }, 'single sign-on: the login was refused');
      return fail(res, reasonOf(err), id, entry.join);
    }
    res.append('Set-Cookie', loginCookie(req, d, user.id, id));
    if (entry.join) {
      try {
        d.join.joinExisting(user, entry.join);
      } catch (err) {
        return fail(res, reasonOf(err), id, entry.join);
      }
    }
    res.redirect(302, entry.next ?? '/');
  });

  return r;
}
