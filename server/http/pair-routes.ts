import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import type { ClassPairs } from '../classes/class-pairs.js';
import type { ClassRecord } from '../store/class-repo.js';
import type { User } from '../store/users-repo.js';
import type { FailureBudget } from '../classes/failure-budget.js';
import { currentUser } from './auth-routes.js';
import { parseBody } from './http-error.js';

const hexId = z.string().regex(/^[a-f0-9]{16}$/, 'identifiant invalide');
const classBody = z.object({ classId: hexId }).strict();
const codeBody = z.object({ code: z.string().trim().min(4).max(16) }).strict();
const pairBody = z.object({ userIds: z.tuple([z.string().uuid(), z.string().uuid()]) }).strict();

export interface PairRouteDeps {
  pairs: ClassPairs;
  /** The class if the user teaches it (ClassService.taught); 404 otherwise. */
  taught(user: User, classId: string): ClassRecord;
  /** Unknown pair codes per learner, so codes cannot be enumerated. */
  badCodes: FailureBudget;
}

const param = (req: Request, name: string): string => String(req.params[name]);

/** Pairs (docs/API.md, "Pairs"): the learner's own, and the trainer's on a class they teach. */
export function pairRoutes(d: PairRouteDeps): Router {
  const r = Router();

  r.get('/pairs', (req, res) => {
    const user = currentUser(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ pairs: d.pairs.mine(user.id), classes: d.pairs.pairingClasses(user.id) });
  });

  r.post('/pairs/code', (req, res) => {
    const user = currentUser(req);
    res.json(d.pairs.createCode(user.id, parseBody(classBody, req.body).classId));
  });

  r.post('/pairs/join', (req, res) => {
    const user = currentUser(req);
    const { code } = parseBody(codeBody, req.body);
    d.badCodes.check(`user:${user.id}`);
    try {
      res.json(d.pairs.joinByCode(user.id, code));
    } catch (err) {
      if ((err as { reason?: string }).reason === 'unknown-pair-code') d.badCodes.fail(`user:${user.id}`);
      throw err;
    }
  });

  r.post('/pairs/leave', async (req, res) => {
    const user = currentUser(req);
    await d.pairs.leave(user.id, parseBody(classBody, req.body).classId);
    res.status(204).end();
  });

  r.use('/classes/:id/pairs', requireRole('trainer', 'admin'));

  r.get('/classes/:id/pairs', (req, res) => {
    const cls = d.taught(req.user!, param(req, 'id'));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ pairs: Object.fromEntries(d.pairs.byLearner(cls.id)) });
  });

  r.post('/classes/:id/pairs', (req, res) => {
    const cls = d.taught(req.user!, param(req, 'id'));
    const [a, b] = parseBody(pairBody, req.body).userIds;
    const { pairId } = d.pairs.pairLearners(cls, a, b);
    res.status(201).json({ pairId, pairs: Object.fromEntries(d.pairs.byLearner(cls.id)) });
  });

  r.delete('/classes/:id/pairs/:pairId', async (req, res) => {
    const cls = d.taught(req.user!, param(req, 'id'));
    await d.pairs.unpair(cls, param(req, 'pairId'));
    res.status(204).end();
  });

  return r;
}
