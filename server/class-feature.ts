import type { Router } from 'express';
import type { Logger } from 'pino';
import type { SessionDeps } from './auth/session-cookie.js';
import { SetupToken } from './auth/setup-token.js';
import { ActivityTracker } from './classes/activity-tracker.js';
import { ClassHub } from './classes/class-hub.js';
import { ClassJoin } from './classes/class-join.js';
import { ClassService } from './classes/class-service.js';
import { ClassSessions } from './classes/class-sessions.js';
import type { MessagePayload } from './classes/class-types.js';
import { FailureBudget } from './classes/failure-budget.js';
import { JOIN_FAILURES } from './classes/join-code.js';
import { TrainerActions } from './classes/trainer-actions.js';
import type { CourseRegistry, Lang } from './courses/course-registry.js';
import { classRoutes } from './http/class-routes.js';
import { classLabRoutes } from './http/class-lab-routes.js';
import { joinRoutes } from './http/join-routes.js';
import { RateLimiter } from './http/rate-limiter.js';
import { setupRoutes } from './http/setup-routes.js';
import { userAdminRoutes } from './http/user-admin-routes.js';
import type { LabService } from './labs/lab-service.js';
import { classRoom, userRoom, type AtelierServer, type AtelierSocket } from './realtime/socket-server.js';
import type { TerminalManager } from './realtime/terminal-manager.js';
import { bindTrainerEvents } from './realtime/trainer-events.js';
import { TerminalWatch } from './realtime/trainer-watch.js';
import type { ShownFile } from './realtime/editor-presence.js';
import { createDemoFeature } from './realtime/demo-events.js';
import { createKeyboardFeature } from './realtime/keyboard-feature.js';
import { AccountRepo } from './store/account-repo.js';
import { ClassMemberRepo } from './store/class-member-repo.js';
import { ClassProgressRepo } from './store/class-progress-repo.js';
import { ClassRepo } from './store/class-repo.js';
import { PairRepo } from './store/pair-repo.js';
import { learnerPairs } from './classes/class-pairs.js';
import { ClassSessionRepo } from './store/class-session-repo.js';
import type { Db } from './store/database.js';
import { ExerciseTimeRepo } from './store/exercise-time-repo.js';
import type { LabRecord, LabsRepo } from './store/labs-repo.js';
import type { ProgressRepo } from './store/progress-repo.js';

export interface ClassFeatureDeps extends SessionDeps {
  db: Db;
  registry: CourseRegistry;
  labsRepo: LabsRepo;
  progress: ProgressRepo;
  labs: LabService;
  terminals: TerminalManager;
  io: AtelierServer;
  defaultLang: Lang;
  stuckAfterMs: number;
  /** false: joining creates no password account (ATELIER_LOCAL_LOGIN=off). */
  localLogin: boolean;
  /** The zone of classes without one (config `timeZone`) and the sessions' warm-up lead (`sessionLeadMs`). */
  timeZone?: string;
  sessionLeadMs?: number;
  logger: Logger;
  /** A learner was taken out of a class (their pair there ends). */
  onLearnerRemoved?(classId: string, learnerId: string): void;
  /** The URL of a lab's preview (the trainer's route checks the lab is a learner's of their class). */
  previewLink(lab: LabRecord, ask: { machine?: string; port?: number; path?: string }): { url: string };
  /** The file the lab's editor shows (a trainer's watch starts with it). */
  shownFile?(labId: string): ShownFile | undefined;
}

/** A learner counts as active in the grid when they did something in the last 5 minutes. */
const ACTIVE_WINDOW_MS = 5 * 60_000;

/**
 * Roles, classes, the live grid, watching, messages and the first-admin setup, wired in one place so
 * createApp only mounts routers and forwards three lab hooks (activity, check, status).
 */
