import { describe, expect, it, vi } from 'vitest';
import type { CheckOutcome, CourseRegistry } from '../../../server/courses/course-registry.js';
import { LabService, type LabNotifier } from '../../../server/labs/lab-service.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

describe('LabService: a check result waits for the durability barrier', () => {
  it('records the attempt, awaits durable(), then notifies and answers', async () => {
    const db = openDatabase(':memory:');
    const alice = new UsersRepo(db).create('alice', 'x')!;
    const outcome: CheckOutcome = {
      exerciseId: 'e1',
      passed: true,
      checks: [],
      score: 1,
      maxScore: 1,
      durationMs: 1,
    };
    const registry = {
      environmentOf: () => 'base',
      machinesOf: () => [{ name: 'lab', image: 'base' }],
      has: () => true,
      exerciseIds: () => ['e1'],
      runChecks: vi.fn(async () => outcome),
      setupLab: vi.fn(async () => undefined),
    } as unknown as CourseRegistry;
    const notifier: LabNotifier = {
      status: vi.fn(),
      checkResult: vi.fn(),
      labClosing: vi.fn(async () => undefined),
    };
    let release = () => {};
    const durable = vi.fn(() => new Promise<void>((r) => (release = r)));
    const progress = new ProgressRepo(db);
    const service = new LabService({
      defaultLang: 'fr',
      autoCheckQuietMs: 0,
      labs: new LabsRepo(db),
      progress,
      runtime: new FakeRuntime(),
      registry,
      imagePrefix: 'atelier',
      notifier,
      durable,
    });
    const lab = await service.start(alice.id, 'c1');
    let answered = false;
    const check = service.check(alice.id, lab.id, 'e1', 'fr').then(() => (answered = true));
    await vi.waitFor(() => expect(durable).toHaveBeenCalledTimes(1));
    expect(progress.listByUser(alice.id)[0]).toMatchObject({ exerciseId: 'e1', attempts: 1 });
    expect(notifier.checkResult).not.toHaveBeenCalled();
    expect(answered).toBe(false);
    release();
    await check;
    expect(notifier.checkResult).toHaveBeenCalledTimes(1);
  });
});
