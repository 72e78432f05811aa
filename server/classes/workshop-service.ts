import type { CourseRegistry, Lang } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassRecord, ClassRepo } from '../store/class-repo.js';
import type { User } from '../store/users-repo.js';
import type { VisitorRepo } from '../store/visitor-repo.js';
import type { ClassService } from './class-service.js';
import type { ClassSessions } from './class-sessions.js';
import type { ClassView } from './class-types.js';
import { normalizeJoinCode } from './join-code.js';
import { hostCanHoldWorkshop } from './workshop-capacity.js';
import { workshopState, type WorkshopState } from './workshop-state.js';
import { isCalendarDate, zonedToUtc } from './zoned-time.js';

export const DEFAULT_GRACE_MIN = 15;

export interface NewWorkshop {
  name: string;
  courseIds: string[];
  /** `YYYY-MM-DD`, `HH:MM`, `HH:MM` on the workshop's clocks (its zone, else the platform's). */
  date: string;
  start: string;
  end: string;
  seats: number;
  graceMin?: number;
  timeZone?: string | null;
}

export interface WorkshopServiceDeps {
  classes: ClassRepo;
  members: ClassMemberRepo;
  service: ClassService;
  sessions: ClassSessions;
  visitors: VisitorRepo;
  registry: CourseRegistry;
  /** A learner took a seat: the grid gains a row, the warm pool re-sizes. */
  onJoined(classId: string, userId: string): void;
}

/** What the workshop link's page shows, to anyone who has the link. */
export interface WorkshopPreview {
  name: string;
  courses: { id: string; title: string }[];
  opensAt: string;
  closesAt: string;
  /** When the visitors' labs and records are deleted: the end of the window plus the grace. */
  deletesAt: string;
  timeZone: string;
  seats: number;
  seatsTaken: number;
  state: WorkshopState;
  /** The viewer already has a seat: a visitor of it, or an account that joined it. */
  joined: boolean;
}

export interface WorkshopEntry {
  user: User;
  classId: string;
  courseId: string;
  /** A new visitor's session (the cookie to set) and when it ends; absent for an account. */
  session?: { id: string; expiresAt: number };
}

const badField = (field: string, message: string) =>
  new AppError('invalid-request', `${field}: ${message}`, { [field]: 'invalid' });
const unknownCode = () => new AppError('unknown-code', 'Ce lien ne correspond à aucun atelier.');

/**
 * Workshops: a class of kind `workshop` with a window, seats and a grace, where visitors enter without an
 * account. Creating one also plans a session over the window so the warm pool prepares labs ahead.
 */
export class WorkshopService {
  constructor(private readonly d: WorkshopServiceDeps) {}

  create(user: User, input: NewWorkshop, lang: Lang, now = Date.now()): ClassView {
    const zone = this.d.sessions.zoneOf({ timeZone: input.timeZone ?? null });
    if (!isCalendarDate(input.date)) throw badField('date', 'date inconnue');
    if (input.end <= input.start) throw badField('end', 'la fin doit suivre le début');
    const opensAt = zonedToUtc(input.date, input.start, zone);
    const closesAt = zonedToUtc(input.date, input.end, zone);
    if (closesAt <= now) throw badField('end', 'cet horaire est déjà passé');
    const canHold = hostCanHoldWorkshop(this.d.sessions, input.courseIds, opensAt, closesAt);
    if (canHold < input.seats)
      throw new AppError(
        'workshop-too-big',
        `Ce serveur ne peut pas tenir ${input.seats} places à cet horaire (au plus ${canHold}).`,
        { max: canHold },
      );
    const view = this.d.service.create(user, {
      name: input.name,
      courseIds: input.courseIds,
      capacity: input.seats,
      timeZone: input.timeZone ?? null,
      startsOn: input.date,
      kind: 'workshop',
      opensAt,
      closesAt,
      graceMin: input.graceMin ?? DEFAULT_GRACE_MIN,
    });
    const cls = this.d.classes.get(view.id)!;
    const [courseId] = input.courseIds;
    this.d.sessions.create(
      cls,
      { courseId: courseId!, date: input.date, start: input.start, end: input.end, expected: input.seats },
      lang,
      now,
    );
    return this.d.service.view(this.d.classes.get(view.id)!);
  }

