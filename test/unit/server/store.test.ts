import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../server/auth/password.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { SessionsRepo } from '../../../server/store/sessions-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';

describe('store', () => {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const alice = users.create('alice', 'x')!;

  it('refuses a taken username whatever its case', () => {
    expect(users.create('ALICE', 'y')).toBeUndefined();
  });

  it('keeps one lab per (user, course)', () => {
    const labs = new LabsRepo(db);
    const a = labs.getOrCreate(alice.id, 'premiers-pas', 'atelier/base');
    const b = labs.getOrCreate(alice.id, 'premiers-pas', 'atelier/base');
    expect(b.id).toBe(a.id);
    expect(a.id).toMatch(/^[a-f0-9]{16}$/);
  });

  it('records attempts and never clears a completion', () => {
    const progress = new ProgressRepo(db);
    progress.recordAttempt(alice.id, 'c', 'e1', false, []);
    progress.recordAttempt(alice.id, 'c', 'e1', true, []);
    progress.recordAttempt(alice.id, 'c', 'e1', false, []);
    const [row] = progress.listByUser(alice.id);
    expect(row).toMatchObject({ courseId: 'c', exerciseId: 'e1', attempts: 3 });
    expect(row!.completedAt).toMatch(/^\d{4}-/);
  });

  it('expires sessions', () => {
    const sessions = new SessionsRepo(db);
    const id = sessions.create(alice.id, 0);
    expect(sessions.userIdOf(id, 1)).toBe(alice.id);
    expect(sessions.userIdOf(id, 10 ** 13)).toBeUndefined();
  });

  it('deleting a user deletes their labs and progress', () => {
    const bob = users.create('bob', 'x')!;
    new LabsRepo(db).getOrCreate(bob.id, 'c', 'img');
    users.delete(bob.id);
    expect(new LabsRepo(db).listByUser(bob.id)).toEqual([]);
  });
});

describe('password hashing', () => {
  it('verifies the right password only', async () => {
    const params = { N: 2 ** 12, r: 8, p: 1 };
    const h = await hashPassword('correct horse battery', params);
    expect(h.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('wrong horse battery', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
