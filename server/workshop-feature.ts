import type { Logger } from 'pino';
import type { SessionDeps } from './auth/session-cookie.js';
import type { ClassFeature } from './class-feature.js';
import { ClassHub } from './classes/class-hub.js';
import { FailureBudget } from './classes/failure-budget.js';
import { JOIN_FAILURES } from './classes/join-code.js';
import { WorkshopEnd } from './classes/workshop-end.js';
import { WorkshopService } from './classes/workshop-service.js';
import type { CourseRegistry, Lang } from './courses/course-registry.js';
import { RateLimiter } from './http/rate-limiter.js';
import { visitorGuard } from './http/workshop-visitor-guard.js';
import { workshopRoutes } from './http/workshop-routes.js';
import type { LabService } from './labs/lab-service.js';
import { PeriodicTask } from './labs/periodic-task.js';
import { classRoom, userRoom, type AtelierServer } from './realtime/socket-server.js';
import type { Db } from './store/database.js';
import { VisitorRepo } from './store/visitor-repo.js';

export interface WorkshopFeatureDeps extends SessionDeps {
  db: Db;
  registry: CourseRegistry;
  labs: LabService;
  io: AtelierServer;
  classes: ClassFeature;
  defaultLang: Lang;
  publicOrigin?: string;
  logger: Logger;
}

/** How often ended workshops are looked for (their end is due at closes_at + grace). */
const END_EVERY_MS = 60_000;
/** Visitors entering per IP per minute: a room of 30 behind one NAT enters at once; seats bound the rest. */
const ENTERS_PER_IP_MIN = 120;

/**
 * Workshops wired: the routes, the visitor guard (mounted before every other /api route), and the task
 * that ends workshops (started by the composition root once labs are adopted, and at every boot).
 */
export function createWorkshopFeature(d: WorkshopFeatureDeps) {
  const visitors = new VisitorRepo(d.db);
  const { classes, members } = d.classes.repos;
  const hub = new ClassHub({
    service: d.classes.service,
    classes,
    members,
    lang: d.defaultLang,
    emit: (classId, payload) => d.io.to(classRoom(classId)).emit('class:progress', payload),
    watched: (classId) => (d.io.sockets.adapter.rooms.get(classRoom(classId))?.size ?? 0) > 0,
  });
  const workshops = new WorkshopService({
    classes,
    members,
    service: d.classes.service,
    sessions: d.classes.timetable,
    visitors,
    registry: d.registry,
    onJoined: (classId, userId) => {
      hub.push(classId, userId);
      d.labs.lifecycle.demandChanged();
    },
  });
  const end = new WorkshopEnd({
    db: d.db,
    classes,
    visitors,
    removeLab: (userId, labId) => d.labs.remove(userId, labId),
    onVisitorsGone: (classId, userIds) => {
      for (const userId of userIds) {
        d.io.in(userRoom(userId)).disconnectSockets(true);
        hub.removed(classId, userId);
      }
      d.labs.lifecycle.demandChanged();
    },
    logger: d.logger,
  });
  const task = new PeriodicTask('workshop end', END_EVERY_MS, () => end.endDue(), d.logger);
  const router = workshopRoutes({
    users: d.users,
    sessions: d.sessions,
    secure: d.secure,
    workshops,
    service: d.classes.service,
    defaultLang: d.defaultLang,
    publicOrigin: d.publicOrigin,
    enterLimiter: new RateLimiter([{ prefix: 'ip:', max: ENTERS_PER_IP_MIN }]),
    badCodes: new FailureBudget(JOIN_FAILURES.max, JOIN_FAILURES.windowMs),
  });
  return {
    router,
    guard: visitorGuard({ visitors, classes }),
    service: workshops,
    visitors,
    /** Ends the workshops due now (also what the periodic task runs). */
    endDue: (now?: number) => end.endDue(now),
    /** Runs at once (workshops that ended while the server was down), then every minute. */
    start: () => {
      task.start();
      return task.runNow();
    },
    stop: () => task.stop(),
  };
}

export type WorkshopFeature = ReturnType<typeof createWorkshopFeature>;
