import type { Db } from './database.js';

export interface ProgressRow {
  courseId: string;
  exerciseId: string;
  completedAt: string | null;
  attempts: number;
  /** Completed by a catch-up (the course's solution ran), not by the learner's own check. */
  skipped: boolean;
}

export class ProgressRepo {
  constructor(private readonly db: Db) {}

  /**
   * Records one check attempt; the first pass sets completed_at, which later failures never clear. An
   * exercise skipped by a catch-up stays skipped when the learner passes it later (it was solved for them).
   */
  recordAttempt(
    userId: string,
    courseId: string,
    exerciseId: string,
    passed: boolean,
    result: unknown,
  ): void {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO progress (user_id, course_id, exercise_id, attempts, completed_at, last_result, updated_at)
         VALUES (@userId, @courseId, @exerciseId, 1, @completed, @result, @now)
         ON CONFLICT (user_id, course_id, exercise_id) DO UPDATE SET
           attempts = attempts + 1,
           completed_at = COALESCE(completed_at, @completed),
           last_result = @result,
           updated_at = @now`,
      )
      .run({
        userId,
        courseId,
        exerciseId,
        completed: passed ? now : null,
        result: JSON.stringify(result),
        now,
      });
  }

  /**
   * A catch-up brought the learner past these exercises: each one they had not passed themselves becomes
   * completed with `skipped` (no attempt counted); their own passes stay theirs.
   */
  recordSkipped(userId: string, courseId: string, exerciseIds: readonly string[], now = Date.now()): void {
    const skip = this.db.prepare(
      `INSERT INTO progress (user_id, course_id, exercise_id, attempts, completed_at, skipped, updated_at)
       VALUES (@userId, @courseId, @exerciseId, 0, @now, 1, @now)
       ON CONFLICT (user_id, course_id, exercise_id) DO UPDATE SET
         skipped = CASE WHEN completed_at IS NULL THEN 1 ELSE skipped END,
         completed_at = COALESCE(completed_at, @now),
         updated_at = @now`,
    );
    this.db.transaction(() => {
      for (const exerciseId of exerciseIds) skip.run({ userId, courseId, exerciseId, now });
    })();
  }

  /** The exercises of a course the user completed, themselves or by a catch-up. */
  completedIn(userId: string, courseId: string): Set<string> {
    const rows = this.db
      .prepare(
        'SELECT exercise_id AS id FROM progress WHERE user_id = ? AND course_id = ? AND completed_at IS NOT NULL',
      )
      .all(userId, courseId) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  listByUser(userId: string): ProgressRow[] {
    const rows = this.db
      .prepare(
        `SELECT course_id AS courseId, exercise_id AS exerciseId, completed_at AS completedAt, attempts,
                skipped
         FROM progress WHERE user_id = ? ORDER BY course_id, updated_at`,
      )
      .all(userId) as {
      courseId: string;
      exerciseId: string;
      completedAt: number | null;
      attempts: number;
      skipped: number;
    }[];
    return rows.map((r) => ({
      ...r,
      completedAt: r.completedAt === null ? null : new Date(r.completedAt).toISOString(),
      skipped: r.skipped === 1,
    }));
  }
}
