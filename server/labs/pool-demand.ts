/** A learner who joined a class, with that class's courses in the trainer's order. */
export interface RecentJoin {
  userId: string;
  courseIds: string[];
}

/** What the platform already knows, read through narrow functions (the store in production, fakes in tests). */
export interface PoolDemandSources {
  /** Learners who joined a class (not archived) at or after `since`. */
  recentJoins(since: number): RecentJoin[];
  /** Every lab, whatever its state: a learner with a lab for a course is no longer about to start it. */
  labs(): { userId: string; courseId: string }[];
  /**
   * The trainer's timetable (server/classes/class-sessions.ts): per course, how many learners the sessions
   * warming or running expect and who have no lab yet. When given, a course's demand is at least that.
   */
  timetable?: (now: number) => Map<string, number>;
}

/** One course's demand and where it comes from (the admin overview shows the parts). */
export interface CourseDemand {
  /** Learners about to start: the largest of the signals below (they mostly count the same people). */
  demand: number;
  /** Recent class members with no lab for any of their class's courses, counted on the class's first course. */
  joined: number;
  /** Learners on the course page with no lab for it (joined ones are counted once in `joined ∪ viewing`). */
  viewing: number;
  /** Learners expected behind the recent starts (see STARTS_AHEAD_MAX). */
  starting: number;
  scheduled: number;
}

/**
 * A class day: a learner who joined this morning may start at any time until the evening, so they count
 * for 12 h; one who joined yesterday and never started is not coming now (the timetable will say when).
 */
export const JOIN_WINDOW_MS = 12 * 3_600_000;
/** The course page does not ping: a viewer counts for 5 min after loading it (the start button is near). */
export const VIEW_TTL_MS = 5 * 60_000;
/** Starts of the last 5 min: a group arriving together, with stragglers behind it. */
export const START_WINDOW_MS = 5 * 60_000;
/**
 * Each recent start suggests one more learner of the same group, up to 4: enough for the stragglers of a
 * class and for learners at home, small enough that a rush already served does not rebuild a whole pool
 * behind itself (refills competing with the learners who just started).
 */
export const STARTS_AHEAD_MAX = 4;

/**
 * How many learners are about to start each course: recent class members who have no lab yet, learners
 * on a course page without a lab for it, and the recent start rate. Pure and in memory; `now` is always
 * a parameter so tests move time instead of waiting.
 */
export class PoolDemand {
  /** courseId → userId → when the course page was last loaded. */
  private readonly viewers = new Map<string, Map<string, number>>();
  /** courseId → times of the recent fresh starts, oldest first. */
  private readonly starts = new Map<string, number[]>();

  constructor(private readonly sources: PoolDemandSources) {}

  /** The class feature is built after the labs: it plugs its timetable in once it exists. */
  setTimetable(timetable: (now: number) => Map<string, number>): void {
    this.sources.timetable = timetable;
  }

  /** A learner loaded a course page; true when they were not counted as viewing it already. */
  noteViewer(userId: string, courseId: string, now = Date.now()): boolean {
    const byUser = this.viewers.get(courseId) ?? new Map<string, number>();
    this.viewers.set(courseId, byUser);
    const fresh = (byUser.get(userId) ?? -Infinity) <= now - VIEW_TTL_MS;
    byUser.set(userId, now);
    return fresh;
  }

  /** A new lab of the course was started (from the pool or cold). */
  noteStart(courseId: string, now = Date.now()): void {
    this.starts.set(courseId, [...this.recentStarts(courseId, now), now]);
  }

  demand(courseId: string, now = Date.now()): number {
    return this.snapshot(now).get(courseId)?.demand ?? 0;
  }

