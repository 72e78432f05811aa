import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BackupError,
  backupDatabase,
  backupName,
  listBackups,
  startPeriodicBackups,
  verifyDatabaseFile,
} from '../../../server/store/backup.js';
import { openDatabase, type Db } from '../../../server/store/database.js';
import { UsersRepo } from '../../../server/store/users-repo.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-backup-'));
const open: Db[] = [];
function database(): { db: Db; dir: string } {
  const dir = tmp();
  const db = openDatabase(path.join(dir, 'atelier.db'));
  open.push(db);
  new UsersRepo(db).create('alice', 'hash');
  return { db, dir };
}
afterEach(() => {
  vi.useRealTimers();
  while (open.length) open.pop()?.close();
});

describe('online backup', () => {
  it('writes a verified, self-contained copy while the database stays open', async () => {
    const { db, dir } = database();
    db.prepare('INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)').run(
      'u2',
      'bob',
      'h',
      1,
    ); // still in the WAL, not yet checkpointed
    const r = await backupDatabase(db, { dir: path.join(dir, 'backups'), keep: 3 });
    expect(r.file).toMatch(/^atelier-\d{8}T\d{9}Z\.db$/);
    expect(fs.existsSync(`${r.path}-wal`)).toBe(false);
    const copy = new Database(r.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT username FROM users ORDER BY username').pluck().all()).toEqual([
      'alice',
      'bob',
    ]);
    copy.close();
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([r.file]);
  });

  it('keeps the newest N generations and lists them newest first', async () => {
    const { db, dir } = database();
    const backups = path.join(dir, 'backups');
    for (let i = 0; i < 5; i++)
      await backupDatabase(db, { dir: backups, keep: 3, now: new Date(Date.UTC(2025, 0, 1, 12, 0, i)) });
    const kept = listBackups(backups);
    expect(kept.map((b) => b.createdAt.toISOString())).toEqual([
      '2025-01-01T12:00:04.000Z',
      '2025-01-01T12:00:03.000Z',
      '2025-01-01T12:00:02.000Z',
    ]);
    expect(backupName(new Date('2025-01-01T12:00:04.000Z'))).toBe(kept[0]?.file);
  });

  it('refuses a damaged file', () => {
    const dir = tmp();
    const bad = path.join(dir, 'atelier-20250101T000000000Z.db');
    fs.writeFileSync(bad, 'SQLite format 3\0' + 'x'.repeat(4000));
    expect(() => verifyDatabaseFile(bad)).toThrow(BackupError);
    expect(() => verifyDatabaseFile(path.join(dir, 'missing.db'))).toThrow(BackupError);
  });

  it('leaves no partial file when the copy fails', async () => {
    const { db, dir } = database();
    const blocked = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocked, '');
    await expect(backupDatabase(db, { dir: blocked, keep: 2 })).rejects.toThrow();
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('backs up periodically, counting from the newest backup on disk', async () => {
    const { db, dir } = database();
    const backups = path.join(dir, 'backups');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2025-03-01T10:00:00Z'));
    await backupDatabase(db, { dir: backups, keep: 10, now: new Date('2025-03-01T09:30:00Z') });
    const results: string[] = [];
    const stop = startPeriodicBackups(db, {
      dir: backups,
      keep: 10,
      intervalMs: 3600_000,
      onResult: (r) => results.push(r.createdAt.toISOString()),
      onError: (e) => results.push(`error ${e.message}`),
    });
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    expect(results).toEqual([]); // due at 10:30, one interval after the 09:30 backup
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await vi.waitFor(() => expect(results).toEqual(['2025-03-01T10:30:00.000Z']));
    await stop();
    await vi.advanceTimersByTimeAsync(2 * 3600_000);
    expect(results).toHaveLength(1);
  });
});
