import type { Lang } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import { DEMAND_MAX_PER_COURSE } from '../labs/pool-demand.js';
import type { ClassRecord } from '../store/class-repo.js';
import type { ClassSessionRepo, SessionRecord } from '../store/class-session-repo.js';
import { capacityNote, peakLoad } from './session-capacity.js';
import type { SessionView } from './class-types.js';
import { addDays, endOfDay, isCalendarDate, zonedToUtc } from './zoned-time.js';

export interface ClassSessionsDeps {
  sessions: ClassSessionRepo;
  /** Machines of a course's lab (each one counts on the host cap); 1 when unknown. */
  machinesOf(courseId: string): number;
  /** The warm pool grows this long before a session starts. */
  leadMs: number;
  /** The admission cap on lab machines (ATELIER_MAX_LABS); 0 = none. */
  maxLabs: number;
  /** The platform's zone for classes without one (config `timeZone`). */
  defaultTimeZone: string;
  /** A course's warm pool now (the lifecycle's stats); undefined when it has none. */
  poolOf(courseId: string): { ready: number; preparing: number; target: number } | undefined;
  /** The timetable moved: the pools re-size. */
  demandChanged(): void;
}

export interface SessionInput {
  courseId: string;
  date: string;
  start: string;
  end: string;
  expected: number;
  /** Consecutive days, one session each (default 1). */
  repeatDays?: number;
}

export type SessionPatch = Partial<Pick<SessionInput, 'date' | 'start' | 'end' | 'expected'>>;

const unknownSession = () => new AppError('unknown-session', 'Session introuvable.');
const badField = (field: string, message: string) =>
  new AppError('invalid-request', `${field}: ${message}`, { [field]: 'invalid' });

/**
 * A class's timetable: sessions in the class's time zone, what each wants from the warm pool (the
 * `timetable` source of PoolDemand), whether the host can hold them, and when joining closes by itself.
 * Callers check that the user teaches the class; `now` is a parameter so tests move time.
 */
export class ClassSessions {
  constructor(readonly d: ClassSessionsDeps) {}

  zoneOf(cls: Pick<ClassRecord, 'timeZone'>): string {
    return cls.timeZone ?? this.d.defaultTimeZone;
  }

  /** The end of `endsOn` on the class's clocks, else the end of its last session; null: never. */
  closesAt(cls: ClassRecord): number | null {
    if (cls.endsOn) return endOfDay(cls.endsOn, this.zoneOf(cls));
    return this.d.sessions.lastEnd(cls.id);
  }

  list(cls: ClassRecord, lang: Lang, now = Date.now()): SessionView[] {
    return this.d.sessions.ofClass(cls.id).map((s) => this.view(s, lang, now));
  }

  create(cls: ClassRecord, input: SessionInput, lang: Lang, now = Date.now()): SessionView[] {
    if (!cls.courseIds.includes(input.courseId))
      throw badField('courseId', `ce cours ne fait pas partie de la classe (${input.courseId})`);
    const days = input.repeatDays ?? 1;
    const rows = Array.from({ length: days }, (_, i) =>
      this.timed(cls, { ...input, classId: cls.id, day: addDays(input.date, i) }),
    );
    const created = this.d.sessions.create(rows, now);
    this.d.demandChanged();
    return created.map((s) => this.view(s, lang, now));
  }

  update(cls: ClassRecord, id: string, patch: SessionPatch, lang: Lang, now = Date.now()): SessionView {
    const s = this.get(cls, id);
    const next = this.timed(cls, {
      ...s,
      day: patch.date ?? s.day,
      start: patch.start ?? s.start,
      end: patch.end ?? s.end,
      expected: patch.expected ?? s.expected,
    });
    this.d.sessions.update({ ...s, ...next });
    this.d.demandChanged();
    return this.view({ ...s, ...next }, lang, now);
  }

  remove(cls: ClassRecord, id: string): void {
    this.d.sessions.delete(this.get(cls, id).id);
    this.d.demandChanged();
  }

  /** The class's zone changed: its sessions keep their wall-clock times, so their instants move. */
  rezone(cls: ClassRecord): void {
    for (const s of this.d.sessions.ofClass(cls.id)) this.d.sessions.update({ ...s, ...this.timed(cls, s) });
    this.d.demandChanged();
  }

  /**
   * Per course, the learners the sessions warming or running at `now` still expect: each session's
   * `expected` minus its class's learners who already have a lab for the course (never below 0);
   * sessions of the same course add up.
   */
  timetable(now = Date.now()): Map<string, number> {
    const out = new Map<string, number>();
    for (const s of this.d.sessions.active(now, this.d.leadMs)) {
      const want = Math.max(0, s.expected - s.started);
      if (want > 0) out.set(s.courseId, (out.get(s.courseId) ?? 0) + want);
    }
    return out;
  }

  view(s: SessionRecord, lang: Lang, now = Date.now()): SessionView {
    const state =
      now < s.startsAt - this.d.leadMs
        ? 'upcoming'
        : now < s.startsAt
          ? 'warming'
          : now < s.endsAt
            ? 'running'
            : 'over';
    const pool = state === 'warming' || state === 'running' ? this.d.poolOf(s.courseId) : undefined;
    const weight = Math.max(1, this.d.machinesOf(s.courseId));
    const others = this.d.sessions
      .overlapping(s.startsAt - this.d.leadMs, s.endsAt, this.d.leadMs)
      .filter((o) => o.id !== s.id);
    const busy = peakLoad(
      { from: s.startsAt - this.d.leadMs, to: s.endsAt },
      others.map((o) => ({
        from: o.startsAt - this.d.leadMs,
        to: o.endsAt,
        machines: o.expected * Math.max(1, this.d.machinesOf(o.courseId)),
      })),
    );
    const { maxLabs } = this.d;
    const hostCanHold = maxLabs > 0 ? Math.max(0, Math.floor((maxLabs - busy) / weight)) : s.expected;
    const fits = hostCanHold >= s.expected;
    const note = capacityNote(lang, {
      expected: s.expected,
      hostCanHold,
      maxLabs,
      busy,
      weight,
      warmMax: DEMAND_MAX_PER_COURSE,
    });
    return {
      id: s.id,
      courseId: s.courseId,
      date: s.day,
      start: s.start,
      end: s.end,
      expected: s.expected,
      startsAt: new Date(s.startsAt).toISOString(),
      endsAt: new Date(s.endsAt).toISOString(),
      state,
      pool: pool ? { ready: pool.ready, preparing: pool.preparing, target: pool.target } : null,
      hostCanHold,
      fits,
      ...(note ? { capacityNote: note } : {}),
    };
  }

  private get(cls: ClassRecord, id: string): SessionRecord {
    const s = this.d.sessions.get(id);
    if (!s || s.classId !== cls.id) throw unknownSession();
    return s;
  }

  /** Checks the day and times and computes the UTC bounds on the class's clocks. */
  private timed<T extends { day: string; start: string; end: string }>(
    cls: ClassRecord,
    s: T,
  ): T & { startsAt: number; endsAt: number } {
    if (!isCalendarDate(s.day)) throw badField('date', 'date inconnue');
    if (s.end <= s.start) throw badField('end', 'la fin doit suivre le début');
    const zone = this.zoneOf(cls);
    return { ...s, startsAt: zonedToUtc(s.day, s.start, zone), endsAt: zonedToUtc(s.day, s.end, zone) };
  }
}
