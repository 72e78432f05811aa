import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../../server/store/database.js';
import { ClassMemberRepo } from '../../../server/store/class-member-repo.js';
import { ClassRepo } from '../../../server/store/class-repo.js';
import { ClassProgressRepo } from '../../../server/store/class-progress-repo.js';
import { ExerciseTimeRepo } from '../../../server/store/exercise-time-repo.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { WriteBatch, writeBatchOf } from '../../../server/store/write-batch.js';

/** Counts the transactions the batch commits (one per flush, whatever its size). */
function counting(db: Db) {
  const run = vi.spyOn(db, 'transaction');
  return () => run.mock.calls.length;
}

function seeded() {
  const db = openDatabase(':memory:');
  const user = new UsersRepo(db).create('ann', 'h')!;
  const labs = new LabsRepo(db);
  const lab = labs.getOrCreate(user.id, 'k', 'img', 1);
  return { db, user, labs, lab };
}

const storedActivity = (db: Db, id: string) =>
  (db.prepare('SELECT last_activity_at AS t FROM labs WHERE id = ?').get(id) as { t: number }).t;

describe('WriteBatch', () => {
  afterEach(() => vi.useRealTimers());

  it('folds many touches of one lab into one UPDATE, committed in one transaction per interval', () => {
    vi.useFakeTimers();
    const { db, labs, lab } = seeded();
    const transactions = counting(db);
    const update = vi.fn((at: number) => db.prepare('UPDATE labs SET last_activity_at = ?').run(at));
    const batch = new WriteBatch(db, 500);
    for (let t = 10; t <= 50; t += 10) batch.queue(`touch:${lab.id}`, t, update);
    batch.queue('other', 0, () => undefined);
    expect(update).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(update.mock.calls).toEqual([[50]]);
    expect(transactions()).toBe(1);
    expect(storedActivity(db, lab.id)).toBe(50);
    expect(labs.get(lab.id)?.lastActivityAt).toBe(50);
  });

  it('LabsRepo.touch is queued, yet its reads already see it', () => {
    const { db, labs, lab } = seeded();
    labs.touch(lab.id, 5_000);
    expect(storedActivity(db, lab.id)).toBe(1);
    expect(labs.get(lab.id)?.lastActivityAt).toBe(5_000);
    expect(labs.listAll().find((r) => r.id === lab.id)?.lastActivityAt).toBe(5_000);
    expect(writeBatchOf(db).flush()).toBe(1);
    expect(storedActivity(db, lab.id)).toBe(5_000);
  });

  it('sums exercise time queued for one exercise; the class grid flushes before reading it', () => {
    const { db, user } = seeded();
    const trainer = new UsersRepo(db).create('tess', 'h')!;
    const cls = new ClassRepo(db).create({ name: 'C', courseIds: ['k'] }, 'CODE1234', trainer.id)!;
    new ClassMemberRepo(db).addLearner(cls.id, user.id, null);
    const times = new ExerciseTimeRepo(db);
    times.add(user.id, 'k', 'e1', 1_000, 100);
    times.add(user.id, 'k', 'e1', 2_000, 200);
    times.add(user.id, 'k', 'e2', 500, 300);
    expect(writeBatchOf(db).size).toBe(2);
    const facts = new ClassProgressRepo(db).times(cls.id);
    expect(facts).toEqual([
      {
        userId: user.id,
        courseId: 'k',
        exerciseId: 'e1',
        startedAt: 100,
        activeMs: 3_000,
        lastActiveAt: 200,
      },
      { userId: user.id, courseId: 'k', exerciseId: 'e2', startedAt: 300, activeMs: 500, lastActiveAt: 300 },
    ]);
    expect(writeBatchOf(db).size).toBe(0);
  });

  it('a reset does not bring queued time back', () => {
    const { db, user } = seeded();
    const times = new ExerciseTimeRepo(db);
    times.add(user.id, 'k', 'e1', 1_000, 100);
    times.clear(user.id, 'k');
    writeBatchOf(db).flush();
    expect(db.prepare('SELECT COUNT(*) AS n FROM exercise_time').get()).toEqual({ n: 0 });
  });

  it('a failed flush keeps its writes, before those queued meanwhile', () => {
    const { db } = seeded();
    const batch = new WriteBatch(db, 500);
    const done: string[] = [];
    let fail = true;
    batch.queue('a', 1, () => {
      if (fail) throw new Error('disk full');
      done.push('a');
    });
    expect(() => batch.flush()).toThrow('disk full');
    batch.queue('b', 2, () => done.push('b'));
    fail = false;
    expect(batch.flush()).toBe(2);
    expect(done).toEqual(['a', 'b']);
  });

  it('drops a write refused by a constraint and commits the others; time of a deleted learner is skipped', () => {
    const { db, user, labs, lab } = seeded();
    const errors: unknown[] = [];
    writeBatchOf(db).onError = (err) => errors.push(err);
    const times = new ExerciseTimeRepo(db);
    const gone = new UsersRepo(db).create('gone', 'h')!;
    times.add(gone.id, 'k', 'e1', 1_000, 100);
    new UsersRepo(db).delete(gone.id);
    times.add(user.id, 'k', 'e1', 1_000, 100);
    writeBatchOf(db).queue('bad', 0, () => db.prepare("INSERT INTO labs (id) VALUES ('x')").run());
    labs.touch(lab.id, 9);
    expect(writeBatchOf(db).flush()).toBe(3);
    expect(errors).toHaveLength(1);
    expect(storedActivity(db, lab.id)).toBe(9);
    expect(db.prepare('SELECT user_id AS u FROM exercise_time').all()).toEqual([{ u: user.id }]);
  });

  it('closing the database commits what is queued', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-batch-'));
    const file = path.join(dir, 'a.db');
    const { labs, lab, db } = (() => {
      const db = openDatabase(file);
      const user = new UsersRepo(db).create('bob', 'h')!;
      const labs = new LabsRepo(db);
      return { db, labs, lab: labs.getOrCreate(user.id, 'k', 'img', 1) };
    })();
    labs.touch(lab.id, 7_000);
    await closeDatabase(db);
    const again = openDatabase(file);
    expect(storedActivity(again, lab.id)).toBe(7_000);
    again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
