import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';
import type { Role, User } from '../store/users-repo.js';

/** Trainers run classes; admins can do everything a trainer can, on every class, and manage accounts. */
export const isTrainer = (user: Pick<User, 'role'>): boolean =>
  user.role === 'trainer' || user.role === 'admin';
export const isAdmin = (user: Pick<User, 'role'>): boolean => user.role === 'admin';

export function forbidden(): AppError {
  return new AppError('forbidden', 'Vous n’avez pas accès à cette page.');
}

/** Throws 401 without a session and 403 unless the user has one of `roles`. */
export function assertRole(user: User | undefined, ...roles: Role[]): User {
  if (!user) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

/**
 * Route guard on the role read from the database for this request's session (never from the client).
 * `requireRole('trainer', 'admin')` for class routes, `requireRole('admin')` for account management.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    assertRole(req.user, ...roles);
    next();
  };
}
