import { describe, expect, it, vi } from 'vitest';
import type { CheckOutcome, CourseRegistry } from '../../../server/courses/course-registry.js';
import { LabService, type LabNotifier, type LabServiceDeps } from '../../../server/labs/lab-service.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

function setup(autoCheckQuietMs = 0, more: Partial<LabServiceDeps> = {}) {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const alice = users.create('alice', 'x')!;
  const bob = users.create('bob', 'x')!;
  const runtime = new FakeRuntime();
  const outcome: CheckOutcome = {
    exerciseId: 'e1',
    passed: true,
    checks: [],
    score: 1,
    maxScore: 1,
    durationMs: 1,
  };
  const registry = {
    environmentOf: (id: string) => (id === 'c1' ? 'base' : undefined),
    machinesOf: (id: string) => (id === 'c1' ? [{ name: 'lab', image: 'base' }] : undefined),
    has: (c: string, e?: string) => c === 'c1' && (e === undefined || e === 'e1'),
    exerciseIds: () => ['e1', 'e2'],
    runChecks: vi.fn(async () => outcome),
    setupLab: vi.fn(async () => undefined),
  } as unknown as CourseRegistry;
  const notifier: LabNotifier = {
    status: vi.fn(),
    checkResult: vi.fn(),
    labClosing: vi.fn(async () => undefined),
  };
  const labs = new LabsRepo(db);
  const service = new LabService({
    defaultLang: 'fr',
    autoCheckQuietMs,
    labs,
    progress: new ProgressRepo(db),
    runtime,
    registry,
    imagePrefix: 'atelier',
    notifier,
    ...more,
  });
  return { db, alice, bob, runtime, registry, notifier, labs, service };
}

