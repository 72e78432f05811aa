import type { Db } from './database.js';

/** Active time per (learner, course, exercise): terminal activity adds up, pauses over 2 minutes do not. */
export class ExerciseTimeRepo {
  constructor(private readonly db: Db) {}

  /** Adds `ms` of activity on an exercise; the first call marks when the learner started it. */
  add(userId: string, courseId: string, exerciseId: string, ms: number, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO exercise_time (user_id, course_id, exercise_id, started_at, active_ms, last_active_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, course_id, exercise_id) DO UPDATE SET
           active_ms = active_ms + excluded.active_ms,
           last_active_at = MAX(last_active_at, excluded.last_active_at)`,
      )
      .run(userId, courseId, exerciseId, now, Math.max(0, Math.round(ms)), now);
  }

  /** Forgets a learner's time on a course (a trainer reset the lab and its progress). */
  clear(userId: string, courseId: string): void {
    this.db.prepare('DELETE FROM exercise_time WHERE user_id = ? AND course_id = ?').run(userId, courseId);
  }
}
