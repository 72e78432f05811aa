import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { LabService, LabView } from '../labs/lab-service.js';
import type { AccountRepo } from '../store/account-repo.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassProgressRepo } from '../store/class-progress-repo.js';
import type { ClassRepo } from '../store/class-repo.js';
import type { LabsRepo } from '../store/labs-repo.js';
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
}

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
    const cls = this.d.classes
      .list({ userId: learnerId, role: 'learner' })
      .find((c) => c.courseIds.includes(courseId));
    this.d.channel.message(learnerId, {
      id: randomBytes(6).toString('hex'),
      kind: 'lab-reset',
      classId: cls?.id ?? '',
      className: cls?.name ?? '',
      from: this.d.accounts.get(by.id)?.displayName ?? by.username,
      text: '',
      courseId,
      at: new Date().toISOString(),
    });
    this.d.hub.learnerChanged(learnerId, courseId);
    return view;
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
