import { endOfDay, utcToZoned } from '../classes/zoned-time.js';
import type { LabRecord, LabsRepo } from '../store/labs-repo.js';

/** Throttle of the `lab:idle` news that terminal input brings: the same pace as the input's touches. */
const INPUT_NEWS_EVERY_MS = 30_000;

/**
 * The instant the idle sweep may stop a running lab: its idle deadline (last activity + timeout), not
 * before a trainer's « for the day » extension. null: no idle cull (timeout 0, or the lab is not running).
 */
export function cullAtOf(
  rec: Pick<LabRecord, 'state' | 'lastActivityAt' | 'keepUntil'>,
  idleMs: number,
): number | null {
  if (idleMs <= 0 || rec.state !== 'running') return null;
  return Math.max(rec.lastActivityAt + idleMs, rec.keepUntil ?? 0);
}

/** Whether the sweep stops the lab at `now` (the sweeper's idle predicate). */
export const idleDue = (
  rec: Pick<LabRecord, 'state' | 'lastActivityAt' | 'keepUntil'>,
  idleMs: number,
  now: number,
): boolean => {
  const at = cullAtOf(rec, idleMs);
  return at !== null && now >= at;
};

/**
 * What the page counts down from: the cull instant (ISO, null: none), the idle timeout, the trainer's
 * extension (ISO, null: none) and the server's clock when it answered (the page counts on its own clock
 * from the difference, whatever the learner's computer says the time is).
 */
export interface TimeLeft {
  cullAt: string | null;
  /** 0: labs are never stopped for idleness. */
  idleTimeoutMs: number;
  keepUntil: string | null;
  now: string;
}

/** `lab:idle`: the deadline of a lab moved (keep-alive, extension, input from another page, restart). */
export interface LabIdlePayload extends TimeLeft {
  labId: string;
}

export interface LabKeepAliveDeps {
  labs: LabsRepo;
  idleMs: number;
  /** Tells the pages of the lab's owner (the realtime layer). */
  notify(userId: string, p: LabIdlePayload): void;
}

/**
 * The time left of labs: what views carry, « Je suis là » (a touch), a trainer's extension for the day,
 * and the `lab:idle` news when a deadline moves other than by the page's own typing.
 */
export class LabKeepAlive {
  private readonly lastNews = new Map<string, number>();

  constructor(private readonly d: LabKeepAliveDeps) {}

  timeLeft(rec: LabRecord | undefined, now = Date.now()): TimeLeft {
    const at = rec ? cullAtOf(rec, this.d.idleMs) : null;
    return {
      cullAt: iso(at),
      idleTimeoutMs: this.d.idleMs,
      keepUntil: iso(rec?.keepUntil ?? null),
      now: new Date(now).toISOString(),
    };
  }

  /** A lab view (GET /api/labs, a start's answer) with its time left. */
  view<V extends { id: string }>(v: V): V & TimeLeft {
    return { ...v, ...this.timeLeft(this.d.labs.get(v.id)) };
  }

  /** « Je suis là »: the lab counts as used now; its other pages hear the new deadline. */
  keepAlive(rec: LabRecord, now = Date.now()): TimeLeft {
    this.d.labs.touch(rec.id, now);
    return this.announce(rec.id);
  }

  /** Keeps these labs until `until` (the idle cull waits); each owner's pages hear the new deadline. */
  extend(labIds: readonly string[], until: number): void {
    this.d.labs.keepUntil(labIds, until);
    for (const id of labIds) this.announce(id);
  }

  /**
   * Terminal input on the lab (after the lab service's touch): at most every 30 s, the new deadline to
   * the owner's pages, so a page where nobody types (another tab, a partner's) follows.
   */
  noteInput(labId: string, now = Date.now()): void {
    if (this.d.idleMs <= 0 || now - (this.lastNews.get(labId) ?? -Infinity) < INPUT_NEWS_EVERY_MS) return;
    this.lastNews.set(labId, now);
    this.announce(labId);
  }

  /** The lab's deadline as it stands, to its owner's pages (after a keep-alive, an extension, input). */
  announce(labId: string): TimeLeft {
    const rec = this.d.labs.get(labId);
    const left = this.timeLeft(rec);
    if (rec) this.d.notify(rec.userId, { labId, ...left });
    return left;
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The labs of these learners on these courses (a class's, for its trainer's extension). */
export function labsOfLearners(
  labs: LabsRepo,
  learnerIds: readonly string[],
  courseIds: readonly string[],
): LabRecord[] {
  const courses = new Set(courseIds);
  return learnerIds.flatMap((id) => labs.listByUser(id).filter((l) => courses.has(l.courseId)));
}

/** The last millisecond of `now`'s day on the clocks of `timeZone` (« pour la journée »). */
export function endOfToday(timeZone: string, now = Date.now()): number {
  return endOfDay(utcToZoned(now, timeZone).date, timeZone);
}
