import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import type { SourceLibrary } from '../courses/sources/source-library.js';
import type { LiveRegistry } from '../courses/live-registry.js';
import type { SourceRecord } from '../store/sources-repo.js';
import { parseBody } from './http-error.js';

const addBody = z
  .object({
    url: z.string().trim().min(1).max(2048),
    ref: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((r) => r || null),
  })
  .strict();

/** A source as the admin page shows it: its record and the courses it serves in this process now. */
const view = (s: SourceRecord, live: LiveRegistry) => ({ ...s, serving: live.coursesOf(s.id) });

/**
 * The admin's course sources (docs/API.md, "Course sources"): list, add (its first update starts at once),
 * update now, remove. An update runs in the background; the list says `updating` meanwhile.
 */
export function sourceAdminRoutes(d: { library: SourceLibrary; live: LiveRegistry }): Router {
  const r = Router();
  r.use('/admin/sources', requireRole('admin'));
  const one = (id: string) => d.library.list().find((s) => s.id === id);

  r.get('/admin/sources', async (_req, res) => {
    await d.library.sync(); // a change made by `npm run admin` shows at once
    res.setHeader('Cache-Control', 'no-store');
    res.json(d.library.list().map((s) => view(s, d.live)));
  });

  r.post('/admin/sources', (req, res) => {
    const body = parseBody(addBody, req.body);
    const added = d.library.add(body.url, body.ref);
    void d.library.update(added.id); // its outcome lands in the record
    res.status(201).json(view(one(added.id) ?? added, d.live));
  });

  r.post('/admin/sources/:id/update', (req, res) => {
    const id = String(req.params.id);
    void d.library.update(id); // throws unknown-source or source-busy at once; else runs in the background
    res.status(202).json(view(one(id)!, d.live));
  });

  r.delete('/admin/sources/:id', (req, res) => {
    d.library.remove(String(req.params.id));
    res.status(204).end();
  });

  return r;
}
