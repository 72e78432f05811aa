import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations.js';
import { walSyncOf } from './wal-sync.js';
import { writeBatchOf } from './write-batch.js';

export type Db = Database.Database;

export class MigrationError extends Error {}

/** Opens (or creates) the SQLite file, sets durable pragmas and runs pending migrations. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL: a commit writes the WAL to the OS without an fsync on the event loop, so a killed process loses
  // nothing committed; what must survive a power loss waits for WalSync (off the loop). docs/OPERATIONS.md.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Commits the queued writes, makes the WAL durable, then closes (SQLite checkpoints and removes the WAL). */
export async function closeDatabase(db: Db): Promise<void> {
  if (!db.open) return;
  writeBatchOf(db).close();
  await walSyncOf(db).close();
  db.close();
}

/**
 * Applies every pending migration in ONE transaction, with the bookkeeping table: when one fails, the
 * database is left exactly as it was (no half-upgraded schema, no new table) and MigrationError names it.
 */
export function migrate(db: Db): number {
  return db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER)',
    );
    const done = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => (r as { version: number }).version),
    );
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      try {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
      } catch (err) {
        throw new MigrationError(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, {
          cause: err,
        });
      }
      applied++;
    }
    return applied;
  })();
}
