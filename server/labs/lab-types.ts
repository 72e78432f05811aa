import type { Logger } from 'pino';
import type { CheckOutcome, CourseRegistry, Lang } from '../courses/course-registry.js';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { CheckpointLimits } from '../config.js';
import type { LabRecord, LabRecordState, LabsRepo } from '../store/labs-repo.js';
import type { ProgressRepo } from '../store/progress-repo.js';
import type { AdmissionLimits } from './lab-admission.js';
import type { LifecycleOptions } from './lab-lifecycle.js';
import type { CourseImages } from './lab-images.js';
import type { RecentJoin } from './pool-demand.js';

/** What `lab:status` announces: the steps of a start (queued, starting), then where the lab ended up. */
export type LabStatusState =
  | 'queued'
  | 'starting'
  | 'running'
  | 'stopped'
  | 'removed'
  | 'error'
  /** The engine holding the lab does not answer (reason `engine-down`); files stay there. */
  | 'unavailable';

/**
 * What a `starting` lab is doing: creating its machine(s), then applying the course setup (new labs), then
 * (a catch-up) running the reference solutions of the exercises before the one asked for.
 */
export type LabStartPhase = 'creating' | 'preparing' | 'solving';

/** Any state a client may hold for a lab: a row's state (GET /api/labs) or the last `lab:status`. */
export type LabState = LabRecordState | LabStatusState;

export interface LabView {
  id: string;
  courseId: string;
  state: LabRecordState;
}

/** What the lab service tells the realtime layer; it never talks to sockets itself. */
export interface LabNotifier {
  /**
   * state: queued (with the learner's `position`), starting, running, stopped (idle or over its disk
   * quota: `reason`), removed (max age), error. `message` is for the learner.
   */
  status(userId: string, p: LabStatus): void;
  checkResult(userId: string, p: CheckOutcome & { labId: string; auto?: boolean }): void;
  /** The lab's container is going away (reset/delete): close its terminals. */
  labClosing(labId: string): Promise<void>;
}

export interface LabStatus {
  labId: string;
  state: LabStatusState;
  message?: string;
  /** Why: `reset`, `catch-up` and `restore` while `starting` (pages drop results, open fresh shells), … */
  reason?: string;
  position?: number;
  phase?: LabStartPhase;
}

export interface LabServiceDeps {
  defaultLang: Lang;
  /** Quiet time before an automatic check; 0 disables auto-checks. */
  autoCheckQuietMs: number;
  labs: LabsRepo;
  progress: ProgressRepo;
  runtime: SandboxRuntime;
  registry: CourseRegistry;
  imagePrefix: string;
  /** Images still being built: no new lab (503) nor pool container for their courses (default: ready). */
  images?: CourseImages;
  notifier: LabNotifier;
  /** Warm pool, start queue, culling, disk limits (default: none of them). */
  lifecycle?: LifecycleOptions;
  /** Caps on running labs (default: none). */
  admission?: AdmissionLimits;
  /** Learners who joined a class since then: the warm pool grows for those who have not started yet. */
  recentJoins?: (since: number) => RecentJoin[];
  /** Default: the process-wide fallback logger. */
  logger?: Logger;
  /** Makes what was committed so far survive a power loss (WalSync); awaited before a check result is sent. */
  durable?: () => Promise<void>;
  /** Checkpoints saved when an exercise passes, and their bounds (default: none). */
  checkpoints?: CheckpointLimits;
  /** May this learner catch up by themselves on this course (a class of theirs allows it)? Default: no. */
  learnerMayCatchUp?: (userId: string, courseId: string) => boolean;
  /** Whose lab the user works on for a course: their pair's host, else themselves (default). */
  labOwnerFor?: (userId: string, courseId: string) => string;
  /** May the user use a lab that is not theirs (their pair's)? Default: no. */
  mayUseLab?: (userId: string, lab: LabRecord) => boolean;
  /** Labs of others the user works on (their pairs' hosts'), for their list of labs. */
  sharedLabs?: (userId: string) => LabRecord[];
}

/** A checkpoint as the learner and the trainer see it: the state of their lab when `exerciseId` passed. */
export interface CheckpointView {
  exerciseId: string;
  /** ISO date. */
  createdAt: string;
  bytes: number;
}

export const toView = (r: LabRecord): LabView => ({ id: r.id, courseId: r.courseId, state: r.state });
