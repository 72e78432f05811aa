import { Router } from 'express';
import type { LabService } from '../labs/lab-service.js';
import { currentUser } from './auth-routes.js';
import { parseBody } from './http-error.js';
import { checkBody, labSource } from './lab-routes.js';

/**
 * The learner's catch-up and checkpoints on their own lab (docs/API.md, "Catch-up and checkpoints").
 * `inClass(userId)`: a catch-up's new lab counts against the address as POST /labs does (labSource).
 */
export function labCheckpointRoutes(labs: LabService, inClass: (userId: string) => boolean): Router {
  const r = Router();
  const sourceOf = labSource(inClass);

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
    const { exerciseId } = parseBody(checkBody, req.body);
    const lab = labs.owned(user.id, req.params.id as string);
    res.json(
      await labs.catchUp(user.id, lab.courseId, exerciseId, { byLearner: true, ip: sourceOf(req, user.id) }),
    );
  });

  r.post('/labs/:id/restore', async (req, res) => {
    const user = currentUser(req);
    const { exerciseId } = parseBody(checkBody, req.body);
    res.json(await labs.restore(user.id, req.params.id as string, exerciseId));
  });

  return r;
}
