import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error.js';

/**
 * Same-origin check (the socket handshake and state-changing HTTP requests): the Origin must equal the
 * configured public origin, or (when none is configured) the origin of the Host the request was sent
 * to. Never reflected back.
 */
export function originAllowed(req: IncomingMessage, publicOrigin?: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients (tests, tools) send none; the cookie still rules.
  if (publicOrigin) return origin === publicOrigin;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Posts another site makes by design, each proving itself otherwise: an LMS's LTI login initiation (it only
 * starts a login) and launch (a signed ID token bound to a single-use state we issued). Paths under /api.
 */
const CROSS_SITE_POSTS = new Set(['/lti/login', '/lti/launch']);

/**
 * CSRF: a state-changing request a browser sends from another origin (even a same-site sibling, which
 * SameSite=Lax lets through) is refused; clients without an Origin header (curl, tests) are not browsers.
 */
export function sameOriginGuard(publicOrigin?: string): RequestHandler {
  return (req, _res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || originAllowed(req, publicOrigin)) return next();
    if (CROSS_SITE_POSTS.has(req.path)) return next();
    // A SAML IdP posts its response to our ACS from its own site; node-saml checks it and the login is bound
    // to the browser afterwards (server/http/sso-routes.ts), so nothing here relies on the Origin.
    if (/^\/auth\/sso\/[a-z0-9-]+\/acs$/.test(req.path)) return next();
    next(new AppError('bad-origin', 'Requête refusée : elle vient d’un autre site.'));
  };
}
