// The host cap counts machines: a lab of three machines takes three of ATELIER_MAX_LABS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabAdmission } from '../../../server/labs/lab-admission.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';

describe('admission with multi-machine labs', () => {
  it('weighs each lab by its machines on the host cap', () => {
    const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'adm-')), 'a.db'));
    const users = new UsersRepo(db);
    const labs = new LabsRepo(db);
    const machines = (courseId: string) => (courseId === 'trio' ? 3 : 1);
    const admission = new LabAdmission({ maxLabs: 4, labsPerUser: 0, labsPerIp: 0 }, labs, machines);
    const ids = ['a', 'b', 'c'].map((name) => {
      const u = users.create(name, 'x'.repeat(60), 'learner')!;
      return labs.getOrCreate(u.id, name === 'a' ? 'trio' : 'solo', 'img').id;
    });
    const [trio, solo, other] = ids as [string, string, string];
    admission.admit(trio, 'a', undefined, 'trio')();
    labs.setState(trio, 'running');
    admission.admit(solo, 'b', undefined, 'solo')();
    labs.setState(solo, 'running');
    expect(() => admission.admit(other, 'c', undefined, 'solo')).toThrow(/4 machines de lab/);
    labs.setState(trio, 'stopped');
    expect(() => admission.admit(other, 'c', undefined, 'trio')).not.toThrow();
  });
});
