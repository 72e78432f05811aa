import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

/** One session of a class's timetable: a course on a day, in the class's zone, with its UTC bounds. */
export interface SessionRecord {
  id: string;
  classId: string;
  courseId: string;
  /** `YYYY-MM-DD`, `HH:MM`, `HH:MM` on the class's clocks. */
  day: string;
  start: string;
  end: string;
  startsAt: number;
  endsAt: number;
  expected: number;
  createdAt: number;
}

export type NewSession = Omit<SessionRecord, 'id' | 'createdAt'>;

/** A session under way or about to start, with how many of its class's learners already have a lab. */
export interface ActiveSession {
  courseId: string;
  expected: number;
  started: number;
}

const COLUMNS = `id, class_id AS classId, course_id AS courseId, day, start_time AS "start", end_time AS "end",
  starts_at AS startsAt, ends_at AS endsAt, expected, created_at AS createdAt`;

export class ClassSessionRepo {
  constructor(private readonly db: Db) {}

  /** Inserts the sessions together (a week repeated daily is one write). */
  create(sessions: NewSession[], now = Date.now()): SessionRecord[] {
    const insert = this.db.prepare(
      `INSERT INTO class_sessions (id, class_id, course_id, day, start_time, end_time, starts_at, ends_at,
         expected, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.db.transaction(() =>
      sessions.map((s) => {
        const id = randomBytes(8).toString('hex');
        insert.run(id, s.classId, s.courseId, s.day, s.start, s.end, s.startsAt, s.endsAt, s.expected, now);
        return { ...s, id, createdAt: now };
      }),
    )();
  }

  get(id: string): SessionRecord | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM class_sessions WHERE id = ?`).get(id) as
      SessionRecord | undefined;
  }

  /** A class's sessions by start. */
  ofClass(classId: string): SessionRecord[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM class_sessions WHERE class_id = ? ORDER BY starts_at, id`)
      .all(classId) as SessionRecord[];
  }

  /** Sessions of non-archived classes whose [startsAt - leadMs, endsAt) meets [from, to). */
  overlapping(from: number, to: number, leadMs: number): SessionRecord[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM class_sessions WHERE starts_at - ? < ? AND ends_at > ?
           AND class_id IN (SELECT id FROM classes WHERE archived_at IS NULL)`,
      )
      .all(leadMs, to, from) as SessionRecord[];
  }

  /** The sessions (non-archived classes) warming or running at `now`, with their started learners. */
  active(now: number, leadMs: number): ActiveSession[] {
    return this.db
      .prepare(
        `SELECT s.course_id AS courseId, s.expected,
           (SELECT COUNT(DISTINCT l.user_id) FROM class_members m
              JOIN labs l ON l.user_id = m.user_id AND l.course_id = s.course_id
            WHERE m.class_id = s.class_id AND m.role = 'learner') AS started
         FROM class_sessions s JOIN classes c ON c.id = s.class_id
         WHERE c.archived_at IS NULL AND s.starts_at - ? <= ? AND s.ends_at > ?`,
      )
      .all(leadMs, now, now) as ActiveSession[];
  }

  /** When the class's last session ends; null without sessions. */
  lastEnd(classId: string): number | null {
    const row = this.db
      .prepare('SELECT MAX(ends_at) AS t FROM class_sessions WHERE class_id = ?')
      .get(classId) as { t: number | null };
    return row.t;
  }

  update(s: SessionRecord): void {
    this.db
      .prepare(
        `UPDATE class_sessions SET course_id = ?, day = ?, start_time = ?, end_time = ?, starts_at = ?,
           ends_at = ?, expected = ? WHERE id = ?`,
      )
      .run(s.courseId, s.day, s.start, s.end, s.startsAt, s.endsAt, s.expected, s.id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM class_sessions WHERE id = ?').run(id).changes === 1;
  }
}
