import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

/**
 * A lab row's state: creating (a start in progress; a crash leaves it for reconcile to clean), running,
 * stopped (container kept), missing (no container: recreated with the course setup on the next start), error.
 */
export type LabRecordState = 'creating' | 'running' | 'stopped' | 'missing' | 'error';

export interface LabRecord {
  id: string;
  userId: string;
  courseId: string;
  image: string;
  state: LabRecordState;
  createdAt: number;
  lastActivityAt: number;
}

const COLUMNS = `id, user_id AS userId, course_id AS courseId, image, state,
  created_at AS createdAt, last_activity_at AS lastActivityAt`;

export class LabsRepo {
  constructor(private readonly db: Db) {}

  /** The lab of (user, course), created if absent: one lab per pair, whatever the races. */
  getOrCreate(userId: string, courseId: string, image: string, now = Date.now()): LabRecord {
    const id = randomBytes(8).toString('hex');
    this.db
      .prepare(
        `INSERT INTO labs (id, user_id, course_id, image, state, created_at, last_activity_at)
         VALUES (?, ?, ?, ?, 'creating', ?, ?) ON CONFLICT (user_id, course_id) DO NOTHING`,
      )
      .run(id, userId, courseId, image, now, now);
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM labs WHERE user_id = ? AND course_id = ?`)
      .get(userId, courseId) as LabRecord;
  }

  get(id: string): LabRecord | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM labs WHERE id = ?`).get(id) as LabRecord | undefined;
  }

  listByUser(userId: string): LabRecord[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM labs WHERE user_id = ? ORDER BY created_at`)
      .all(userId) as LabRecord[];
  }

  listAll(): LabRecord[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM labs`).all() as LabRecord[];
  }

  setState(id: string, state: LabRecordState): void {
    this.db.prepare('UPDATE labs SET state = ? WHERE id = ?').run(state, id);
  }

  touch(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE labs SET last_activity_at = ? WHERE id = ?').run(now, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM labs WHERE id = ?').run(id);
  }
}
