import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SetupToken } from '../../../server/auth/setup-token.js';
import { ClassJoin } from '../../../server/classes/class-join.js';
import { FailureBudget } from '../../../server/classes/failure-budget.js';
import { AccountRepo } from '../../../server/store/account-repo.js';
import { ClassMemberRepo } from '../../../server/store/class-member-repo.js';
import { ClassRepo } from '../../../server/store/class-repo.js';
import { migrate, openDatabase } from '../../../server/store/database.js';
import { migrations } from '../../../server/store/migrations.js';
import { UsersRepo } from '../../../server/store/users-repo.js';

describe('migration 2 on a copy of the previous schema', () => {
  it('keeps every user, lab and progress row and adds the class tables', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-mig-')), 'old.db');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER)');
    old.exec(migrations.find((m) => m.version === 1)!.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(migrations[0]!.name);
    old.prepare("INSERT INTO users VALUES ('u1', 'alice', 'h', 'learner', NULL, 1)").run();
    old.prepare("INSERT INTO labs VALUES ('l1', 'u1', 'c', 'img', 'running', 1, 1)").run();
    old.prepare("INSERT INTO progress VALUES ('u1', 'c', 'e', 2, 5, '[]', 5)").run();
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({
      v: Math.max(...migrations.map((m) => m.version)),
    });
    expect(db.prepare('SELECT id, username, display_name FROM users').all()).toEqual([
      { id: 'u1', username: 'alice', display_name: null },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM labs').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT attempts, completed_at FROM progress').get()).toEqual({
      attempts: 2,
      completed_at: 5,
    });
    for (const t of ['classes', 'class_courses', 'class_members', 'exercise_time'])
      expect(
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(t),
      ).toBeTruthy();
    expect(migrate(db)).toBe(0); // idempotent
    db.close();
  });
});

describe('class store', () => {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const accounts = new AccountRepo(db);
  const classes = new ClassRepo(db);
  const members = new ClassMemberRepo(db);
  const trainer = users.create('t', 'h', 'trainer')!;

  it('creates a class with its trainer, refuses a duplicate code, keeps course order', () => {
    const c = classes.create({ name: 'A', courseIds: ['b', 'a'] }, 'X-1111', trainer.id)!;
    expect(c).toMatchObject({
      joinCode: 'X-1111',
      joiningOpen: true,
      courseIds: ['b', 'a'],
      archivedAt: null,
    });
    expect(members.roleIn(c.id, trainer.id)).toBe('trainer');
    expect(classes.create({ name: 'B', courseIds: ['a'] }, 'X-1111', trainer.id)).toBeUndefined();
    expect(classes.setCode(c.id, 'X-1111')).toBe(true);
    classes.update(c.id, { archived: true, courseIds: ['a'] });
    expect(classes.get(c.id)).toMatchObject({
      joiningOpen: false,
      courseIds: ['a'],
      archivedAt: expect.any(Number),
    });
  });

  it('joins within capacity; a full class creates no account', () => {
    const c = classes.create({ name: 'Small', courseIds: ['a'], capacity: 1 }, 'S-2222', trainer.id)!;
    const join = new ClassJoin({ db, classes, members, users, accounts, onJoined: () => undefined });
    const first = join.joinNew('s 2222', 'Zoé Martin', 'hash');
    expect(first.user.username).toBe('zoe-martin');
    expect(accounts.get(first.user.id)?.displayName).toBe('Zoé Martin');
    expect(() => join.joinNew('S-2222', 'Léo', 'hash')).toThrow(/complète/);
    expect(users.findByUsername('leo')).toBeUndefined();
    expect(members.addLearner(c.id, first.user.id, 1)).toBe('already-member');
    expect(members.teaches(trainer.id, first.user.id)).toBe(true);
    expect(() => join.resolve('NOPE-0000')).toThrow(/aucune classe/);
  });

  it('never removes the last administrator', () => {
    const admin = users.create('root', 'h', 'admin')!;
    expect(accounts.setRole(admin.id, 'learner')).toBe(false);
    const other = users.create('root2', 'h', 'admin')!;
    expect(accounts.setRole(admin.id, 'learner')).toBe(true);
    expect(accounts.setRole(other.id, 'trainer')).toBe(false);
  });
});

describe('setup token and failure budget', () => {
  it('issues one token while no admin exists, compares it, and retires it', () => {
    let admins = 0;
    const setup = new SetupToken(() => admins > 0);
    const token = setup.issue()!;
    expect(setup.issue()).toBe(token);
    expect(setup.link('https://a.example/')).toBe(`https://a.example/setup?token=${token}`);
    expect(setup.matches('nope')).toBe(false);
    expect(setup.matches(token)).toBe(true);
    admins = 1;
    expect(setup.matches(token)).toBe(false);
    expect(setup.issue()).toBeUndefined();
  });

  it('refuses every attempt, right ones included, once the failures are spent', () => {
    const b = new FailureBudget(2, 1000);
    b.fail('ip:1', 0);
    b.check('ip:1', 1);
    b.fail('ip:1', 2);
    expect(() => b.check('ip:1', 3)).toThrow(/Trop de codes/);
    b.check('ip:2', 3);
    b.check('ip:1', 1001);
  });
});
