import type { LabsRepo } from '../store/labs-repo.js';
import type { ExerciseTimeRepo } from '../store/exercise-time-repo.js';

export interface ActivityTrackerDeps {
  labs: LabsRepo;
  times: ExerciseTimeRepo;
  /** The exercise a learner is on in a course (the first one not done), or undefined when all are. */
  currentExercise(userId: string, courseId: string): string | undefined;
  /** Time was written for the learner (the trainers' grid may refresh their row). */
  onFlushed(userId: string, courseId: string): void;
  /** Gaps longer than this between two keystrokes are a pause, not work. */
  gapMs?: number;
  /** Accumulated time is written at most this often per lab. */
  flushEveryMs?: number;
}

interface LabActivity {
  userId: string;
  lastAt: number;
  pendingMs: number;
  flushedAt: number;
}

/**
 * Time spent per exercise, from terminal activity: the time between two keystrokes counts when it is
 * under `gapMs` (2 min). Kept in memory and handed to the repository every `flushEveryMs` (15 s) per lab,
 * and at once before a check so the time lands on the exercise being checked; the repository's write
 * batch commits it with the other frequent writes (server/store/write-batch.ts).
 */
export class ActivityTracker {
  private readonly active = new Map<string, LabActivity>();
  private readonly gapMs: number;
  private readonly flushEveryMs: number;

  constructor(private readonly d: ActivityTrackerDeps) {
    this.gapMs = d.gapMs ?? 120_000;
    this.flushEveryMs = d.flushEveryMs ?? 15_000;
  }

  /** The learner typed in the lab's terminal. */
  note(userId: string, labId: string, now = Date.now()): void {
    const a = this.accrue(userId, labId, now);
    if (now - a.flushedAt >= this.flushEveryMs) this.flush(labId, a, now);
  }

  /** A check ran on an exercise: what was accumulated until now counts for that exercise (the caller pushes). */
  checked(userId: string, labId: string, exerciseId: string, now = Date.now()): void {
    this.flush(labId, this.accrue(userId, labId, now), now, exerciseId, false);
  }

  /** The lab went away (reset, delete): forget its pending time. */
  forget(labId: string): void {
    this.active.delete(labId);
  }

  private accrue(userId: string, labId: string, now: number): LabActivity {
    let a = this.active.get(labId);
    if (!a || a.userId !== userId) {
      a = { userId, lastAt: now, pendingMs: 0, flushedAt: -Infinity };
      this.active.set(labId, a);
    }
    const gap = now - a.lastAt;
    if (gap > 0 && gap <= this.gapMs) a.pendingMs += gap;
    a.lastAt = now;
    return a;
  }

  private flush(labId: string, a: LabActivity, now: number, exerciseId?: string, notify = true): void {
    a.flushedAt = now;
    const lab = this.d.labs.get(labId);
    if (!lab || lab.userId !== a.userId) return void this.active.delete(labId);
    const target = exerciseId ?? this.d.currentExercise(a.userId, lab.courseId);
    if (!target) return;
    this.d.times.add(a.userId, lab.courseId, target, a.pendingMs, now);
    a.pendingMs = 0;
    if (notify) this.d.onFlushed(a.userId, lab.courseId);
  }
}