describe('LabService', () => {
  it('starts one lab per (user, course), even for concurrent requests, and sets it up once', async () => {
    const { service, alice, runtime, registry } = setup();
    const [a, b] = await Promise.all([service.start(alice.id, 'c1'), service.start(alice.id, 'c1')]);
    expect(a.id).toBe(b.id);
    expect(a.state).toBe('running');
    expect(runtime.labs.size).toBe(1);
    expect(registry.setupLab).toHaveBeenCalledTimes(1);
  });

  it('refuses an unknown course and hides other users’ labs', async () => {
    const { service, alice, bob } = setup();
    await expect(service.start(alice.id, 'nope')).rejects.toMatchObject({ reason: 'unknown-course' });
    const lab = await service.start(alice.id, 'c1');
    expect(() => service.owned(bob.id, lab.id)).toThrow(expect.objectContaining({ reason: 'unknown-lab' }));
    await expect(service.check(bob.id, lab.id, 'e1', 'fr')).rejects.toMatchObject({ reason: 'unknown-lab' });
    await expect(service.reset(bob.id, lab.id)).rejects.toMatchObject({ reason: 'unknown-lab' });
  });

  it('records check attempts and pushes the result', async () => {
    const { service, alice, notifier, db } = setup();
    const lab = await service.start(alice.id, 'c1');
    await service.check(alice.id, lab.id, 'e1', 'fr');
    expect(new ProgressRepo(db).listByUser(alice.id)[0]).toMatchObject({ exerciseId: 'e1', attempts: 1 });
    expect(notifier.checkResult).toHaveBeenCalledWith(
      alice.id,
      expect.objectContaining({ labId: lab.id, passed: true }),
    );
    await expect(service.check(alice.id, lab.id, 'zz', 'fr')).rejects.toMatchObject({
      reason: 'unknown-exercise',
    });
  });

  it('reset closes terminals and gives a fresh container', async () => {
    const { service, alice, notifier, runtime, registry } = setup();
    const lab = await service.start(alice.id, 'c1');
    await service.reset(alice.id, lab.id);
    expect(notifier.labClosing).toHaveBeenCalledWith(lab.id);
    expect((await runtime.poll(lab.id)).state).toBe('running');
    expect(registry.setupLab).toHaveBeenCalledTimes(2);
  });

  it('reconcile adopts known labs, removes orphans and marks vanished ones', async () => {
    const { service, alice, bob, runtime, labs } = setup();
    const a = await service.start(alice.id, 'c1');
    const b = await service.start(bob.id, 'c1');
    await runtime.ensureLab({
      labId: 'orphan0000000000',
      userId: 'ghost',
      courseId: 'c1',
      image: 'atelier/base',
    });
    await runtime.remove(b.id);
    const r = await service.reconcile();
    expect(r).toEqual({ adopted: 1, orphansRemoved: 1, missing: 1 });
    expect((await runtime.poll('orphan0000000000')).state).toBe('missing');
    expect(labs.get(a.id)?.state).toBe('running');
    expect(labs.get(b.id)?.state).toBe('missing');
    // The vanished lab comes back on the next start, with its setup applied again.
    expect((await service.start(bob.id, 'c1')).state).toBe('running');
  });

  it('auto-checks the first unfinished exercise once the terminal goes quiet', async () => {
    const { service, alice, notifier, registry, db } = setup(20);
    const lab = await service.start(alice.id, 'c1');
    service.noteInput(alice.id, lab.id);
    service.noteOutput(alice.id, lab.id);
    await new Promise((r) => setTimeout(r, 80));
    expect(registry.runChecks).toHaveBeenCalledTimes(1);
    expect(registry.runChecks).toHaveBeenCalledWith(expect.anything(), lab.id, 'c1', 'e1', 'fr');
    expect(notifier.checkResult).toHaveBeenCalledWith(alice.id, expect.objectContaining({ auto: true }));
    expect(new ProgressRepo(db).listByUser(alice.id)[0]).toMatchObject({ exerciseId: 'e1', attempts: 1 });
    service.noteInput(alice.id, lab.id);
    await new Promise((r) => setTimeout(r, 80));
    expect(registry.runChecks).toHaveBeenLastCalledWith(expect.anything(), lab.id, 'c1', 'e2', 'fr');
    service.dispose();
  });

  it('auto-checks only after new input, never on a lab whose button check runs, later when busy', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      const { service, alice, registry } = setup(20);
      const lab = await service.start(alice.id, 'c1');
      service.noteInput(alice.id, lab.id);
      await vi.advanceTimersByTimeAsync(50);
      expect(registry.runChecks).toHaveBeenCalledTimes(1);
      service.noteOutput(alice.id, lab.id); // output after the check, nothing typed
      await vi.advanceTimersByTimeAsync(50);
      expect(registry.runChecks).toHaveBeenCalledTimes(1);

      // Typed, then « Vérifier »: the button check covers it, no automatic one after.
      service.noteInput(alice.id, lab.id);
      await service.check(alice.id, lab.id, 'e1', 'fr');
      await vi.advanceTimersByTimeAsync(50);
      expect(registry.runChecks).toHaveBeenCalledTimes(2);

      // A busy host puts the automatic check off; the button check still runs at once.
      const busy = vi.spyOn(service.lifecycle.pressure, 'busy').mockReturnValue(true);
      service.noteInput(alice.id, lab.id);
      await vi.advanceTimersByTimeAsync(50);
      expect(registry.runChecks).toHaveBeenCalledTimes(2);
      await service.check(alice.id, lab.id, 'e1', 'fr');
      expect(registry.runChecks).toHaveBeenCalledTimes(3);
      service.noteInput(alice.id, lab.id);
      busy.mockReturnValue(false);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(registry.runChecks).toHaveBeenCalledTimes(4);
      expect(service.autoCheckStats()).toEqual({
        run: 2,
        skippedNoInput: 2,
        skippedInFlight: 0,
        deferredBusy: 1,
      });
      service.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a button check lets an automatic check in flight on the lab finish first (one check at a time)', async () => {
    const { service, alice, registry, runtime } = setup(1);
    const lab = await service.start(alice.id, 'c1');
    const order: string[] = [];
    let release!: () => void;
    const first = registry.runChecks as unknown as ReturnType<typeof vi.fn>;
    const outcome = (await registry.runChecks(runtime, lab.id, 'c1', 'e1', 'fr')) as CheckOutcome;
    first.mockClear();
    first.mockImplementationOnce(async () => {
      order.push('auto start');
      await new Promise<void>((r) => (release = r));
      order.push('auto end');
      return outcome;
    });
    first.mockImplementationOnce(async () => (order.push('button'), outcome));
    service.noteInput(alice.id, lab.id);
    await vi.waitFor(() => expect(order).toEqual(['auto start']));
    const button = service.check(alice.id, lab.id, 'e1', 'fr');
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['auto start']);
    release();
    await button;
    expect(order).toEqual(['auto start', 'auto end', 'button']);
    service.dispose();
  });

  it('records the attempt, awaits durable(), then notifies and answers', async () => {
    let release = () => {};
    const durable = vi.fn(() => new Promise<void>((r) => (release = r)));
    const { service, alice, notifier, db } = setup(0, { durable });
    const progress = new ProgressRepo(db);
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
