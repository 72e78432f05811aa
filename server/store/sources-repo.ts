import type { LoadError } from '../courses/course-registry.js';
import type { Db } from './database.js';

export type SourceKind = 'git' | 'folder';
/** new: never fetched; updating: an update runs (the previous version still serves); ok / failed: the last one. */
export type SourceStatus = 'new' | 'updating' | 'ok' | 'failed';

/** A course source: a git repository (URL, branch or tag) or a local folder of course manifests. */
export interface SourceRecord {
  id: string;
  kind: SourceKind;
  url: string;
  /** Branch or tag (git); null: the repository's default branch. */
  ref: string | null;
  /** The version in service: a commit (git) or a hash of the files (folder); null before the first success. */
  currentVersion: string | null;
  /** The courses of the version in service. */
  courseIds: string[];
  /** When the version in service was last fetched and accepted. */
  updatedAt: number | null;
  /** When the last update started. */
  attemptedAt: number | null;
  status: SourceStatus;
  /** Why the last update failed, each naming a file (and field); [] otherwise. */
  lastErrors: LoadError[];
  createdAt: number;
}

interface Row extends Omit<SourceRecord, 'courseIds' | 'lastErrors'> {
  courseIds: string;
  lastErrors: string;
}

const COLUMNS = `id, kind, url, ref, current_version AS currentVersion, course_ids AS courseIds,
  updated_at AS updatedAt, attempted_at AS attemptedAt, status, last_errors AS lastErrors, created_at AS createdAt`;

const fromRow = (r: Row): SourceRecord => ({
  ...r,
  courseIds: JSON.parse(r.courseIds) as string[],
  lastErrors: JSON.parse(r.lastErrors) as LoadError[],
});

export class SourcesRepo {
  constructor(private readonly db: Db) {}

  list(): SourceRecord[] {
    return (
      this.db.prepare(`SELECT ${COLUMNS} FROM course_sources ORDER BY created_at, id`).all() as Row[]
    ).map(fromRow);
  }

  get(id: string): SourceRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM course_sources WHERE id = ?`).get(id) as
      Row | undefined;
    return row && fromRow(row);
  }

  add(s: { id: string; kind: SourceKind; url: string; ref: string | null }, now = Date.now()): SourceRecord {
    this.db
      .prepare(
        `INSERT INTO course_sources (id, kind, url, ref, status, created_at) VALUES (?, ?, ?, ?, 'new', ?)`,
      )
      .run(s.id, s.kind, s.url, s.ref, now);
    return this.get(s.id)!;
  }

  /**
   * Marks an update as running; false when one already runs (in this process or in `npm run admin`) and
   * started less than `staleMs` ago (an update that died is taken over after that).
   */
  claim(id: string, staleMs: number, now = Date.now()): boolean {
    return (
      this.db
        .prepare(
          `UPDATE course_sources SET status = 'updating', attempted_at = ?
           WHERE id = ? AND (status != 'updating' OR attempted_at IS NULL OR attempted_at < ?)`,
        )
        .run(now, id, now - staleMs).changes === 1
    );
  }

  /** The update succeeded: this version serves from now on. */
  succeeded(id: string, version: string, courseIds: string[], now = Date.now()): void {
    this.db
      .prepare(
        `UPDATE course_sources SET status = 'ok', current_version = ?, course_ids = ?, updated_at = ?,
         last_errors = '[]' WHERE id = ?`,
      )
      .run(version, JSON.stringify(courseIds), now, id);
  }

  /** The update failed: the version in service stays; the errors say why. */
  failed(id: string, errors: LoadError[]): void {
    this.db
      .prepare(`UPDATE course_sources SET status = 'failed', last_errors = ? WHERE id = ?`)
      .run(JSON.stringify(errors.slice(0, 50)), id);
  }

  /** Updates left `updating` by a process that stopped (a server restarting): failed, with `message`. */
  interrupted(message: string): number {
    const rows = this.list().filter((s) => s.status === 'updating');
    for (const r of rows) this.failed(r.id, [{ file: r.url, message }]);
    return rows.length;
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM course_sources WHERE id = ?').run(id).changes === 1;
  }
}