export function createClassFeature(d: ClassFeatureDeps) {
  const accounts = new AccountRepo(d.db);
  const classes = new ClassRepo(d.db);
  const members = new ClassMemberRepo(d.db);
  const facts = new ClassProgressRepo(d.db);
  // The timetable: sessions warm their course's pool ahead (PoolDemand's `timetable` source).
  const sessions = new ClassSessions({
    sessions: new ClassSessionRepo(d.db),
    machinesOf: (courseId) => d.registry.machinesOf(courseId)?.length ?? 1,
    leadMs: d.sessionLeadMs ?? 10 * 60_000,
    maxLabs: d.labs.lifecycle.maxLabs,
    defaultTimeZone: d.timeZone ?? 'Europe/Paris',
    poolOf: (courseId) => d.labs.lifecycle.poolStats().find((p) => p.courseId === courseId),
    demandChanged: () => d.labs.lifecycle.demandChanged(),
  });
  d.labs.lifecycle.demand.setTimetable((now) => sessions.timetable(now));
  const pairRepo = new PairRepo(d.db);
  const service = new ClassService({
    classes,
    members,
    facts,
    users: d.users,
    sessions,
    registry: d.registry,
    stuckAfterMs: d.stuckAfterMs,
    activeWindowMs: ACTIVE_WINDOW_MS,
    pairsOf: (classId) => learnerPairs(pairRepo, members, classId),
  });
  const hub = new ClassHub({
    service,
    classes,
    members,
    lang: d.defaultLang,
    emit: (classId, payload) => d.io.to(classRoom(classId)).emit('class:progress', payload),
    watched: (classId) => (d.io.sockets.adapter.rooms.get(classRoom(classId))?.size ?? 0) > 0,
  });
  const activity = new ActivityTracker({
    labs: d.labsRepo,
    times: new ExerciseTimeRepo(d.db),
    currentExercise: (userId, courseId) => {
      const done = d.progress.completedIn(userId, courseId);
      return d.registry.exerciseIds(courseId).find((e) => !done.has(e));
    },
    onFlushed: (userId, courseId) => hub.learnerChanged(userId, courseId),
  });
  const watch = new TerminalWatch({
    terminals: d.terminals,
    notifyLearner: (learnerId, p) => d.io.to(userRoom(learnerId)).emit('trainer:watching', p),
  });
  // Help at the keyboard with consent, and the audit log (server/realtime/keyboard-feature.ts).
  const keyboard = createKeyboardFeature({
    db: d.db,
    io: d.io,
    users: d.users,
    accounts,
    members,
    watch,
    logger: d.logger,
    // A trainer typing at the learner's keyboard is activity on the lab: it is not culled as idle meanwhile.
    onInput: (learnerId, labId) => d.labs.noteInput(learnerId, labId),
  });
  // The trainer's demo: their own terminal, read-only, to a class (server/realtime/demo-events.ts).
  const demo = createDemoFeature({
    io: d.io,
    terminals: d.terminals,
    users: d.users,
    accounts,
    labs: d.labsRepo,
    service,
    logger: d.logger,
  });
  const join = new ClassJoin({
    db: d.db,
    classes,
    members,
    users: d.users,
    accounts,
    closesAt: (c) => sessions.closesAt(c),
    zoneOf: (c) => sessions.zoneOf(c),
    onJoined: (classId, userId) => {
      hub.push(classId, userId);
      d.labs.lifecycle.demandChanged(); // a learner about to start: the course's warm pool grows
    },
  });
  const setup = new SetupToken(() => accounts.countAdmins() > 0);
  const limiter = new RateLimiter([{ prefix: 'ip:', max: 300 }]);
  const session = { users: d.users, sessions: d.sessions, secure: d.secure };

  const channel = {
    message: (userId: string, p: MessagePayload) => d.io.to(userRoom(userId)).emit('message:received', p),
    disconnect: (userId: string) => d.io.in(userRoom(userId)).disconnectSockets(true),
  };
  const actions = new TrainerActions({
    channel,
    labs: d.labs,
    labsRepo: d.labsRepo,
    users: d.users,
    accounts,
    classes,
    members,
    facts,
    activity,
    hub,
    progress: d.progress,
    registry: d.registry,
    logger: d.logger,
  });

  const routers: Router[] = [
    setupRoutes({ ...session, db: d.db, setup, limiter }),
    joinRoutes({
      ...session,
      join,
      service,
      defaultLang: d.defaultLang,
      limiter,
      badCodes: new FailureBudget(JOIN_FAILURES.max, JOIN_FAILURES.windowMs),
      localLogin: d.localLogin,
    }),
    classRoutes({
      service,
      sessions,
      defaultLang: d.defaultLang,
      resetLearnerLab: (learnerId, courseId, clear, by) =>
        actions.resetLearnerLab(learnerId, courseId, clear, by),
      onRemoved: (classId, learnerId) => {
        hub.removed(classId, learnerId);
        d.labs.lifecycle.demandChanged();
        d.onLearnerRemoved?.(classId, learnerId);
      },
      labOf: (labId) => d.labsRepo.get(labId),
      previewLink: d.previewLink,
    }),
    // Catch-up and restore of learners' labs from the grid (server/http/class-lab-routes.ts).
    classLabRoutes({ service, actions, registry: d.registry }),
    keyboard.router, // GET /admin/audit
    userAdminRoutes({
      db: d.db,
      users: d.users,
      accounts,
      deleteUser: (userId) => actions.deleteUser(userId),
      onAccountChanged: (userId) => channel.disconnect(userId),
    }),
  ];

  return {
    routers,
    demo,
    keyboard,
    /** Trainers' mirrors of learners' terminals (the editor tells their watchers which file is open). */
    watch,
    setup,
    service,
    /** Joining with a code (single sign-on joins after the provider's login). */
    join,
    timetable: sessions,
    repos: { accounts, classes, members },
    bindSocket: (socket: AtelierSocket) =>
      bindTrainerEvents(socket, {
        io: d.io,
        users: d.users,
        accounts,
        labs: d.labsRepo,
        service,
        watch,
        defaultLang: d.defaultLang,
        logger: d.logger,
        shownFile: d.shownFile,
      }),
    /** Terminal input on a lab (time per exercise, live grid). */
    onActivity: (userId: string, labId: string) => activity.note(userId, labId),
    /** A check ran (button or automatic): time lands on that exercise, trainers see the result. */
    onCheck: (userId: string, labId: string, exerciseId: string) => {
      activity.checked(userId, labId, exerciseId);
      hub.learnerChanged(userId, d.labsRepo.get(labId)?.courseId);
    },
    onLabStatus: (userId: string, labId: string) =>
      hub.learnerChanged(userId, d.labsRepo.get(labId)?.courseId),
    /** The learner's pair in the class changed: trainers see the row's « binôme ». */
    onPairChanged: (classId: string, userId: string) => hub.push(classId, userId),
  };
}

export type ClassFeature = ReturnType<typeof createClassFeature>;
