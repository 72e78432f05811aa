import type { Lang } from '../courses/course-registry.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassRepo } from '../store/class-repo.js';
import type { ClassService } from './class-service.js';
import type { ClassProgressPayload } from './class-types.js';

export interface ClassHubDeps {
  service: ClassService;
  classes: ClassRepo;
  members: ClassMemberRepo;
  lang: Lang;
  /** Sends to the trainers subscribed to the class (Socket.IO room `class:<id>`). */
  emit(classId: string, payload: ClassProgressPayload): void;
  /** Whether anyone watches the class's grid right now (no watcher, no work). */
  watched(classId: string): boolean;
}

/** Pushes a learner's fresh grid row to the trainers watching each of the learner's classes. */
export class ClassHub {
  constructor(private readonly d: ClassHubDeps) {}

  /** Something about the learner changed (a check, activity, their lab); `courseId` narrows the classes. */
  learnerChanged(userId: string, courseId?: string): void {
    for (const classId of this.d.members.classesOfLearner(userId)) this.push(classId, userId, courseId);
  }

  push(classId: string, userId: string, courseId?: string): void {
    if (!this.d.watched(classId)) return;
    const rec = this.d.classes.get(classId);
    if (!rec || (courseId && !rec.courseIds.includes(courseId))) return;
    const [row] = this.d.service.rows(rec, this.d.lang, userId);
    if (row) this.d.emit(classId, { classId, learner: row });
  }

  removed(classId: string, userId: string): void {
    if (this.d.watched(classId)) this.d.emit(classId, { classId, removed: userId });
  }
}
