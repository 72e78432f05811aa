import type { Logger } from 'pino';
import type { ClassFeature } from './class-feature.js';
import { ClassPairs } from './classes/class-pairs.js';
import { FailureBudget } from './classes/failure-budget.js';
import { pairRoutes } from './http/pair-routes.js';
import type { LabService } from './labs/lab-service.js';
import { PairTerminals } from './realtime/pair-terminals.js';
import { userRoom, type AtelierServer, type AtelierSocket } from './realtime/socket-server.js';
import type { TerminalManager } from './realtime/terminal-manager.js';
import { AccountRepo } from './store/account-repo.js';
import { ClassMemberRepo } from './store/class-member-repo.js';
import { ClassRepo } from './store/class-repo.js';
import type { Db } from './store/database.js';
import type { LabRecord, LabsRepo } from './store/labs-repo.js';
import { PairRepo } from './store/pair-repo.js';
import type { ProgressRepo } from './store/progress-repo.js';
import type { UsersRepo } from './store/users-repo.js';

/**
 * What the pair feature needs from the app. It is made before the lab service (which takes its hooks), so
 * the parts made after it are reached through getters, called only once the app is built.
 */
export interface PairFeatureDeps {
  db: Db;
  users: UsersRepo;
  labsRepo: LabsRepo;
  progress: ProgressRepo;
  labs: () => LabService;
  terminals: () => TerminalManager;
  io: () => AtelierServer;
  classes: () => ClassFeature;
  logger: Logger;
}

/** Unknown pair codes a learner may type per 10 minutes before every code is refused for a while. */
const PAIR_CODE_FAILURES = 20;

/** Pairs of learners on one lab: the domain, its routes, its socket events and the lab service's hooks. */
export function createPairFeature(d: PairFeatureDeps) {
  const accounts = new AccountRepo(d.db);
  let shells: PairTerminals | undefined;
  const terminalsOfPairs = (): PairTerminals =>
    (shells ??= new PairTerminals({
      terminals: d.terminals(),
      userOf: (id) => d.users.findById(id),
      assertLab: (userId, labId) => void d.labs().owned(userId, labId),
      nameOf: (id) => {
        const a = accounts.get(id);
        return a?.displayName ?? a?.username ?? '';
      },
      onActivity: (userId, labId) => {
        d.labs().noteInput(userId, labId);
        d.classes().onActivity(userId, labId);
      },
      logger: d.logger,
    }));
  const pairs = new ClassPairs({
    pairs: new PairRepo(d.db),
    classes: new ClassRepo(d.db),
    members: new ClassMemberRepo(d.db),
    labs: d.labsRepo,
    progress: d.progress,
    removeLab: (userId, labId) => d.labs().remove(userId, labId),
    closeShells: async (userId, labId) => {
      terminalsOfPairs().dropUser(userId, labId);
      await d.terminals().closeUserOnLab(userId, labId);
    },
    changed: (classId, userIds) => {
      d.io().to(userIds.map(userRoom)).emit('pair:changed', { classId });
      for (const id of userIds) d.classes().onPairChanged(classId, id);
    },
  });

  return {
    pairs,
    router: pairRoutes({
      pairs,
      taught: (user, classId) => d.classes().service.taught(user, classId),
      badCodes: new FailureBudget(PAIR_CODE_FAILURES),
    }),
    /** LabServiceDeps: a paired learner works on their host's lab. */
    labHooks: {
      labOwnerFor: (userId: string, courseId: string) => pairs.labOwnerFor(userId, courseId),
      mayUseLab: (userId: string, lab: LabRecord) => pairs.mayUseLab(userId, lab),
      sharedLabs: (userId: string) => pairs.sharedLabs(userId),
    },
    /** The users a lab's status, check results and events go to. */
    audience: (labId: string, userId: string) => pairs.audience(labId, userId),
    /** A check's pass on a pair's lab is recorded for the other member too. */
    sharePass: (
      userId: string,
      p: { labId: string; exerciseId: string; passed: boolean; checks: unknown },
    ) => (p.passed ? pairs.sharePass(userId, p.labId, p.exerciseId, p.checks) : []),
    bindSocket: (socket: AtelierSocket) => terminalsOfPairs().bind(socket),
  };
}

export type PairFeature = ReturnType<typeof createPairFeature>;
