import type { Logger } from 'pino';
import { SsoAccounts } from './auth/sso/sso-accounts.js';
import type { CourseRegistry, Lang } from './courses/course-registry.js';
import { ltiAdminRoutes } from './http/lti-admin-routes.js';
import type { RateLimiter } from './http/rate-limiter.js';
import { ltiRoutes } from './http/lti-routes.js';
import { DeepLinks } from './lti/deep-linking.js';
import { LaunchVerifier } from './lti/launch-verifier.js';
import { LtiEnrolment } from './lti/lti-enrolment.js';
import { LtiGrades } from './lti/lti-grades.js';
import { importRoster } from './lti/lti-roster.js';
import { LtiStates } from './lti/lti-states.js';
import { PlatformServices } from './lti/platform-services.js';
import { ToolKeys } from './lti/tool-keys.js';
import { AccountRepo } from './store/account-repo.js';
import { ClassMemberRepo } from './store/class-member-repo.js';
import { ClassRepo } from './store/class-repo.js';
import type { Db } from './store/database.js';
import { IdentitiesRepo } from './store/identities-repo.js';
import { LtiContextRepo } from './store/lti-context-repo.js';
import { LtiKeyRepo } from './store/lti-key-repo.js';
import { LtiPlatformRepo } from './store/lti-platform-repo.js';
import { LtiScoreRepo } from './store/lti-score-repo.js';
import type { ProgressRepo } from './store/progress-repo.js';
import type { SessionsRepo } from './store/sessions-repo.js';
import type { UsersRepo } from './store/users-repo.js';

export interface LtiFeatureDeps {
  db: Db;
  users: UsersRepo;
  sessions: SessionsRepo;
  secure: boolean;
  registry: CourseRegistry;
  progress: ProgressRepo;
  defaultLang: Lang;
  publicOrigin?: string;
  /** The login budget per address, shared with the other logins. */
  limiter: RateLimiter;
  logger: Logger;
}

/**
 * LTI 1.3 Advantage (server/lti/, docs/LTI.md): registered platforms, our signing keys, launches that sign in
 * and enrol, deep linking, grades to the LMS (AGS) and the roster import (NRPS).
 */
export function createLtiFeature(d: LtiFeatureDeps) {
  const accountRepo = new AccountRepo(d.db);
  const accounts = new SsoAccounts({
    ...{ db: d.db, users: d.users, accounts: accountRepo, logger: d.logger },
    identities: new IdentitiesRepo(d.db),
  });
  const platforms = new LtiPlatformRepo(d.db);
  const contexts = new LtiContextRepo(d.db);
  const scores = new LtiScoreRepo(d.db);
  const members = new ClassMemberRepo(d.db);
  const keyRepo = new LtiKeyRepo(d.db);
  const keys = new ToolKeys(keyRepo);
  const services = new PlatformServices(keys);
  const enrolment = new LtiEnrolment({
    ...{ db: d.db, accounts, accountRepo, members, contexts },
    classes: new ClassRepo(d.db),
  });
  const grades = new LtiGrades({
    ...{ contexts, platforms, scores, services, logger: d.logger },
    exerciseIds: (courseId) => d.registry.exerciseIds(courseId),
    passed: (userId, courseId) => d.progress.completedIn(userId, courseId),
  });
  grades.start();
  const routers = [
    ltiRoutes({
      ...{ users: d.users, sessions: d.sessions, secure: d.secure, platforms, contexts, keys, enrolment },
      ...{ states: new LtiStates(), verifier: new LaunchVerifier(), deepLinks: new DeepLinks() },
      ...{ registry: d.registry, defaultLang: d.defaultLang, limiter: d.limiter },
      ...{ publicOrigin: d.publicOrigin, logger: d.logger },
    }),
    ltiAdminRoutes({
      ...{ platforms, keys, keyRepo, contexts, scores, grades, members, publicOrigin: d.publicOrigin },
      importRoster: (classId) => importRoster({ contexts, platforms, services, enrolment }, classId),
    }),
  ];
  return {
    routers,
    /** A check's result: a pass sends the learner's grades to the LMS when their launch asked for them. */
    onCheck(userId: string, courseId: string, exerciseId: string, passed: boolean): void {
      if (passed) void grades.onPass(userId, courseId, exerciseId);
    },
    /** Resolves once the scores queued so far had their attempt (tests, shutdown). */
    flushGrades: () => grades.flush(),
    stop: () => grades.stop(),
  };
}

export type LtiFeature = ReturnType<typeof createLtiFeature>;
