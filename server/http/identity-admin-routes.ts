import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import type { SsoAccounts } from '../auth/sso/sso-accounts.js';
import type { IdentitiesRepo } from '../store/identities-repo.js';
import { parseBody } from './http-error.js';

const linkBody = z
  .object({
    providerId: z.string().min(1).max(32),
    subject: z.string().min(1).max(512),
    username: z.string().trim().min(1).max(64),
  })
  .strict();

export interface IdentityAdminDeps {
  identities: IdentitiesRepo;
  accounts: SsoAccounts;
  /** The accounts concerned must authenticate again (their sessions were tied to the old link). */
  onAccountChanged(userId: string): void;
}

/** The admin's view of single sign-on identities (docs/API.md, "Single sign-on"): list, link, unlink. */
export function identityAdminRoutes(d: IdentityAdminDeps): Router {
  const r = Router();
  r.use('/admin/identities', requireRole('admin'));

  r.get('/admin/identities', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(d.identities.list());
  });

  r.post('/admin/identities/link', (req, res) => {
    const body = parseBody(linkBody, req.body);
    const { leftUserId, ...out } = d.accounts.link(body.providerId, body.subject, body.username);
    if (leftUserId) d.onAccountChanged(leftUserId);
    res.json(out);
  });

  r.delete('/admin/identities/:providerId/:subject', (req, res) => {
    d.onAccountChanged(d.accounts.unlink(String(req.params.providerId), String(req.params.subject)));
    res.status(204).end();
  });

  return r;
}
