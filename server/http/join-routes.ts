import { Router } from 'express';
import { z } from 'zod';
import { JOIN_CODE } from '../auth/credential-limits.js';
import { displayNameSchema } from '../auth/display-name.js';
import { newPasswordSchema } from '../auth/credential-schemas.js';
import { hashPassword } from '../auth/password.js';
import { sessionCookie, type SessionDeps } from '../auth/session-cookie.js';
import type { Lang } from '../courses/course-registry.js';
import { currentUser, localLoginOff } from './auth-routes.js';
import { AppError } from '../errors/app-error.js';
import { parseBody } from './http-error.js';
import { langOf } from './lab-routes.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ClassJoin } from '../classes/class-join.js';
import type { ClassService } from '../classes/class-service.js';
import type { FailureBudget } from '../classes/failure-budget.js';

const code = z.string().trim().min(JOIN_CODE.min).max(JOIN_CODE.max);
const existingBody = z.object({ code }).strict();
const newBody = z
  .object({
    code,
    displayName: displayNameSchema,
    password: newPasswordSchema,
  })
  .strict();

export interface JoinRouteDeps extends SessionDeps {
  join: ClassJoin;
  service: ClassService;
  defaultLang: Lang;
  /** Shared with login and registration: `ip:` budget (a classroom behind one NAT) … */
  limiter: RateLimiter;
  /** … and a budget of unknown codes per IP (JOIN_FAILURES), so codes cannot be enumerated. */
  badCodes: FailureBudget;
  /** false: new learners come through a provider (ATELIER_LOCAL_LOGIN=off), never with a password here. */
  localLogin: boolean;
}

/**
 * Joining a class (docs/API.md, "Joining a class"). Without a session: code + display name + password
 * create a learner account and log it in. With one: the code alone adds the user to the class.
 */
export function joinRoutes(d: JoinRouteDeps): Router {
  const r = Router();

  const lookup = (ip: string | undefined, raw: string) => {
    d.badCodes.check(`ip:${ip}`);
    const found = d.join.find(raw);
    if (!found) d.badCodes.fail(`ip:${ip}`);
    return found;
  };

  r.get('/join/:code', (req, res) => {
    const raw = String(req.params.code);
    if (!lookup(req.ip, raw)) throw new AppError('unknown-code', 'Ce code ne correspond à aucune classe.');
    res.json(d.join.preview(raw));
  });

  r.post('/join', async (req, res) => {
    if (req.user) {
      const { code: raw } = parseBody(existingBody, req.body);
      lookup(req.ip, raw);
      const cls = d.join.joinExisting(req.user, raw);
      return void res.json({ user: req.user, class: { id: cls.id, name: cls.name } });
    }
    if (!d.localLogin) throw localLoginOff();
    const body = parseBody(newBody, req.body);
    d.limiter.consume(`ip:${req.ip}`);
    lookup(req.ip, body.code);
    d.join.resolve(body.code); // refuse before spending a password hash
    const { user, cls } = d.join.joinNew(body.code, body.displayName, await hashPassword(body.password));
    res.setHeader('Set-Cookie', sessionCookie(d, d.sessions.create(user.id)));
    res
      .status(201)
      .json({ user: { ...user, displayName: body.displayName }, class: { id: cls.id, name: cls.name } });
  });

  r.get('/me/classes', (req, res) => {
    res.json(d.service.mine(currentUser(req), langOf(req, d.defaultLang)));
  });

  return r;
}
