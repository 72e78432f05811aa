import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import { AUDIT_MAX_LIMIT, type AuditRepo } from '../store/audit-repo.js';
import { parseBody } from './http-error.js';

const query = z
  .object({
    limit: z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).default(100),
    /** ms UTC: entries at or after it. */
    since: z.coerce.number().int().min(0).optional(),
  })
  .strict();

/** GET /api/admin/audit?limit=&since=: the audit log, newest first (admins only; docs/API.md). */
export function auditRoutes(audit: AuditRepo): Router {
  const r = Router();
  r.get('/admin/audit', requireRole('admin'), (req, res) => {
    const q = parseBody(query, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ entries: audit.list(q) });
  });
  return r;
}