  /** The workshop behind a link's code; undefined for a class's code or an unknown one. */
  find(code: string): ClassRecord | undefined {
    const canonical = normalizeJoinCode(code);
    const c = canonical ? this.d.classes.byCode(canonical) : undefined;
    return c?.kind === 'workshop' ? c : undefined;
  }

  preview(code: string, viewer: User | undefined, lang: Lang, now = Date.now()): WorkshopPreview {
    const c = this.find(code);
    if (!c) throw unknownCode();
    const courses = this.d.registry.list(lang);
    return {
      name: c.name,
      courses: c.courseIds.flatMap((id) => {
        const found = courses.find((x) => x.id === id);
        return found ? [{ id, title: found.title }] : [];
      }),
      opensAt: new Date(c.opensAt ?? c.createdAt).toISOString(),
      closesAt: new Date(c.closesAt ?? c.createdAt).toISOString(),
      deletesAt: new Date((c.closesAt ?? c.createdAt) + (c.graceMin ?? 0) * 60_000).toISOString(),
      timeZone: this.d.sessions.zoneOf(c),
      seats: c.capacity ?? 0,
      seatsTaken: this.d.visitors.seatsTaken(c.id),
      state: this.state(c, now),
      joined: !!viewer && this.d.members.roleIn(c.id, viewer.id) === 'learner',
    };
  }

  state(c: ClassRecord, now = Date.now()): WorkshopState {
    return workshopState(c, this.d.visitors.seatsTaken(c.id), now);
  }

  /**
   * Takes a seat. A visitor of this workshop comes back to it; an account (not a visitor) joins as a
   * learner and keeps its records; anyone else gets a new visitor account named `firstName` or
   * `fallbackName(n)`. Refused with workshop-not-open, workshop-ended or workshop-full.
   */
  enter(
    code: string,
    viewer: User | undefined,
    firstName: string | undefined,
    fallbackName: (n: number) => string,
    now = Date.now(),
  ): WorkshopEntry {
    const c = this.find(code);
    if (!c) throw unknownCode();
    const courseId = c.courseIds[0]!;
    const visiting = viewer && this.d.visitors.workshopOf(viewer.id);
    if (viewer && (visiting === c.id || (!visiting && this.d.members.roleIn(c.id, viewer.id))))
      return { user: viewer, classId: c.id, courseId };
    this.assertOpen(c, now);
    if (viewer && !visiting) {
      if (this.d.members.addLearner(c.id, viewer.id, c.capacity, now) === 'class-full') throw full(c);
      this.d.onJoined(c.id, viewer.id);
      return { user: viewer, classId: c.id, courseId };
    }
    const expiresAt = (c.closesAt ?? now) + (c.graceMin ?? 0) * 60_000;
    const name = firstName || fallbackName(this.d.visitors.seatsTaken(c.id) + 1);
    const made = this.d.visitors.create(c.id, name, c.capacity ?? 0, expiresAt, now);
    if (made === 'full') throw full(c);
    this.d.onJoined(c.id, made.user.id);
    return { user: made.user, classId: c.id, courseId, session: { id: made.sessionId, expiresAt } };
  }

  private assertOpen(c: ClassRecord, now: number): void {
    const state = this.state(c, now);
    if (state === 'not-open')
      throw new AppError('workshop-not-open', 'L’atelier n’a pas encore commencé.', {
        opensAt: new Date(c.opensAt!).toISOString(),
      });
    if (state === 'ended') throw new AppError('workshop-ended', 'Cet atelier est terminé.');
    if (state === 'full') throw full(c);
  }
}

const full = (c: ClassRecord) =>
  new AppError('workshop-full', 'Toutes les places de cet atelier sont prises.', { max: c.capacity ?? 0 });
