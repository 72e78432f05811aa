import type { Logger } from 'pino';
import type { Db } from './database.js';

/** One thing someone did to somebody else's work (or consented to): who, what, to whom, on which lab. */
export interface AuditEntry {
  id: number;
  at: number;
  actorId: string | null;
  action: string;
  subjectId: string | null;
  labId: string | null;
  detail: Record<string, unknown> | null;
}

export interface NewAuditEntry {
  /** undefined: the platform itself (an expiry). */
  actorId?: string;
  action: string;
  subjectId?: string;
  labId?: string;
  detail?: Record<string, unknown>;
}

/** How long entries are kept: long enough to answer a question about a training term. */
export const AUDIT_RETENTION_MS = 180 * 24 * 3_600_000;
/** Pruning runs at most this often (on a write): no timer to stop. */
const PRUNE_EVERY_MS = 3_600_000;
export const AUDIT_MAX_LIMIT = 1000;

interface Row {
  id: number;
  at: number;
  actorId: string | null;
  action: string;
  subjectId: string | null;
  labId: string | null;
  detail: string | null;
}

/**
 * The audit log (table `audit_log`, no foreign keys: it outlives the accounts it names). Each entry is
 * also logged at info. Entries older than the retention are deleted at boot and then hourly on a write.
 */
export class AuditRepo {
  private prunedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly logger?: Pick<Logger, 'info'>,
    private readonly retentionMs = AUDIT_RETENTION_MS,
    private readonly now: () => number = Date.now,
  ) {}

  record(e: NewAuditEntry): AuditEntry {
    const at = this.now();
    const detail = e.detail ? JSON.stringify(e.detail) : null;
    const { lastInsertRowid } = this.db
      .prepare(
        'INSERT INTO audit_log (at, actor_id, action, subject_id, lab_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(at, e.actorId ?? null, e.action, e.subjectId ?? null, e.labId ?? null, detail);
    const entry: AuditEntry = {
      id: Number(lastInsertRowid),
      at,
      actorId: e.actorId ?? null,
      action: e.action,
      subjectId: e.subjectId ?? null,
      labId: e.labId ?? null,
      detail: e.detail ?? null,
    };
    this.logger?.info({ audit: entry }, `audit: ${e.action}`);
    if (at - this.prunedAt >= PRUNE_EVERY_MS) this.prune();
    return entry;
  }

  /** Newest first; `since` (ms UTC) keeps entries at or after it. */
  list(opts: { since?: number; limit: number }): AuditEntry[] {
    const limit = Math.max(1, Math.min(AUDIT_MAX_LIMIT, Math.floor(opts.limit)));
    const rows = this.db
      .prepare(
        `SELECT id, at, actor_id AS actorId, action, subject_id AS subjectId, lab_id AS labId, detail
         FROM audit_log WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(opts.since ?? 0, limit) as Row[];
    return rows.map((r) => ({
      ...r,
      detail: r.detail ? (JSON.parse(r.detail) as AuditEntry['detail']) : null,
    }));
  }

  /** Deletes entries past the retention; returns how many went. */
  prune(): number {
    this.prunedAt = this.now();
    return this.db.prepare('DELETE FROM audit_log WHERE at < ?').run(this.prunedAt - this.retentionMs)
      .changes;
  }
}
