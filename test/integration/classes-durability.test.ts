// Grade-relevant writes survive a `kill -9` of the server process: a child process records a passed
// check through the real repository and is killed at once; the database file, reopened, has the row.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.js';
import { ProgressRepo } from '../../server/store/progress-repo.js';

const CHILD = `
import { openDatabase } from './server/store/database.js';
import { ProgressRepo } from './server/store/progress-repo.js';
import { UsersRepo } from './server/store/users-repo.js';
const db = openDatabase(process.argv[2]);
const user = new UsersRepo(db).create('durable', 'h');
new ProgressRepo(db).recordAttempt(user.id, 'premiers-pas', 'se-reperer', true, []);
process.stdout.write('written ' + user.id + '\\n');
setInterval(() => undefined, 1000); // stay alive until killed
`;

describe('classes: durable progress', () => {
  it('keeps a recorded pass after kill -9', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-kill-'));
    const dbFile = path.join(dir, 'atelier.db');
    const script = path.resolve(`.kill9-child-${process.pid}.mts`);
    fs.writeFileSync(script, CHILD);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dbFile], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const userId = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          const m = /written (\S+)/.exec(d.toString());
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const db = openDatabase(dbFile);
      const [row] = new ProgressRepo(db).listByUser(userId);
      expect(row).toMatchObject({ exerciseId: 'se-reperer', attempts: 1, completedAt: expect.any(String) });
      db.close();
    } finally {
      fs.rmSync(script, { force: true });
    }
  });
});
