import { Router, type Request } from 'express';
import { z } from 'zod';
import type { LabService } from '../labs/lab-service.js';
import { currentUser } from './auth-routes.js';
import { parseBody } from './http-error.js';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const exerciseBody = z
  .object({ exerciseId: z.string().regex(ID, 'identifiant d’exercice invalide') })
  .strict();

/**
 * The learner's catch-up and checkpoints on their own lab (docs/API.md, "Catch-up and checkpoints").
 * `sourceOf`: the address a lab start counts against (none for a class's learner), as for POST /labs.
 */
export function labCheckpointRoutes(
  labs: LabService,
  sourceOf: (req: Request, userId: string) => string | undefined,
): Router {
  const r = Router();

  r.get('/labs/:id/checkpoints', async (req, res) => {
    const user = currentUser(req);
    const lab = labs.owned(user.id, req.params.id as string);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      checkpoints: await labs.checkpointsOf(lab.id),
      catchUp: labs.learnerMayCatchUp(user.id, lab.courseId),
    });
  });

  r.post('/labs/:id/catch-up', async (req, res) => {
    const user = currentUser(req);
    const { exerciseId } = parseBody(exerciseBody, req.body);
    const lab = labs.owned(user.id, req.params.id as string);
    res.json(
      await labs.catchUp(user.id, lab.courseId, exerciseId, { byLearner: true, ip: sourceOf(req, user.id) }),
    );
  });

  r.post('/labs/:id/restore', async (req, res) => {
    const user = currentUser(req);
    const { exerciseId } = parseBody(exerciseBody, req.body);
    res.json(await labs.restore(user.id, req.params.id as string, exerciseId));
  });

  return r;
}
