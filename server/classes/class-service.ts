import { isAdmin, isTrainer } from '../auth/roles.js';
import type { CourseRegistry, Lang } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import type { ClassMemberRepo, Member } from '../store/class-member-repo.js';
import type { ClassProgressRepo } from '../store/class-progress-repo.js';
import type { ClassPatch, ClassRecord, ClassRepo, NewClass } from '../store/class-repo.js';
import type { User, UsersRepo } from '../store/users-repo.js';
import { buildRows } from './class-grid.js';
import type { ClassSessions } from './class-sessions.js';
import type { ClassGrid, ClassView, GridColumn, LearnerRow, MyClass } from './class-types.js';
import { allocateJoinCode, codeWord } from './join-code.js';
import type { LearnerPair } from './class-pairs.js';
import { workshopFields } from './workshop-view.js';

export interface ClassServiceDeps {
  classes: ClassRepo;
  members: ClassMemberRepo;
  facts: ClassProgressRepo;
  registry: CourseRegistry;
  /** Accounts, to add a co-trainer by username. */
  users: Pick<UsersRepo, 'findByUsername'>;
  /** The timetable: the class's zone, when joining closes. */
  sessions: ClassSessions;
  stuckAfterMs: number;
  activeWindowMs: number;
  /** The class's pairs by learner (the rows' `pair`); default: none. */
  pairsOf?: (classId: string) => Map<string, LearnerPair>;
}

const unknownClass = () => new AppError('unknown-class', 'Classe introuvable.');

/**
 * Classes as trainers see them. Every method that takes a `user` checks that the user teaches the class
 * (admins teach every class); another trainer's class answers 404 `unknown-class`, like a missing one.
 */
export class ClassService {
  constructor(readonly d: ClassServiceDeps) {}

  create(user: User, input: NewClass): ClassView {
    this.assertCourses(input.courseIds);
    const word = codeWord(input.name, input.courseIds[0]);
    let created: ClassRecord | undefined;
    allocateJoinCode(word, (code) => !!(created = this.d.classes.create(input, code, user.id)));
    return this.view(created!);
  }

  list(user: User, includeArchived = false): ClassView[] {
    const all = isAdmin(user)
      ? this.d.classes.list()
      : this.d.classes.list({ userId: user.id, role: 'trainer' });
    return all.filter((c) => includeArchived || !c.archivedAt).map((c) => this.view(c));
  }

  /** The class if `user` teaches it (a trainer member, or an admin); 404 otherwise. */
  taught(user: User, classId: string): ClassRecord {
    const rec = this.d.classes.get(classId);
    if (!rec || !isTrainer(user)) throw unknownClass();
    if (!isAdmin(user) && this.d.members.roleIn(classId, user.id) !== 'trainer') throw unknownClass();
    return rec;
  }

  /** A learner of a class the user teaches; 404 `unknown-learner` for anyone else. */
  learnerOf(user: User, classId: string, learnerId: string): { cls: ClassRecord; learner: Member } {
    const cls = this.taught(user, classId);
    const learner = this.d.members.get(classId, learnerId);
    if (!learner || learner.role !== 'learner')
      throw new AppError('unknown-learner', 'Apprenant introuvable dans cette classe.');
    return { cls, learner };
  }

  update(user: User, classId: string, patch: ClassPatch): ClassView {
    const before = this.taught(user, classId);
    if (patch.courseIds) this.assertCourses(patch.courseIds);
    this.d.classes.update(classId, patch);
    const after = this.d.classes.get(classId)!;
    if (after.timeZone !== before.timeZone) this.d.sessions.rezone(after);
    return this.view(after);
  }

  /**
   * Adds a co-trainer by username: a trainer or admin account, which then sees and acts on the class like
   * its creator. 404 unknown-user; 400 not-a-trainer for a learner account or a learner of this class.
   */
  addTrainer(user: User, classId: string, username: string): ClassView {
    const rec = this.taught(user, classId);
    const account = this.d.users.findByUsername(username);
    if (!account) throw new AppError('unknown-user', 'Aucun compte ne porte ce nom d’utilisateur.');
    if (!isTrainer(account) || this.d.members.roleIn(classId, account.id) === 'learner')
      throw new AppError(
        'not-a-trainer',
        `${account.username} n’est pas un compte formateur : un administrateur doit d’abord lui donner ce rôle.`,
      );
    this.d.members.addTrainer(classId, account.id);
    return this.view(rec);
  }

