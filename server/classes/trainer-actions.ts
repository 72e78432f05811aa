import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { CourseRegistry } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import type { CheckpointView, LabService, LabView } from '../labs/lab-service.js';
import { fallbackLogger } from '../observability/logger.js';
import type { AccountRepo } from '../store/account-repo.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassProgressRepo } from '../store/class-progress-repo.js';
import type { ClassRecord, ClassRepo } from '../store/class-repo.js';
import type { LabsRepo } from '../store/labs-repo.js';
import type { ProgressRepo } from '../store/progress-repo.js';
import type { User, UsersRepo } from '../store/users-repo.js';
import type { ActivityTracker } from './activity-tracker.js';
import type { ClassHub } from './class-hub.js';
import type { MessagePayload } from './class-types.js';

/** How the actions reach people; the realtime layer implements it. */
export interface LearnerChannel {
  message(userId: string, payload: MessagePayload): void;
  /** Ends the user's open connections (their account is gone). */
  disconnect(userId: string): void;
}

export interface TrainerActionDeps {
  channel: LearnerChannel;
  labs: LabService;
  labsRepo: LabsRepo;
  users: UsersRepo;
  accounts: AccountRepo;
  classes: ClassRepo;
  members: ClassMemberRepo;
  facts: ClassProgressRepo;
  activity: ActivityTracker;
  hub: ClassHub;
  /** For « every learner behind exercise N » (bring-to); absent: no one counts as behind. */
  progress?: Pick<ProgressRepo, 'completedIn'>;
  registry?: Pick<CourseRegistry, 'exerciseIds'>;
  logger?: Pick<Logger, 'warn'>;
}

/** What a trainer brings learners to: a catch-up to the start of an exercise, or their last checkpoint before it. */
export interface BringTo {
  courseId: string;
  exerciseId: string;
  mode: 'catch-up' | 'restore';
  /** The trainer's words to each learner ('' for none). */
  text: string;
  /** These learners; absent: every learner of the class behind `exerciseId`. */
  learners?: string[];
}

export interface BringToPlan {
  queued: string[];
  skipped: { userId: string; reason: 'not-a-learner' | 'not-behind' | 'no-checkpoint' }[];
  /** Settles when every queued learner's lab is done (each failure logged, none thrown). */
  done: Promise<void>;
}

type MessageKind = 'lab-reset' | 'lab-catch-up' | 'lab-restore';

/** Catch-ups and restores of a bring-to that run at once (each runs solutions or replaces machines). */
const BRING_TO_WIDTH = 2;

/** What trainers and admins do to other people's labs and accounts; callers checked who may do it. */
export class TrainerActions {
  constructor(private readonly d: TrainerActionDeps) {}

  /** A fresh container for the learner's lab of a course; their progress goes too if asked. */
  async resetLearnerLab(
    learnerId: string,
    courseId: string,
    clearProgress: boolean,
    by: User,
  ): Promise<LabView> {
    const lab = this.d.labsRepo.listByUser(learnerId).find((l) => l.courseId === courseId);
    if (!lab) throw new AppError('unknown-lab', 'Cet apprenant n’a pas encore de lab pour ce cours.');
    this.d.activity.forget(lab.id);
    if (clearProgress) this.d.facts.clearCourse(learnerId, courseId);
    const view = await this.d.labs.reset(learnerId, lab.id);
    this.tell(learnerId, { kind: 'lab-reset', courseId, text: '' }, by);
    this.d.hub.learnerChanged(learnerId, courseId);
    return view;
  }

  /** The learner's lab of a course at « start of `exerciseId` » (made if they have none); they are told. */
  async catchUpLearner(
    learnerId: string,
    courseId: string,
    exerciseId: string,
    text: string,
    by: User,
    cls?: ClassRecord,
  ): Promise<LabView> {
    const lab = this.labOf(learnerId, courseId);
    if (lab) this.d.activity.forget(lab.id);
    const view = await this.d.labs.catchUp(learnerId, courseId, exerciseId, { byLearner: false });
    this.tell(learnerId, { kind: 'lab-catch-up', courseId, exerciseId, text }, by, cls);
    this.d.hub.learnerChanged(learnerId, courseId);
    return view;
  }

  /** The learner's lab of a course as it was when `exerciseId` passed; they are told. */
  async restoreLearner(
    learnerId: string,
    courseId: string,
    exerciseId: string,
    text: string,
    by: User,
    cls?: ClassRecord,
  ): Promise<LabView> {
    const lab = this.labOf(learnerId, courseId);
    if (!lab) throw new AppError('unknown-lab', 'Cet apprenant n’a pas encore de lab pour ce cours.');
    this.d.activity.forget(lab.id);
    const view = await this.d.labs.restore(learnerId, lab.id, exerciseId);
    this.tell(learnerId, { kind: 'lab-restore', courseId, exerciseId, text }, by, cls);
    this.d.hub.learnerChanged(learnerId, courseId);
    return view;
  }

