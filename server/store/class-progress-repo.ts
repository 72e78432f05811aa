import type { Db } from './database.js';
import { writeBatchOf } from './write-batch.js';

/** One progress row of a class learner, with the checks of the last attempt (JSON). */
export interface ProgressFact {
  userId: string;
  courseId: string;
  exerciseId: string;
  attempts: number;
  completedAt: number | null;
  /** 1: completed by a catch-up, not by the learner (progress.skipped); absent: 0. */
  skipped?: number;
  lastResult: string | null;
  updatedAt: number;
}

export interface TimeFact {
  userId: string;
  courseId: string;
  exerciseId: string;
  startedAt: number;
  activeMs: number;
  lastActiveAt: number;
}

export interface LabFact {
  userId: string;
  courseId: string;
  labId: string;
  state: string;
  lastActivityAt: number;
}

// Rows of the class's learners on the class's courses only; `userId` narrows to one learner.
const SCOPE = `JOIN class_members m ON m.user_id = x.user_id AND m.class_id = @classId AND m.role = 'learner'
  JOIN class_courses c ON c.class_id = m.class_id AND c.course_id = x.course_id
  WHERE (@userId IS NULL OR x.user_id = @userId)`;

/** Read side of the trainer's grid and export: what the learners of one class did on its courses. */
export class ClassProgressRepo {
  constructor(private readonly db: Db) {}

  progress(classId: string, userId?: string): ProgressFact[] {
    return this.db
      .prepare(
        `SELECT x.user_id AS userId, x.course_id AS courseId, x.exercise_id AS exerciseId, x.attempts,
                x.completed_at AS completedAt, x.skipped, x.last_result AS lastResult, x.updated_at AS updatedAt
         FROM progress x ${SCOPE}`,
      )
      .all({ classId, userId: userId ?? null }) as ProgressFact[];
  }

  times(classId: string, userId?: string): TimeFact[] {
    writeBatchOf(this.db).flush(); // exercise time is written behind (ExerciseTimeRepo)
    return this.db
      .prepare(
        `SELECT x.user_id AS userId, x.course_id AS courseId, x.exercise_id AS exerciseId,
                x.started_at AS startedAt, x.active_ms AS activeMs, x.last_active_at AS lastActiveAt
         FROM exercise_time x ${SCOPE}`,
      )
      .all({ classId, userId: userId ?? null }) as TimeFact[];
  }

  labs(classId: string, userId?: string): LabFact[] {
    writeBatchOf(this.db).flush(); // lab touches are written behind (LabsRepo.touch)
    return this.db
      .prepare(
        `SELECT x.user_id AS userId, x.course_id AS courseId, x.id AS labId, x.state,
                x.last_activity_at AS lastActivityAt
         FROM labs x ${SCOPE}`,
      )
      .all({ classId, userId: userId ?? null }) as LabFact[];
  }

  /** A trainer's "start over": the learner's attempts (skipped ones too) and time on a course are forgotten. */
  clearCourse(userId: string, courseId: string): void {
    writeBatchOf(this.db).flush(); // a queued time add must not come back after the delete
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM progress WHERE user_id = ? AND course_id = ?').run(userId, courseId);
      this.db.prepare('DELETE FROM exercise_time WHERE user_id = ? AND course_id = ?').run(userId, courseId);
    })();
  }
}
