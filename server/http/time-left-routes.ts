import { Router, type Request } from 'express';
import { requireRole } from '../auth/roles.js';
import type { ClassService } from '../classes/class-service.js';
import { endOfToday, labsOfLearners, type LabKeepAlive } from '../labs/lab-keep-alive.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassRecord } from '../store/class-repo.js';
import type { LabRecord, LabsRepo } from '../store/labs-repo.js';
import { currentUser } from './auth-routes.js';

export interface TimeLeftRouteDeps {
  keepAlive: LabKeepAlive;
  /** The lab if the user may use it (404 otherwise): the lab service's rule. */
  owned(userId: string, labId: string): LabRecord;
  classes: Pick<ClassService, 'taught'>;
  members: Pick<ClassMemberRepo, 'list'>;
  labs: LabsRepo;
  /** The class's time zone (its own, else the platform's). */
  zoneOf(cls: ClassRecord): string;
}

const param = (req: Request, name: string): string => String(req.params[name]);

/**
 * « Je suis là » (POST /api/labs/:id/keep-alive) and a trainer's « Prolonger les machines pour la
 * journée » (POST /api/classes/:id/extend): docs/API.md, "Time left".
 */
export function timeLeftRoutes(d: TimeLeftRouteDeps): Router {
  const r = Router();

  r.post('/labs/:id/keep-alive', (req, res) => {
    const rec = d.owned(currentUser(req).id, param(req, 'id'));
    res.json(d.keepAlive.keepAlive(rec));
  });

  // The labs of the class's learners on the class's courses stay up until midnight on the class's clocks.
  r.post('/classes/:id/extend', requireRole('trainer', 'admin'), (req, res) => {
    const cls = d.classes.taught(currentUser(req), param(req, 'id'));
    const learners = d.members.list(cls.id, 'learner').map((m) => m.userId);
    const labs = labsOfLearners(d.labs, learners, cls.courseIds).map((l) => l.id);
    const until = endOfToday(d.zoneOf(cls));
    d.keepAlive.extend(labs, until);
    res.json({ labs: labs.length, keepUntil: new Date(until).toISOString() });
  });

  return r;
}
