import { Router, type Request } from 'express';
import { z } from 'zod';
import { PASSWORD } from '../auth/credential-limits.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../auth/password.js';
import { newPasswordSchema, usernameSchema } from '../auth/credential-schemas.js';
import { clearedSessionCookie, sessionCookie, userOf, type SessionDeps } from '../auth/session-cookie.js';
import type { User } from '../store/users-repo.js';
import { AppError } from '../errors/app-error.js';
import { parseBody } from './http-error.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { RateLimiter } from './rate-limiter.js';

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
}

export function currentUser(req: Request): User {
  const user = req.user;
  if (!user) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
  return user;
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const r = Router();

  r.post('/auth/register', async (req, res) => {
    if (!deps.registrationOpen) throw new AppError('registration-closed', 'Les inscriptions sont fermées.');
    const { username, password } = parseBody(credentials, req.body);
    deps.loginLimiter.consume(`ip:${req.ip}`);
    deps.registerLimiter.consume(`ip:${req.ip}`);
    const user = deps.users.create(username, await hashPassword(password));
    if (!user) throw new AppError('username-taken', 'Ce nom d’utilisateur est déjà pris.');
    res.setHeader('Set-Cookie', sessionCookie(deps, deps.sessions.create(user.id)));
    res.status(201).json(user);
  });

  r.post('/auth/login', async (req, res) => {
    const { username, password } = parseBody(
      credentials.extend({ password: z.string().min(1).max(PASSWORD.max) }),
      req.body,
    );
    deps.loginLimiter.consume(`ip:${req.ip}`);
    const account = username.toLowerCase();
    const source = req.ip ?? '';
    deps.loginThrottle.begin(account, source);
    const found = deps.users.findByUsername(username);
    const ok = await verifyPassword(password, found?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!found || !ok) throw new AppError('bad-credentials', 'Nom d’utilisateur ou mot de passe incorrect.');
    deps.loginThrottle.succeeded(account, source);
    // A fresh session id at every login (no fixation); the previous one, if any, is dropped.
    const previous = userOf(req, deps);
    if (previous) deps.sessions.delete(previous.sessionId);
    res.setHeader('Set-Cookie', sessionCookie(deps, deps.sessions.create(found.id)));
    res.json({ id: found.id, username: found.username, role: found.role, displayName: found.displayName });
  });

  r.post('/auth/logout', (req, res) => {
    const current = userOf(req, deps);
    if (current) {
      deps.sessions.delete(current.sessionId);
      deps.onLogout(current.sessionId);
    }
    res.setHeader('Set-Cookie', clearedSessionCookie(deps));
    res.status(204).end();
  });

  r.get('/me', (req, res) => {
    res.json(currentUser(req));
  });

  return r;
}
