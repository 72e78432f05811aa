import { Router, type Request } from 'express';
import { z } from 'zod';
import { displayNameSchema } from '../auth/display-name.js';
import { newPasswordSchema, usernameSchema } from '../auth/credential-schemas.js';
import { hashPassword } from '../auth/password.js';
import { requireRole } from '../auth/roles.js';
import type { AccountRepo } from '../store/account-repo.js';
import { AdminRepo } from '../store/admin-repo.js';
import type { Db } from '../store/database.js';
import type { UsersRepo } from '../store/users-repo.js';
import { AppError } from '../errors/app-error.js';
import { parseBody } from './http-error.js';

const role = z.enum(['learner', 'trainer', 'admin']);
const password = newPasswordSchema;
const createBody = z
  .object({
    username: usernameSchema,
    password,
    role,
    displayName: displayNameSchema.optional(),
  })
  .strict();
const patchBody = z
  .object({ role: role.optional(), password: password.optional(), displayName: displayNameSchema.optional() })
  .strict();

export interface UserAdminDeps {
  db: Db;
  users: UsersRepo;
  accounts: AccountRepo;
  /** Removes the user's labs (containers and terminals) and then the user (cascade: sessions, progress). */
  deleteUser(userId: string): Promise<void>;
  /** The user's role or password changed: their open sockets must authenticate again. */
  onAccountChanged(userId: string): void;
}

const unknownUser = () => new AppError('unknown-user', 'Utilisateur introuvable.');

/** Account management for admins (docs/API.md, "Administration"): list, create, change role, delete. */
export function userAdminRoutes(d: UserAdminDeps): Router {
  const r = Router();
  r.use('/admin/users', requireRole('admin'));
  const target = (req: Request) => {
    const id = String(req.params.id);
    if (!d.accounts.get(id)) throw unknownUser();
    if (id === req.user!.id)
      throw new AppError(
        'cannot-change-self',
        'Vous ne pouvez pas modifier ou supprimer votre propre compte ici.',
      );
    return id;
  };

  r.get('/admin/users', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(d.accounts.list());
  });

  r.post('/admin/users', async (req, res) => {
    const body = parseBody(createBody, req.body);
    const user = d.users.create(body.username, await hashPassword(body.password), body.role);
    if (!user) throw new AppError('username-taken', 'Ce nom d’utilisateur est déjà pris.');
    if (body.displayName) d.accounts.setDisplayName(user.id, body.displayName);
    res.status(201).json(d.accounts.get(user.id));
  });

  r.patch('/admin/users/:id', async (req, res) => {
    const id = target(req);
    const body = parseBody(patchBody, req.body);
    if (body.role && !d.accounts.setRole(id, body.role))
      throw new AppError('last-admin', 'Il doit rester au moins un administrateur.');
    if (body.password) new AdminRepo(d.db).setPasswordHash(id, await hashPassword(body.password));
    if (body.displayName) d.accounts.setDisplayName(id, body.displayName);
    if (body.role || body.password) d.onAccountChanged(id);
    res.json(d.accounts.get(id));
  });

  r.delete('/admin/users/:id', async (req, res) => {
    await d.deleteUser(target(req));
    res.status(204).end();
  });

  return r;
}