  /** The checkpoints of the learner's lab of a course (none without a lab). */
  async learnerCheckpoints(learnerId: string, courseId: string): Promise<CheckpointView[]> {
    const lab = this.labOf(learnerId, courseId);
    return lab ? this.d.labs.checkpointsOf(lab.id) : [];
  }

  /**
   * Several learners of a class brought to exercise N in the background, two at a time (the caller
   * answers at once with who is queued and who is skipped, and why). Restore: each learner's newest
   * checkpoint of an exercise before N. The caller checked the course and exercise belong to the class.
   */
  async bringTo(cls: ClassRecord, o: BringTo, by: User): Promise<BringToPlan> {
    const learners = new Set(this.d.members.list(cls.id, 'learner').map((m) => m.userId));
    const skipped: BringToPlan['skipped'] = [];
    const jobs: { userId: string; exerciseId: string }[] = [];
    const ids = this.d.registry?.exerciseIds(o.courseId) ?? [];
    const n = ids.indexOf(o.exerciseId);
    const candidates = o.learners ?? [...learners].filter((u) => this.behind(u, o.courseId, ids, n));
    if (!o.learners)
      for (const u of learners)
        if (!candidates.includes(u)) skipped.push({ userId: u, reason: 'not-behind' });
    for (const userId of new Set(candidates)) {
      if (!learners.has(userId)) {
        skipped.push({ userId, reason: 'not-a-learner' });
        continue;
      }
      if (o.mode === 'catch-up') {
        jobs.push({ userId, exerciseId: o.exerciseId });
        continue;
      }
      const before = (await this.learnerCheckpoints(userId, o.courseId)).filter((c) => {
        const i = ids.indexOf(c.exerciseId);
        return i >= 0 && i < n;
      });
      const newest = before.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
      if (newest) jobs.push({ userId, exerciseId: newest.exerciseId });
      else skipped.push({ userId, reason: 'no-checkpoint' });
    }
    const one = ({ userId, exerciseId }: { userId: string; exerciseId: string }) =>
      (o.mode === 'catch-up'
        ? this.catchUpLearner(userId, o.courseId, exerciseId, o.text, by, cls)
        : this.restoreLearner(userId, o.courseId, exerciseId, o.text, by, cls)
      ).then(
        () => undefined,
        (err: unknown) =>
          (this.d.logger ?? fallbackLogger).warn(
            { err, userId, courseId: o.courseId, exerciseId },
            `bring-to (${o.mode}) failed: ${(err as Error).message}`,
          ),
      );
    const queue = [...jobs];
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await one(job);
    };
    const done = Promise.all(Array.from({ length: BRING_TO_WIDTH }, worker)).then(() => undefined);
    return { queued: jobs.map((j) => j.userId), skipped, done };
  }

  /** Behind exercise `n` of the course: no lab or no progress yet, or a first unfinished exercise before it. */
  private behind(userId: string, courseId: string, ids: string[], n: number): boolean {
    if (!this.labOf(userId, courseId)) return true;
    const done = this.d.progress?.completedIn(userId, courseId) ?? new Set<string>();
    if (done.size === 0) return true;
    const first = ids.findIndex((e) => !done.has(e));
    return first >= 0 && first < n;
  }

  private labOf(userId: string, courseId: string) {
    return this.d.labsRepo.listByUser(userId).find((l) => l.courseId === courseId);
  }

  /** A toast for the learner about what a trainer did to their lab (`text`: the trainer's own words). */
  private tell(
    learnerId: string,
    m: { kind: MessageKind; courseId: string; exerciseId?: string; text: string },
    by: User,
    cls?: ClassRecord,
  ): void {
    const of =
      cls ??
      this.d.classes
        .list({ userId: learnerId, role: 'learner' })
        .find((c) => c.courseIds.includes(m.courseId));
    this.d.channel.message(learnerId, {
      id: randomBytes(6).toString('hex'),
      kind: m.kind,
      ...(m.exerciseId ? { exerciseId: m.exerciseId } : {}),
      classId: of?.id ?? '',
      className: of?.name ?? '',
      from: this.d.accounts.get(by.id)?.displayName ?? by.username,
      text: m.text,
      courseId: m.courseId,
      at: new Date().toISOString(),
    });
  }

  /** Containers first (each removal closes the lab's shells), then the row: the cascade drops the rest. */
  async deleteUser(userId: string): Promise<void> {
    for (const lab of this.d.labsRepo.listByUser(userId)) {
      this.d.activity.forget(lab.id);
      await this.d.labs.remove(userId, lab.id);
    }
    const classIds = this.d.members.classesOfLearner(userId);
    this.d.users.delete(userId);
    this.d.channel.disconnect(userId);
    for (const c of classIds) this.d.hub.removed(c, userId);
  }
}
