import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupBeforeMigrating, listBackups } from '../../../server/store/backup.js';
import { MigrationError, openDatabase } from '../../../server/store/database.js';
import { migrations } from '../../../server/store/migrations.js';
import { UsersRepo } from '../../../server/store/users-repo.js';

const BROKEN = {
  version: 1_000_000,
  name: 'broken on purpose',
  // The first statement works, the second fails: the transaction must take the first back too.
  sql: `CREATE TABLE half_done (x INTEGER); ALTER TABLE users ADD COLUMN half TEXT; INSERT INTO nowhere VALUES (1);`,
};

/** Everything a migration could change: the schema, the applied versions and the rows. */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(),
      versions: db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all(),
      users: db.prepare('SELECT * FROM users ORDER BY username').all(),
    };
  } finally {
    db.close();
  }
}

/** A real database file, migrated and filled, then copied: the copy is what an upgrade opens. */
function copyOfADatabase(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-migrate-'));
  const original = path.join(dir, 'original.db');
  const db = openDatabase(original);
  new UsersRepo(db).create('alice', 'hash-a', 'admin');
  new UsersRepo(db).create('bob', 'hash-b');
  db.close(); // checkpoints the WAL into the file
  const copy = path.join(dir, 'copy', 'atelier.db');
  fs.mkdirSync(path.dirname(copy));
  fs.copyFileSync(original, copy);
  return copy;
}

/** A migration that works on its own: with a broken one after it, it must not stay applied either. */
const GOOD = { version: 999_999, name: 'fine alone', sql: 'CREATE TABLE fine (x INTEGER);' };

afterEach(() => {
  for (const m of [GOOD, BROKEN]) {
    const i = migrations.indexOf(m);
    if (i >= 0) migrations.splice(i, 1);
  }
});

describe('a failing migration', () => {
  it('stops with a MigrationError naming it, and leaves the database as it was', () => {
    const file = copyOfADatabase();
    const before = snapshot(file);
    migrations.push(GOOD, BROKEN); // one upgrade bringing two migrations: all or nothing
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toBe(
      'migration 1000000 (broken on purpose) failed: no such table: nowhere',
    );
    expect(snapshot(file)).toEqual(before);

    // The same file opens normally once the broken migration is gone.
    migrations.splice(migrations.indexOf(BROKEN), 1);
    const db = openDatabase(file);
    expect(db.prepare('SELECT name FROM schema_migrations WHERE version = ?').pluck().get(GOOD.version)).toBe(
      GOOD.name,
    );
    expect(new UsersRepo(db).findByUsername('bob')?.role).toBe('learner');
    db.close();
  });

  it('is preceded by a verified backup of the database it would change', async () => {
    const file = copyOfADatabase();
    const dir = path.join(path.dirname(file), 'backups');
    expect(await backupBeforeMigrating(file, { dir, keep: 5 })).toBeUndefined(); // up to date
    migrations.push(BROKEN);
    const b = await backupBeforeMigrating(file, { dir, keep: 5 });
    expect(b && listBackups(dir).map((x) => x.file)).toEqual([b?.file]);
    expect(() => openDatabase(file)).toThrow(MigrationError);
    expect(snapshot(b!.path).users).toEqual(snapshot(file).users);
  });
});
