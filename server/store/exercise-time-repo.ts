import type { Db } from './database.js';
import { writeBatchOf, type WriteBatch } from './write-batch.js';

interface TimeWrite {
  startedAt: number;
  ms: number;
  lastAt: number;
}

const fold = (a: TimeWrite, b: TimeWrite): TimeWrite => ({
  startedAt: Math.min(a.startedAt, b.startedAt),
  ms: a.ms + b.ms,
  lastAt: Math.max(a.lastAt, b.lastAt),
});

/**
 * Active time per (learner, course, exercise): terminal activity adds up, pauses over 2 minutes do not.
 * Writes go through the connection's write batch (several adds to one exercise become one upsert);
 * ClassProgressRepo flushes it before reading.
 */
export class ExerciseTimeRepo {
  private readonly batch: WriteBatch;

  constructor(private readonly db: Db) {
    this.batch = writeBatchOf(db);
  }

  /** Adds `ms` of activity on an exercise; the first call marks when the learner started it. */
  add(userId: string, courseId: string, exerciseId: string, ms: number, now = Date.now()): void {
    const value = { startedAt: now, ms: Math.max(0, Math.round(ms)), lastAt: now };
    const key = `time:${JSON.stringify([userId, courseId, exerciseId])}`;
    this.batch.queue(key, value, (t) => this.write(userId, courseId, exerciseId, t), fold);
  }

  /** Forgets a learner's time on a course (a trainer reset the lab and its progress). */
  clear(userId: string, courseId: string): void {
    this.batch.flush(); // a queued add must not bring the time back after the delete
    this.db.prepare('DELETE FROM exercise_time WHERE user_id = ? AND course_id = ?').run(userId, courseId);
  }

  /** Batched: the learner may have been deleted since the add (then nothing is written). */
  private write(userId: string, courseId: string, exerciseId: string, t: TimeWrite): void {
    this.db
      .prepare(
        `INSERT INTO exercise_time (user_id, course_id, exercise_id, started_at, active_ms, last_active_at)
         SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE id = ?)
         ON CONFLICT (user_id, course_id, exercise_id) DO UPDATE SET
           active_ms = active_ms + excluded.active_ms,
           last_active_at = MAX(last_active_at, excluded.last_active_at)`,
      )
      .run(userId, courseId, exerciseId, t.startedAt, t.ms, t.lastAt, userId);
  }
}
