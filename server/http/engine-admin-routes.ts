import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import { AppError } from '../errors/app-error.js';
import type { EngineFleet, EngineView } from '../sandbox/engine-types.js';
import { parseBody } from './http-error.js';

const modeBody = z.object({ mode: z.enum(['active', 'draining']) }).strict();

/**
 * The admin's Docker Engines (docs/API.md, "Engines"): each one's state, labs and free capacity; draining
 * one sends new labs elsewhere and moves none of its running labs.
 */
export function engineAdminRoutes(fleet: EngineFleet): Router {
  const r = Router();
  r.use('/admin/engines', requireRole('admin'));
  const one = (name: string): EngineView | undefined => fleet.status().find((e) => e.name === name);

  r.get('/admin/engines', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ engines: fleet.status() });
  });

  r.post('/admin/engines/:name/mode', (req, res) => {
    const name = String(req.params.name);
    const { mode } = parseBody(modeBody, req.body);
    if (!one(name)) throw new AppError('unknown-engine', `Moteur de labs inconnu : ${name}.`);
    fleet.setMode(name, mode);
    res.setHeader('Cache-Control', 'no-store');
    res.json(one(name));
  });

  return r;
}
