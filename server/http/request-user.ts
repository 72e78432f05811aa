import type { RequestHandler } from 'express';
import { userOf, type SessionDeps } from '../auth/session-cookie.js';
import type { User } from '../store/users-repo.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
    }
  }
}

/** Resolves the session cookie to a user once per request; routes read `req.user`. */
export function attachUser(deps: SessionDeps): RequestHandler {
  return (req, _res, next) => {
    req.user = userOf(req, deps)?.user;
    next();
  };
}
