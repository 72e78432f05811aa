import { Router, type Request } from 'express';
import { z } from 'zod';
import { PASSWORD } from '../auth/credential-limits.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../auth/password.js';
import { newPasswordSchema, usernameSchema } from '../auth/credential-schemas.js';
import {
  clearedSessionCookie,
  loginCookie,
  sessionCookie,
  userOf,
  type SessionDeps,
} from '../auth/session-cookie.js';
import type { User } from '../store/users-repo.js';
import { AppError } from '../errors/app-error.js';
import { parseBody } from './http-error.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { RateLimiter } from './rate-limiter.js';
import { originOf } from './sso-routes.js';

const credentials = z
  .object({
    username: usernameSchema,
    password: newPasswordSchema,
  })
  .strict();

export interface AuthRouteDeps extends SessionDeps {
  registrationOpen: boolean;
  /** Every registration and login per IP (password hashing per address). */
  loginLimiter: RateLimiter;
  /** Failed logins per account and source (server/auth/login-throttle.ts). */
  loginThrottle: LoginThrottle;
  /** New accounts per IP (prefix `ip:`), counted before the account is created. */
  registerLimiter: RateLimiter;
  /** Called after logout so open sockets of that session are disconnected. */
  onLogout(sessionId: string): void;
  /** Single sign-on (server/sso-feature.ts): directory logins and the provider's logout. */
  sso: {
    localLogin: boolean;
    directoryLogin(providerId: string, username: string, password: string): Promise<User>;
    endSessionUrl(providerId: string | undefined, origin: string): Promise<string | undefined>;
  };
  publicOrigin?: string;
}

/** A directory's usernames are its own (an e-mail, say): the directory adapter checks their shape. */
const directoryCredentials = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().max(PASSWORD.max),
    provider: z.string().min(1).max(32),
  })
  .strict();

/** A local password refused because the organisation's login replaces it (ATELIER_LOCAL_LOGIN=off). */
export const localLoginOff = () =>
  new AppError('local-login-off', 'Connectez-vous avec le compte de votre organisation.');

export function currentUser(req: Request): User {
  const user = req.user;
  if (!user) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
  return user;
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const r = Router();

  r.post('/auth/register', async (req, res) => {
    if (!deps.registrationOpen || !deps.sso.localLogin)
      throw new AppError('registration-closed', 'Les inscriptions sont fermées.');
    const { username, password } = parseBody(credentials, req.body);
    deps.loginLimiter.consume(`ip:${req.ip}`);
    deps.registerLimiter.consume(`ip:${req.ip}`);
    const user = deps.users.create(username, await hashPassword(password));
    if (!user) throw new AppError('username-taken', 'Ce nom d’utilisateur est déjà pris.');
    res.setHeader('Set-Cookie', sessionCookie(deps, deps.sessions.create(user.id)));
    res.status(201).json(user);
  });

  /** Checks the password against the local account or the named directory; the account or a refusal. */
  const authenticate = async (body: unknown, ip: string | undefined): Promise<[User, string?]> => {
    const provider = (body as { provider?: unknown } | undefined)?.provider;
    if (provider !== undefined && provider !== 'local') {
      const d = parseBody(directoryCredentials, body);
      deps.loginLimiter.consume(`ip:${ip}`);
      const account = `${d.provider}:${d.username.toLowerCase()}`;
      deps.loginThrottle.begin(account, ip ?? '');
      const user = await deps.sso.directoryLogin(d.provider, d.username, d.password);
      deps.loginThrottle.succeeded(account, ip ?? '');
      return [user, d.provider];
    }
    const { username, password } = parseBody(
      credentials.extend({
        password: z.string().min(1).max(PASSWORD.max),
        provider: z.literal('local').optional(),
      }),
      body,
    );
    deps.loginLimiter.consume(`ip:${ip}`);
    const account = username.toLowerCase();
    deps.loginThrottle.begin(account, ip ?? '');
    const found = deps.users.findByUsername(username);
    const ok = await verifyPassword(password, found?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!found || !ok) throw new AppError('bad-credentials', 'Nom d’utilisateur ou mot de passe incorrect.');
    deps.loginThrottle.succeeded(account, ip ?? '');
    // With local login off, a local password is the admins' way in only.
    if (!deps.sso.localLogin && found.role !== 'admin') throw localLoginOff();
    return [{ id: found.id, username: found.username, role: found.role, displayName: found.displayName }];
  };

  r.post('/auth/login', async (req, res) => {
    const [user, providerId] = await authenticate(req.body, req.ip);
    res.setHeader('Set-Cookie', loginCookie(req, deps, user.id, providerId));
    res.json({ id: user.id, username: user.username, role: user.role, displayName: user.displayName });
  });

  r.post('/auth/logout', async (req, res) => {
    const current = userOf(req, deps);
    let endSessionUrl: string | undefined;
    let providerId: string | undefined;
    if (current) {
      providerId = deps.sessions.providerOf(current.sessionId);
      deps.sessions.delete(current.sessionId);
      deps.onLogout(current.sessionId);
      // Ours has ended; the provider's own session is the person's to end, with this link.
      endSessionUrl = await deps.sso.endSessionUrl(providerId, originOf(req, deps.publicOrigin));
    }
    res.setHeader('Set-Cookie', clearedSessionCookie(deps));
    if (endSessionUrl) res.json({ endSessionUrl, providerId });
    else res.status(204).end();
  });

  r.get('/me', (req, res) => {
    res.json(currentUser(req));
  });

  return r;
}
