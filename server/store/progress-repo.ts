import type { Db } from './database.js';

export interface ProgressRow {
  courseId: string;
  exerciseId: string;
  completedAt: string | null;
  attempts: number;
}

export class ProgressRepo {
  constructor(private readonly db: Db) {}

  /** Records one check attempt; the first pass sets completed_at, which later failures never clear. */
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

  listByUser(userId: string): ProgressRow[] {
    const rows = this.db
      .prepare(
        `SELECT course_id AS courseId, exercise_id AS exerciseId, completed_at AS completedAt, attempts
         FROM progress WHERE user_id = ? ORDER BY course_id, updated_at`,
      )
      .all(userId) as {
      courseId: string;
      exerciseId: string;
      completedAt: number | null;
      attempts: number;
    }[];
    return rows.map((r) => ({
      ...r,
      completedAt: r.completedAt === null ? null : new Date(r.completedAt).toISOString(),
    }));
  }
}