  /** Every course with some demand (one read of the sources); a course absent has none. */
  snapshot(now = Date.now()): Map<string, CourseDemand> {
    const hasLab = new Set(this.sources.labs().map((l) => key(l.userId, l.courseId)));
    const joined = this.joiners(now, hasLab);
    const viewing = this.viewing(now, hasLab);
    const scheduled = this.sources.timetable?.(now) ?? new Map<string, number>();
    const courses = new Set([
      ...joined.keys(),
      ...viewing.keys(),
      ...this.starts.keys(),
      ...scheduled.keys(),
    ]);
    const out = new Map<string, CourseDemand>();
    for (const courseId of courses) {
      const j = joined.get(courseId) ?? new Set<string>();
      const v = viewing.get(courseId) ?? new Set<string>();
      const parts = {
        joined: j.size,
        viewing: v.size,
        starting: Math.min(STARTS_AHEAD_MAX, this.recentStarts(courseId, now).length),
        scheduled: scheduled.get(courseId) ?? 0,
      };
      const known = new Set([...j, ...v]).size;
      const demand = Math.max(known, parts.starting, parts.scheduled);
      if (demand > 0) out.set(courseId, { demand, ...parts });
    }
    return out;
  }

  /** courseId → members who joined recently and have no lab for any course of their class. */
  private joiners(now: number, hasLab: Set<string>): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const { userId, courseIds } of this.sources.recentJoins(now - JOIN_WINDOW_MS)) {
      const first = courseIds[0];
      if (!first || courseIds.some((c) => hasLab.has(key(userId, c)))) continue;
      out.set(first, (out.get(first) ?? new Set()).add(userId));
    }
    return out;
  }

  /** courseId → viewers of the last VIEW_TTL_MS without a lab for it; forgets the expired ones. */
  private viewing(now: number, hasLab: Set<string>): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const [courseId, byUser] of this.viewers) {
      for (const [userId, at] of byUser) if (at <= now - VIEW_TTL_MS) byUser.delete(userId);
      if (byUser.size === 0) this.viewers.delete(courseId);
      const users = [...byUser.keys()].filter((u) => !hasLab.has(key(u, courseId)));
      if (users.length) out.set(courseId, new Set(users));
    }
    return out;
  }

  private recentStarts(courseId: string, now: number): number[] {
    const recent = (this.starts.get(courseId) ?? []).filter((t) => t > now - START_WINDOW_MS);
    if (recent.length) this.starts.set(courseId, recent);
    else this.starts.delete(courseId);
    return recent;
  }
}

const key = (userId: string, courseId: string) => `${userId}\n${courseId}`;

/** One course's pool as the sizing sees it. `weight`: its machines (each a container with the lab limits). */
export interface PoolWish {
  courseId: string;
  floor: number;
  demand: number;
  weight: number;
}

/** A course's demand never holds more than this many containers (a 600-member typo must not fill the disk). */
export const DEMAND_MAX_PER_COURSE = 60;

/**
 * Pool sizes: each course keeps its floor (the operator's ATELIER_POOL_SIZE(S), whatever the room), then
 * grows toward its demand while the host has `room` machines left (the admission cap minus the running
 * labs' machines; undefined = no cap). Courses with the most demand are served first (ties by id), so the
 * share stays the same from one tick to the next when several want more than the room.
 */
export function sizePools(wishes: PoolWish[], room: number | undefined): Map<string, number> {
  let left = room === undefined ? Infinity : room - wishes.reduce((n, w) => n + w.floor * w.weight, 0);
  const sizes = new Map(wishes.map((w) => [w.courseId, w.floor]));
  const byDemand = [...wishes].sort((a, b) => b.demand - a.demand || a.courseId.localeCompare(b.courseId));
  for (const w of byDemand) {
    const wanted = Math.max(0, Math.min(w.demand, DEMAND_MAX_PER_COURSE) - w.floor);
    const extra = Math.max(0, Math.min(wanted, Math.floor(left / Math.max(1, w.weight))));
    sizes.set(w.courseId, w.floor + extra);
    left -= extra * w.weight;
  }
  return sizes;
}
