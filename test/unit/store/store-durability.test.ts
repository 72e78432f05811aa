// What a killed server keeps (synchronous = NORMAL, batched writes): a child process writes through the real
// repositories; the database file, reopened, has what it committed, and a clean close commits the batch.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';

const CHILD = `
import { closeDatabase, openDatabase } from './server/store/database.js';
import { LabsRepo } from './server/store/labs-repo.js';
import { ProgressRepo } from './server/store/progress-repo.js';
import { UsersRepo } from './server/store/users-repo.js';
const [file, mode] = process.argv.slice(2);
const db = openDatabase(file);
const user = new UsersRepo(db).create('durable', 'h');
const labs = new LabsRepo(db);
const lab = labs.getOrCreate(user.id, 'premiers-pas', 'img', 1);
for (let t = 2; t <= 9; t++) labs.touch(lab.id, t * 1000); // queued in the write batch
if (mode === 'kill') new ProgressRepo(db).recordAttempt(user.id, 'premiers-pas', 'se-reperer', true, []);
else await closeDatabase(db);
process.stdout.write('written ' + user.id + ' ' + lab.id + '\\n');
setInterval(() => undefined, 1000); // stay alive until killed
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-durable-'));
const script = path.resolve(`.store-durability-child-${process.pid}.mts`);
fs.writeFileSync(script, CHILD);
afterAll(() => {
  fs.rmSync(script, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the child until it has written, then kills it with SIGKILL; returns the ids it printed. */
async function runAndKill(dbFile: string, mode: 'kill' | 'close') {
  const child = spawn(process.execPath, ['--import', 'tsx', script, dbFile, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ids = await new Promise<{ userId: string; labId: string }>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /written (\S+) (\S+)/.exec(d.toString());
      if (m) resolve({ userId: m[1]!, labId: m[2]! });
    });
    child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return ids;
}

describe('store durability', () => {
  it('keeps an attempt committed right before a SIGKILL', async () => {
    const file = path.join(dir, 'kill.db');
    const { userId } = await runAndKill(file, 'kill');
    const db = openDatabase(file);
    const [row] = new ProgressRepo(db).listByUser(userId);
    expect(row).toMatchObject({ exerciseId: 'se-reperer', attempts: 1, completedAt: expect.any(String) });
    db.close();
  }, 30_000);

  it('commits the queued touches when the database is closed', async () => {
    const file = path.join(dir, 'close.db');
    const { labId } = await runAndKill(file, 'close');
    const db = openDatabase(file);
    expect(new LabsRepo(db).get(labId)?.lastActivityAt).toBe(9_000);
    db.close();
  }, 30_000);
});
