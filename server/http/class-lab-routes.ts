import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/roles.js';
import type { ClassService } from '../classes/class-service.js';
import type { TrainerActions } from '../classes/trainer-actions.js';
import type { CourseRegistry } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import type { ClassRecord } from '../store/class-repo.js';
import type { User } from '../store/users-repo.js';
import { parseBody } from './http-error.js';
import { ID } from './lab-routes.js';

const target = {
  courseId: z.string().regex(ID, 'identifiant de cours invalide'),
  exerciseId: z.string().regex(ID, 'identifiant d’exercice invalide'),
  message: z.string().trim().max(500, '500 caractères au plus').optional(),
};
const oneBody = z.object(target).strict();
const bringToBody = z
  .object({
    ...target,
    mode: z.enum(['catch-up', 'restore']),
    learners: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
  })
  .strict();

export interface ClassLabRouteDeps {
  service: ClassService;
  actions: TrainerActions;
  registry: Pick<CourseRegistry, 'has'>;
}

const param = (req: Request, name: string): string => String(req.params[name]);
const me = (req: Request): User => req.user!;

/**
 * A trainer's catch-up and restore of learners' labs from the grid (docs/API.md, "Catch-up and
 * checkpoints"): each route checks the role, that the class is theirs (404 otherwise), that the learner is
 * one of its learners, and that the course is the class's and the exercise the course's.
 */
export function classLabRoutes(d: ClassLabRouteDeps): Router {
  const r = Router();
  const { service, actions } = d;
  r.use('/classes', requireRole('trainer', 'admin'));

  const courseOf = (cls: ClassRecord, courseId: string, exerciseId?: string) => {
    if (!cls.courseIds.includes(courseId))
      throw new AppError('unknown-course', `Ce cours ne fait pas partie de la classe : ${courseId}`, {
        id: courseId,
      });
    if (exerciseId !== undefined && !d.registry.has(courseId, exerciseId))
      throw new AppError('unknown-exercise', `Exercice inconnu : ${exerciseId}`, { id: exerciseId });
  };

  r.post('/classes/:id/learners/:userId/catch-up', async (req, res) => {
    const { cls, learner } = service.learnerOf(me(req), param(req, 'id'), param(req, 'userId'));
    const { courseId, exerciseId, message } = parseBody(oneBody, req.body);
    courseOf(cls, courseId, exerciseId);
    res.json(await actions.catchUpLearner(learner.userId, courseId, exerciseId, message ?? '', me(req), cls));
  });

  r.post('/classes/:id/learners/:userId/restore', async (req, res) => {
    const { cls, learner } = service.learnerOf(me(req), param(req, 'id'), param(req, 'userId'));
    const { courseId, exerciseId, message } = parseBody(oneBody, req.body);
    courseOf(cls, courseId, exerciseId);
    res.json(await actions.restoreLearner(learner.userId, courseId, exerciseId, message ?? '', me(req), cls));
  });

  r.get('/classes/:id/learners/:userId/checkpoints', async (req, res) => {
    const { cls, learner } = service.learnerOf(me(req), param(req, 'id'), param(req, 'userId'));
    const courseId = typeof req.query.courseId === 'string' ? req.query.courseId : '';
    courseOf(cls, courseId);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ checkpoints: await actions.learnerCheckpoints(learner.userId, courseId) });
  });

  r.post('/classes/:id/bring-to', async (req, res) => {
    const cls = service.taught(me(req), param(req, 'id'));
    const { courseId, exerciseId, mode, message, learners } = parseBody(bringToBody, req.body);
    courseOf(cls, courseId, exerciseId);
    const plan = await actions.bringTo(
      cls,
      { courseId, exerciseId, mode, text: message ?? '', ...(learners ? { learners } : {}) },
      me(req),
    );
    res.status(202).json({ queued: plan.queued, skipped: plan.skipped });
  });

  return r;
}
