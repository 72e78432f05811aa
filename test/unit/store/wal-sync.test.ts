import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../../server/store/database.js';
import { WalSync } from '../../../server/store/wal-sync.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-walsync-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Counts fdatasync calls on any FileHandle. */
async function countSyncs() {
  const probe = await fsp.open(path.join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const spy = vi.spyOn(proto, 'datasync');
  return () => spy.mock.calls.length;
}

/** A connection-like object over a plain file (`<name>-wal`), to replace the file under WalSync. */
const fakeDb = (name: string) => ({ name, memory: false, open: true }) as unknown as Db;

describe('WalSync', () => {
  afterEach(() => vi.restoreAllMocks());

  it('coalesces concurrent callers: one sync runs, all who came meanwhile share the next one', async () => {
    const db = openDatabase(path.join(dir, 'a.db'));
    db.exec('CREATE TABLE t (x)');
    const wal = new WalSync(db, 0);
    const syncs = await countSyncs();
    db.prepare('INSERT INTO t VALUES (1)').run();
    const first = wal.sync();
    db.prepare('INSERT INTO t VALUES (2)').run(); // committed after the first sync began
    const later = [wal.sync(), wal.sync(), wal.sync(), wal.sync()];
    await Promise.all([first, ...later]);
    expect(syncs()).toBe(2);
    await wal.sync();
    expect(syncs()).toBe(3);
    await wal.close();
    await closeDatabase(db);
  });

  it('reopens a replaced -wal file and skips a missing one', async () => {
    const file = path.join(dir, 'b.db-wal');
    fs.writeFileSync(file, 'one');
    const wal = new WalSync(fakeDb(path.join(dir, 'b.db')), 0);
    const syncs = await countSyncs();
    await wal.sync();
    fs.rmSync(file); // the last connection closed: SQLite deleted it
    await wal.sync();
    expect(syncs()).toBe(1);
    fs.writeFileSync(file, 'two'); // a new WAL, another inode
    await wal.sync();
    expect(syncs()).toBe(2);
    await wal.close();
  });

  it('the periodic sync runs only when the WAL changed since the last sync', async () => {
    const file = path.join(dir, 'c.db-wal');
    fs.writeFileSync(file, 'one');
    const wal = new WalSync(fakeDb(path.join(dir, 'c.db')), 0);
    const tick = () => (wal as unknown as { tick: () => Promise<void> }).tick();
    const syncs = await countSyncs();
    await tick();
    expect(syncs()).toBe(1);
    await tick();
    expect(syncs()).toBe(1);
    fs.appendFileSync(file, 'more');
    await tick();
    expect(syncs()).toBe(2);
    await wal.close();
  });

  it('an in-memory database has nothing to sync', async () => {
    const db = openDatabase(':memory:');
    await expect(new WalSync(db, 0).sync()).resolves.toBeUndefined();
    db.close();
  });
});
