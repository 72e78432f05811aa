import type { Db } from './database.js';

export type ScoreState = 'pending' | 'sent' | 'failed';

/** A score to post to a line item (AGS): queued, retried with backoff, its state shown to the trainer. */
export interface LtiScore {
  id: number;
  platformId: string;
  userId: string;
  classId: string | null;
  lineitemUrl: string;
  subject: string;
  courseId: string;
  exerciseId: string | null;
  scoreGiven: number;
  scoreMaximum: number;
  state: ScoreState;
  attempts: number;
  nextAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export type NewLtiScore = Pick<
  LtiScore,
  | 'platformId'
  | 'userId'
  | 'classId'
  | 'lineitemUrl'
  | 'subject'
  | 'courseId'
  | 'exerciseId'
  | 'scoreGiven'
  | 'scoreMaximum'
>;

const COLUMNS = `id, platform_id AS platformId, user_id AS userId, class_id AS classId, lineitem_url AS lineitemUrl,
  subject, course_id AS courseId, exercise_id AS exerciseId, score_given AS scoreGiven, score_maximum AS scoreMaximum,
  state, attempts, next_at AS nextAt, last_error AS lastError, created_at AS createdAt, sent_at AS sentAt`;

/** The same columns, qualified, for a join with users. */
const S_COLUMNS = `s.id, s.platform_id AS platformId, s.user_id AS userId, s.class_id AS classId,
  s.lineitem_url AS lineitemUrl, s.subject, s.course_id AS courseId, s.exercise_id AS exerciseId,
  s.score_given AS scoreGiven, s.score_maximum AS scoreMaximum, s.state, s.attempts, s.next_at AS nextAt,
  s.last_error AS lastError, s.created_at AS createdAt, s.sent_at AS sentAt`;

export class LtiScoreRepo {
  constructor(private readonly db: Db) {}

  /** Queues a score; an older unsent one for the same line item and learner is superseded (the newest counts). */
  enqueue(s: NewLtiScore, now = Date.now()): number {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `DELETE FROM lti_scores WHERE user_id = ? AND lineitem_url = ? AND state IN ('pending', 'failed')`,
        )
        .run(s.userId, s.lineitemUrl);
      return Number(
        this.db
          .prepare(
            `INSERT INTO lti_scores (platform_id, user_id, class_id, lineitem_url, subject, course_id, exercise_id,
               score_given, score_maximum, state, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
          )
          .run(
            s.platformId,
            s.userId,
            s.classId,
            s.lineitemUrl,
            s.subject,
            s.courseId,
            s.exerciseId,
            s.scoreGiven,
            s.scoreMaximum,
            now,
            now,
          ).lastInsertRowid,
      );
    })();
  }

  /** Scores whose next attempt is due (pending, or failed and still retried), oldest first. */
  due(now = Date.now(), limit = 50): LtiScore[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM lti_scores WHERE state != 'sent' AND next_at <= ? ORDER BY next_at LIMIT ?`,
      )
      .all(now, limit) as LtiScore[];
  }

  get(id: number): LtiScore | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM lti_scores WHERE id = ?`).get(id) as LtiScore | undefined;
  }

  markSent(id: number, now = Date.now()): void {
    this.db
      .prepare(
        `UPDATE lti_scores SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`,
      )
      .run(now, id);
  }

  /** A failed attempt; `nextAt` null: no more automatic retries. */
  markFailed(id: number, error: string, nextAt: number | null): void {
    this.db
      .prepare(
        `UPDATE lti_scores SET state = 'failed', attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`,
      )
      .run(error.slice(0, 500), nextAt ?? Number.MAX_SAFE_INTEGER, id);
  }

  /** Sends a failed score again at the next run (the trainer's "retry now"). */
  retryNow(id: number, now = Date.now()): boolean {
    return (
      this.db.prepare(`UPDATE lti_scores SET next_at = ? WHERE id = ? AND state = 'failed'`).run(now, id)
        .changes === 1
    );
  }

  /** A class's scores, newest first, with each learner's name as the class page shows it. */
  byClass(classId: string, limit = 500): (LtiScore & { learner: string })[] {
    return this.db
      .prepare(
        `SELECT ${S_COLUMNS}, COALESCE(u.display_name, u.username) AS learner
         FROM lti_scores s JOIN users u ON u.id = s.user_id WHERE s.class_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT ?`,
      )
      .all(classId, limit) as (LtiScore & { learner: string })[];
  }
}