  /** Removes a co-trainer (404 for someone who is not one); 409 last-trainer for the class's last one. */
  removeTrainer(user: User, classId: string, trainerId: string): ClassView {
    const rec = this.taught(user, classId);
    const res = this.d.members.removeTrainer(classId, trainerId);
    if (res === 'not-a-trainer') throw new AppError('unknown-user', 'Ce compte ne forme pas cette classe.');
    if (res === 'last-trainer')
      throw new AppError(
        'last-trainer',
        'Une classe garde au moins un formateur : ajoutez-en un autre d’abord.',
      );
    return this.view(rec);
  }

  regenerateCode(user: User, classId: string): ClassView {
    const rec = this.taught(user, classId);
    allocateJoinCode(codeWord(rec.name, rec.courseIds[0]), (code) => this.d.classes.setCode(classId, code));
    return this.view(this.d.classes.get(classId)!);
  }

  view(rec: ClassRecord): ClassView {
    const trainers = this.d.members.list(rec.id, 'trainer');
    const closesAt = this.d.sessions.closesAt(rec);
    return {
      id: rec.id,
      name: rec.name,
      joinCode: rec.joinCode,
      joiningOpen: rec.joiningOpen,
      startsOn: rec.startsOn,
      endsOn: rec.endsOn,
      capacity: rec.capacity,
      archived: rec.archivedAt !== null,
      courseIds: rec.courseIds,
      learnerCount: this.d.members.countLearners(rec.id),
      trainers: trainers.map((m) => m.displayName),
      trainerAccounts: trainers.map(({ userId, username, displayName }) => ({
        userId,
        username,
        displayName,
      })),
      timeZone: this.d.sessions.zoneOf(rec),
      learnerCatchUp: rec.learnerCatchUp,
      learnerPairing: rec.learnerPairing,
      joiningClosesAt: closesAt === null ? null : new Date(closesAt).toISOString(),
      createdAt: new Date(rec.createdAt).toISOString(),
      ...workshopFields(rec, this.d.members.countLearners(rec.id)),
    };
  }

  columns(rec: ClassRecord, lang: Lang): GridColumn[] {
    return rec.courseIds.flatMap((courseId) => {
      const course = this.d.registry.list(lang).find((c) => c.id === courseId);
      if (!course) return [];
      return course.exercises.map((e) => ({
        courseId,
        courseTitle: course.title,
        exerciseId: e.id,
        title: e.title,
      }));
    });
  }

  grid(user: User, classId: string, lang: Lang, now = Date.now()): ClassGrid {
    const rec = this.taught(user, classId);
    return {
      class: this.view(rec),
      columns: this.columns(rec, lang),
      learners: this.rows(rec, lang, undefined, now),
      stuckAfterMs: this.d.stuckAfterMs,
      activeWindowMs: this.d.activeWindowMs,
      generatedAt: new Date(now).toISOString(),
    };
  }

  /** Rows of the class's learners (or of one), without an authorization check: callers did it. */
  rows(rec: ClassRecord, lang: Lang, userId?: string, now = Date.now()): LearnerRow[] {
    const learners = this.d.members.list(rec.id, 'learner').filter((m) => !userId || m.userId === userId);
    return buildRows({
      columns: this.columns(rec, lang),
      learners,
      progress: this.d.facts.progress(rec.id, userId),
      times: this.d.facts.times(rec.id, userId),
      labs: this.d.facts.labs(rec.id, userId),
      now,
      stuckAfterMs: this.d.stuckAfterMs,
      activeWindowMs: this.d.activeWindowMs,
      pairs: this.d.pairsOf?.(rec.id),
    });
  }

  /** The (non-archived) classes the user learns in, with their courses. */
  mine(user: User, lang: Lang): MyClass[] {
    const courses = this.d.registry.list(lang);
    return this.d.classes
      .list({ userId: user.id, role: 'learner' })
      .filter((c) => !c.archivedAt)
      .map((c) => ({
        id: c.id,
        name: c.name,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        trainers: this.d.members.list(c.id, 'trainer').map((m) => m.displayName),
        courses: c.courseIds.flatMap((id) => {
          const course = courses.find((x) => x.id === id);
          return course ? [{ id, title: course.title }] : [];
        }),
      }));
  }

  private assertCourses(courseIds: string[]): void {
    const unknown = courseIds.filter((c) => !this.d.registry.has(c));
    // A bad field of the request body (invalid-request, 400), not a missing resource.
    if (unknown.length)
      throw new AppError('invalid-request', `Cours inconnu : ${unknown.join(', ')}`, {
        id: unknown.join(', '),
      });
  }
}
