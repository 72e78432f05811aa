import { Router } from 'express';
import { z } from 'zod';
import { newPasswordSchema, usernameSchema } from '../auth/credential-schemas.js';
import { hashPassword } from '../auth/password.js';
import { sessionCookie, type SessionDeps } from '../auth/session-cookie.js';
import type { SetupToken } from '../auth/setup-token.js';
import type { Db } from '../store/database.js';
import { AppError } from '../errors/app-error.js';
import { parseBody } from './http-error.js';
import type { RateLimiter } from './rate-limiter.js';

const body = z
  .object({
    token: z.string().min(1).max(200),
    username: usernameSchema,
    password: newPasswordSchema,
  })
  .strict();

export interface SetupRouteDeps extends SessionDeps {
  db: Db;
  setup: SetupToken;
  limiter: RateLimiter;
}

/** First start: the one-time link printed by the server creates the first administrator (docs/API.md). */
export function setupRoutes(d: SetupRouteDeps): Router {
  const r = Router();

  r.get('/setup', (_req, res) => {
    res.json({ needed: d.setup.needed });
  });

  r.post('/setup', async (req, res) => {
    const { token, username, password } = parseBody(body, req.body);
    d.limiter.consume(`ip:${req.ip}`);
    if (!d.setup.needed) throw new AppError('setup-done', 'L’administrateur existe déjà.');
    if (!d.setup.matches(token)) throw new AppError('bad-setup-token', 'Lien d’installation invalide.');
    const hash = await hashPassword(password);
    // One transaction: two requests racing with the same token create one admin at most.
    const user = d.db
      .transaction(() => {
        if (!d.setup.needed) throw new AppError('setup-done', 'L’administrateur existe déjà.');
        return d.users.create(username, hash, 'admin');
      })
      .immediate();
    if (!user) throw new AppError('username-taken', 'Ce nom d’utilisateur est déjà pris.');
    d.setup.markUsed();
    res.setHeader('Set-Cookie', sessionCookie(d, d.sessions.create(user.id)));
    res.status(201).json(user);
  });

  return r;
}
