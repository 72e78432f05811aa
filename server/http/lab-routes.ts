import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Lang } from '../courses/course-registry.js';
import { learnerView } from '../courses/check-runner.js';
import type { LabService, LabView } from '../labs/lab-service.js';
import type { LabRecord } from '../store/labs-repo.js';
import type { ProgressRepo } from '../store/progress-repo.js';
import { currentUser } from './auth-routes.js';
import { parseBody } from './http-error.js';
import type { RateLimiter } from './rate-limiter.js';

/** A course's or an exercise's id, as the routes accept it. */
export const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const startBody = z.object({ courseId: z.string().regex(ID, 'identifiant de cours invalide') }).strict();
export const checkBody = z
  .object({ exerciseId: z.string().regex(ID, 'identifiant d’exercice invalide') })
  .strict();
/** A lab machine's name, as the routes accept it. */
export const machineName = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'nom de machine invalide');
/** What a Browser tab asks for: a machine of the lab, a port, a path on it (defaults from the course). */
export const previewBody = z
  .object({
    machine: machineName.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    path: z
      .string()
      .regex(/^\/[\x21-\x7e]{0,1023}$/, 'un chemin commence par / (caractères visibles seulement)')
      .optional(),
  })
  .strict();

export function langOf(req: Request, fallback: Lang): Lang {
  const q = req.query.lang;
  return q === 'en' || q === 'fr' ? q : fallback;
}

/** The address a lab start counts against: none for a class's learner (see labRoutes). */
export const labSource =
  (inClass: (userId: string) => boolean) =>
  (req: Request, userId: string): string | undefined =>
    inClass(userId) ? undefined : req.ip;

/**
 * `checkLimiter` counts button checks per user (prefix `user:`); auto-checks do not pass here.
 * `inClass(userId)`: a trainer's learner; their labs count against the host and per-user caps but not
 * the per-IP one, which a class behind one NAT would hit (it is for self-registered accounts).
 */
export function labRoutes(
  labs: LabService,
  progress: ProgressRepo,
  defaultLang: Lang,
  checkLimiter: RateLimiter,
  inClass: (userId: string) => boolean,
  previewLink: (lab: LabRecord, ask: z.infer<typeof previewBody>) => { url: string },
  /** A view with its time left (cullAt, idle timeout: server/labs/lab-keep-alive.ts). */
  timeLeft: <V extends LabView>(v: V) => V = (v) => v,
): Router {
  const r = Router();
  const sourceOf = labSource(inClass);

  r.post('/labs', async (req, res) => {
    const user = currentUser(req);
    const { courseId } = parseBody(startBody, req.body);
    res.json(timeLeft(await labs.start(user.id, courseId, sourceOf(req, user.id))));
  });

  r.get('/labs', (req, res) => {
    res.json(labs.list(currentUser(req).id).map(timeLeft));
  });

  r.post('/labs/:id/reset', async (req, res) => {
    const userId = currentUser(req).id;
    res.json(timeLeft(await labs.reset(userId, req.params.id as string, sourceOf(req, userId))));
  });

  r.delete('/labs/:id', async (req, res) => {
    await labs.remove(currentUser(req).id, req.params.id as string);
    res.status(204).end();
  });

  r.post('/labs/:id/check', async (req, res) => {
    const user = currentUser(req);
    const { exerciseId } = parseBody(checkBody, req.body);
    checkLimiter.consume(`user:${user.id}`);
    const outcome = await labs.check(user.id, req.params.id as string, exerciseId, langOf(req, defaultLang));
    res.json(learnerView(outcome));
  });

  r.post('/labs/:id/preview', (req, res) => {
    const lab = labs.owned(currentUser(req).id, req.params.id as string);
    res.json(previewLink(lab, parseBody(previewBody, req.body)));
  });

  r.get('/progress', (req, res) => {
    res.json(progress.listByUser(currentUser(req).id));
  });

  return r;
}
