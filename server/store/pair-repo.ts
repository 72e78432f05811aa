import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

/** A pair of a class: `hostId` is the member whose labs it shares; `code` while it waits for a partner. */
export interface PairRecord {
  id: string;
  classId: string;
  hostId: string;
  code: string | null;
  createdAt: number;
  /** Current members (left_at null), the host first. */
  members: string[];
}

interface PairRow {
  id: string;
  classId: string;
  hostId: string;
  code: string | null;
  createdAt: number;
}

const PAIR_COLUMNS = `p.id, p.class_id AS classId, p.host_id AS hostId, p.code, p.created_at AS createdAt`;

/** Pairs and their members (migration v5). A learner is in at most one current pair per class. */
export class PairRepo {
  constructor(private readonly db: Db) {}

  /** A new pair whose members join now; `code` for one waiting for its partner. */
  create(classId: string, hostId: string, members: string[], code: string | null, now = Date.now()): string {
    const id = randomBytes(8).toString('hex');
    const add = this.db.prepare(
      'INSERT INTO pair_members (pair_id, class_id, user_id, joined_at) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO class_pairs (id, class_id, host_id, code, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, classId, hostId, code, now);
      for (const userId of members) add.run(id, classId, userId, now);
    })();
    return id;
  }

  get(pairId: string): PairRecord | undefined {
    const row = this.db
      .prepare(`SELECT ${PAIR_COLUMNS} FROM class_pairs p WHERE p.id = ? AND p.ended_at IS NULL`)
      .get(pairId) as PairRow | undefined;
    return row && this.withMembers(row);
  }

  /** The user's current pair in the class (complete or waiting for a partner). */
  currentOf(classId: string, userId: string): PairRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT ${PAIR_COLUMNS} FROM class_pairs p JOIN pair_members m ON m.pair_id = p.id
         WHERE m.class_id = ? AND m.user_id = ? AND m.left_at IS NULL AND p.ended_at IS NULL`,
      )
      .get(classId, userId) as PairRow | undefined;
    return row && this.withMembers(row);
  }

  /** Every current pair of the user, across their classes. */
  ofUser(userId: string): PairRecord[] {
    const rows = this.db
      .prepare(
        `SELECT ${PAIR_COLUMNS} FROM class_pairs p JOIN pair_members m ON m.pair_id = p.id
         WHERE m.user_id = ? AND m.left_at IS NULL AND p.ended_at IS NULL ORDER BY p.created_at`,
      )
      .all(userId) as PairRow[];
    return rows.map((r) => this.withMembers(r));
  }

  /** The class's current pairs. */
  ofClass(classId: string): PairRecord[] {
    const rows = this.db
      .prepare(`SELECT ${PAIR_COLUMNS} FROM class_pairs p WHERE p.class_id = ? AND p.ended_at IS NULL`)
      .all(classId) as PairRow[];
    return rows.map((r) => this.withMembers(r));
  }

  /** A pair still waiting for its partner, by its code. */
  byCode(code: string): PairRecord | undefined {
    const row = this.db
      .prepare(`SELECT ${PAIR_COLUMNS} FROM class_pairs p WHERE p.code = ? AND p.ended_at IS NULL`)
      .get(code) as PairRow | undefined;
    return row && this.withMembers(row);
  }

  /** The partner joins: the code is spent in the same transaction. */
  join(pairId: string, classId: string, userId: string, now = Date.now()): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE class_pairs SET code = NULL WHERE id = ?').run(pairId);
      this.db
        .prepare('INSERT INTO pair_members (pair_id, class_id, user_id, joined_at) VALUES (?, ?, ?, ?)')
        .run(pairId, classId, userId, now);
    })();
  }

  /** The pair ends: every member leaves it (its history stays). */
  end(pairId: string, now = Date.now()): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE pair_members SET left_at = ? WHERE pair_id = ? AND left_at IS NULL')
        .run(now, pairId);
      this.db.prepare('UPDATE class_pairs SET ended_at = ?, code = NULL WHERE id = ?').run(now, pairId);
    })();
  }

  /**
   * A pair's shared lab changes hands (its host left): the row's owner becomes `userId`. The lab row is
   * the pair's, so the pair's own store moves it.
   */
  transferLab(labId: string, userId: string): void {
    this.db.prepare('UPDATE labs SET user_id = ? WHERE id = ?').run(userId, labId);
  }

  private withMembers(row: PairRow): PairRecord {
    const ids = (
      this.db
        .prepare(
          'SELECT user_id AS id FROM pair_members WHERE pair_id = ? AND left_at IS NULL ORDER BY joined_at',
        )
        .all(row.id) as { id: string }[]
    ).map((r) => r.id);
    const members = [row.hostId, ...ids.filter((id) => id !== row.hostId)].filter((id) => ids.includes(id));
    return { ...row, members };
  }
}
