import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';
import { writeBatchOf, type WriteBatch } from './write-batch.js';

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
  /** The idle cull leaves the lab running until then (a trainer's « for the day »); null: no extension. */
  keepUntil?: number | null;
}

const COLUMNS = `id, user_id AS userId, course_id AS courseId, image, state,
  created_at AS createdAt, last_activity_at AS lastActivityAt, keep_until AS keepUntil`;

const touchKey = (id: string) => `lab-touch:${id}`;

export class LabsRepo {
  private readonly batch: WriteBatch;

  constructor(private readonly db: Db) {
    this.batch = writeBatchOf(db);
  }

  /** The lab of (user, course), created if absent: one lab per pair, whatever the races. */
  getOrCreate(userId: string, courseId: string, image: string, now = Date.now()): LabRecord {
    const id = randomBytes(8).toString('hex');
    this.db
      .prepare(
        `INSERT INTO labs (id, user_id, course_id, image, state, created_at, last_activity_at)
         VALUES (?, ?, ?, ?, 'creating', ?, ?) ON CONFLICT (user_id, course_id) DO NOTHING`,
      )
      .run(id, userId, courseId, image, now, now);
    return this.pending(
      this.db
        .prepare(`SELECT ${COLUMNS} FROM labs WHERE user_id = ? AND course_id = ?`)
        .get(userId, courseId) as LabRecord,
    );
  }

  get(id: string): LabRecord | undefined {
    return this.pending(
      this.db.prepare(`SELECT ${COLUMNS} FROM labs WHERE id = ?`).get(id) as LabRecord | undefined,
    );
  }

  listByUser(userId: string): LabRecord[] {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS} FROM labs WHERE user_id = ? ORDER BY created_at`)
        .all(userId) as LabRecord[]
    ).map((r) => this.pending(r));
  }

  listAll(): LabRecord[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM labs`).all() as LabRecord[]).map((r) => this.pending(r));
  }

  setState(id: string, state: LabRecordState): void {
    this.db.prepare('UPDATE labs SET state = ? WHERE id = ?').run(state, id);
  }

  /** Many states in one transaction: one disk sync for a whole boot's reconciliation, not one per lab. */
  setStates(states: [id: string, state: LabRecordState][]): void {
    const update = this.db.prepare('UPDATE labs SET state = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const [id, state] of states) update.run(state, id);
    })();
  }

  /**
   * The lab was used (input, check, start): queued in the write batch, so many touches become one UPDATE;
   * the reads here already see it (the idle sweep reads them).
   */
  touch(id: string, now = Date.now()): void {
    this.batch.queue(touchKey(id), now, (at) =>
      this.db.prepare('UPDATE labs SET last_activity_at = ? WHERE id = ?').run(at, id),
    );
  }

  /** The idle cull waits until `until` for these labs (one transaction); a later value is kept. */
  keepUntil(ids: readonly string[], until: number): void {
    const update = this.db.prepare(
      'UPDATE labs SET keep_until = MAX(COALESCE(keep_until, 0), ?) WHERE id = ?',
    );
    this.db.transaction(() => {
      for (const id of ids) update.run(until, id);
    })();
  }

  /**
   * The lab's preview capability: 160 random bits (32 base32 characters, short enough for a DNS label), made at the first preview and kept with the lab
   * (across resets and restarts); whoever holds it reaches the lab's preview, nothing else.
   */
  previewToken(id: string): string {
    const token = base32(randomBytes(20));
    this.db
      .prepare('UPDATE labs SET preview_token = ? WHERE id = ? AND preview_token IS NULL')
      .run(token, id);
    const row = this.db.prepare('SELECT preview_token AS t FROM labs WHERE id = ?').get(id) as
      { t: string | null } | undefined;
    if (!row?.t) throw new Error(`no lab ${id}`);
    return row.t;
  }

  byPreviewToken(token: string): LabRecord | undefined {
    return this.pending(
      this.db.prepare(`SELECT ${COLUMNS} FROM labs WHERE preview_token = ?`).get(token) as
        LabRecord | undefined,
    );
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM labs WHERE id = ?').run(id);
  }

  /** A row as it will be once the batch is committed (a touch still queued). */
  private pending<T extends LabRecord | undefined>(r: T): T {
    const at = r && this.batch.peek<number>(touchKey(r.id));
    return r && at !== undefined ? { ...r, lastActivityAt: at } : r;
  }
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Lowercase RFC 4648 base32 without padding (20 bytes → 32 characters). */
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}
