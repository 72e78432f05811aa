import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './database.js';
import { migrations } from './migrations.js';

/**
 * Online backups with SQLite's backup API: the server keeps serving while pages are copied. Each copy
 * is written as `<name>.partial`, switched to a self-contained file (journal_mode DELETE: no -wal file to
 * carry along), verified with `PRAGMA integrity_check`, then renamed; only verified files carry the
 * final name. The newest `keep` generations stay.
 */
export class BackupError extends Error {}

export interface BackupFile {
  file: string;
  path: string;
  bytes: number;
  createdAt: Date;
}

export interface BackupResult extends BackupFile {
  durationMs: number;
  /** Older generations removed by this run. */
  removed: string[];
}

const NAME = /^atelier-(\d{8})T(\d{6})(\d{3})Z\.db$/;

export function backupName(at: Date): string {
  return `atelier-${at.toISOString().replace(/[-:]/g, '').replace('.', '')}.db`;
}

/** Verified backups in `dir`, newest first. */
export function listBackups(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .flatMap((file): BackupFile[] => {
      const m = NAME.exec(file);
      if (!m) return [];
      const [, d = '', t = '', ms = ''] = m;
      const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}.${ms}Z`;
      const full = path.join(dir, file);
      return [{ file, path: full, bytes: fs.statSync(full).size, createdAt: new Date(iso) }];
    })
    .sort((a, b) => b.file.localeCompare(a.file));
}

/** Throws BackupError unless `file` is a sound SQLite database. */
export function verifyDatabaseFile(file: string): void {
  if (!fs.existsSync(file)) throw new BackupError(`${file}: no such file`);
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true, readonly: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) throw new BackupError(`${file}: integrity check failed: ${problems.join('; ')}`);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file}: not a readable SQLite database (${(err as Error).message})`, {
      cause: err,
    });
  } finally {
    db?.close();
  }
}

export async function backupDatabase(
  db: Db,
  opts: { dir: string; keep: number; now?: Date },
): Promise<BackupResult> {
  const started = performance.now();
  fs.mkdirSync(opts.dir, { recursive: true });
  const createdAt = opts.now ?? new Date();
  const file = backupName(createdAt);
  const final = path.join(opts.dir, file);
  const partial = `${final}.partial`;
  try {
    await db.backup(partial);
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    verifyDatabaseFile(partial);
    fs.renameSync(partial, final);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}-journal`, { force: true });
    throw err instanceof BackupError ? err : new BackupError(`backup failed: ${(err as Error).message}`);
  }
  const removed = listBackups(opts.dir)
    .slice(opts.keep)
    .map((b) => (fs.rmSync(b.path, { force: true }), b.file));
  const bytes = fs.statSync(final).size;
  return {
    file,
    path: final,
    bytes,
    createdAt,
    durationMs: Math.round(performance.now() - started),
    removed,
  };
}

/**
 * Before an upgrade migrates an existing database: a verified backup, so a failed or unwanted
 * migration can always be undone. Undefined when there is no file or nothing to migrate.
 */
export async function backupBeforeMigrating(
  dbPath: string,
  opts: { dir: string; keep: number },
): Promise<BackupResult | undefined> {
  if (!fs.existsSync(dbPath)) return undefined;
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    if (!tables.length) return undefined; // an empty file: nothing to lose
    const done = new Set(
      tables.includes('schema_migrations')
        ? db.prepare('SELECT version FROM schema_migrations').pluck().all()
        : [],
    );
    if (migrations.every((m) => done.has(m.version))) return undefined;
    return await backupDatabase(db, opts);
  } finally {
    db.close();
  }
}

export interface PeriodicBackupOptions {
  dir: string;
  keep: number;
  intervalMs: number;
  onResult(r: BackupResult): void;
  onError(err: Error): void;
}

/**
 * Backs up every `intervalMs`, counting from the newest backup on disk (a server restarted every night
 * still backs up once a day). Returns stop(), which waits for a backup in progress.
 */
export function startPeriodicBackups(db: Db, opts: PeriodicBackupOptions): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(run, Math.max(0, delay)).unref();
  };
  const run = () => {
    running = backupDatabase(db, opts).then(opts.onResult, (err: Error) => opts.onError(err));
    void running.then(() => schedule(opts.intervalMs));
  };
  if (opts.intervalMs > 0) {
    const latest = listBackups(opts.dir)[0];
    schedule(latest ? latest.createdAt.getTime() + opts.intervalMs - Date.now() : 0);
  }
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
