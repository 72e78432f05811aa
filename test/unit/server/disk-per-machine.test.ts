// Disk quotas apply per machine: a lab of several is stopped when one machine is over, not for their sum.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskWatchdog } from '../../../server/labs/disk-watchdog.js';
import type { DiskUsage, SandboxRuntime } from '../../../server/sandbox/sandbox-runtime.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';

const MB = 1024 * 1024;

describe('disk watchdog with machines', () => {
  it('stops a lab when one machine is over its quota, naming it, and not for the sum', async () => {
    const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'disk-')), 'a.db'));
    const u = new UsersRepo(db).create('ana', 'x'.repeat(60))!;
    const labs = new LabsRepo(db);
    const lab = labs.getOrCreate(u.id, 'duo', 'img');
    labs.setState(lab.id, 'running');
    let usage: DiskUsage = {
      bytes: 150 * MB,
      machines: [
        { name: 'web', bytes: 75 * MB },
        { name: 'db', bytes: 75 * MB },
      ],
    };
    const parked: string[] = [];
    const watchdog = new DiskWatchdog({
      runtime: { diskUsage: async () => usage } as unknown as SandboxRuntime,
      labs,
      actions: { park: async (_id, _reason, message) => (parked.push(message), true) },
      limits: { quotaBytes: 100 * MB, entryLimit: 0, minFreeBytes: 0 },
    });
    expect(await watchdog.poll()).toEqual([]);
    usage = {
      bytes: 130 * MB,
      machines: [
        { name: 'web', bytes: 10 * MB },
        { name: 'db', bytes: 120 * MB },
      ],
    };
    expect(await watchdog.poll()).toEqual([lab.id]);
    expect(parked[0]).toMatch(/120 Mo écrits sur db pour 100 Mo permis/);
  });
});
