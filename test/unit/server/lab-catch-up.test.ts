// Catch-up and checkpoints in the lab service, on the in-memory FakeRuntime: which solutions run where
// and in what order, what progress says after, who may, one at a time, and the checkpoints' bounds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckOutcome, CourseRegistry } from '../../../server/courses/course-registry.js';
import { LabService, type LabNotifier, type LabServiceDeps } from '../../../server/labs/lab-service.js';
import type { ExecOptions } from '../../../server/sandbox/sandbox-runtime.js';
import { openDatabase } from '../../../server/store/database.js';
import { ClassProgressRepo } from '../../../server/store/class-progress-repo.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

const EXERCISES = ['e1', 'e2', 'e3', 'e4'];
const SOLUTIONS: Record<string, string> = {
  e1: 'echo one\n',
  e2: 'echo two-web\n#@machine db\necho two-db\n',
  e3: 'echo three\n',
  e4: 'echo four\n',
};

function setup(more: Partial<LabServiceDeps> = {}, autoCheckQuietMs = 0) {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const alice = users.create('alice', 'x')!;
  const bob = users.create('bob', 'x')!;
  const ran: { labId: string; machine: string; script: string }[] = [];
  const runtime = new FakeRuntime((labId, _cmd, opts: ExecOptions = {}) => {
    ran.push({ labId, machine: opts.machine ?? 'web', script: opts.stdin ?? '' });
    return {};
  });
  const passed = (exerciseId: string): CheckOutcome => ({
    exerciseId,
    passed: true,
    checks: [],
    score: 1,
    maxScore: 1,
    durationMs: 1,
  });
  const registry = {
    environmentOf: (id: string) => (id === 'c1' ? 'base' : undefined),
    machinesOf: (id: string) =>
      id === 'c1'
        ? [
            { name: 'web', image: 'base' },
            { name: 'db', image: 'base' },
          ]
        : undefined,
    has: (c: string, e?: string) => c === 'c1' && (e === undefined || EXERCISES.includes(e)),
    exerciseIds: () => EXERCISES,
    solution: (_c: string, e: string) => SOLUTIONS[e],
    runChecks: vi.fn(async (_r: unknown, _l: string, _c: string, e: string) => passed(e)),
    setupLab: vi.fn(async () => undefined),
  } as unknown as CourseRegistry;
  const notifier: LabNotifier = {
    status: vi.fn(),
    checkResult: vi.fn(),
    labClosing: vi.fn(async () => undefined),
  };
  const labs = new LabsRepo(db);
  const progress = new ProgressRepo(db);
  const service = new LabService({
    defaultLang: 'fr',
    autoCheckQuietMs,
    labs,
    progress,
    runtime,
    registry,
    imagePrefix: 'atelier',
    notifier,
    ...more,
  });
  const statuses = () => vi.mocked(notifier.status).mock.calls.map(([, p]) => p);
  return { db, alice, bob, runtime, ran, registry, notifier, labs, progress, service, statuses };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('catch-up', () => {
  it('runs the solutions of the exercises before N in order, each part on its machine, and records them skipped', async () => {
    const { service, alice, ran, progress, runtime, statuses } = setup();
    const lab = await service.start(alice.id, 'c1');
    await service.check(alice.id, lab.id, 'e1', 'fr'); // the learner's own pass
    runtime.writeFile(lab.id, '/root/mine.txt', 'old machine');
    const view = await service.catchUp(alice.id, 'c1', 'e3', { byLearner: false });
    expect(view).toEqual({ id: lab.id, courseId: 'c1', state: 'running' });
    expect(ran.map((r) => [r.machine, r.script.trim()])).toEqual([
      ['web', 'echo one'],
      ['web', 'echo two-web'],
      ['db', 'echo two-db'],
    ]);
    // A fresh machine: the old one's files are gone.
    expect(await runtime.readFile(lab.id, '/root/mine.txt')).toBeNull();
    const rows = progress.listByUser(alice.id);
    expect(rows.find((r) => r.exerciseId === 'e1')).toMatchObject({ skipped: false, attempts: 1 });
    expect(rows.find((r) => r.exerciseId === 'e2')).toMatchObject({ skipped: true, attempts: 0 });
    expect(rows.find((r) => r.exerciseId === 'e2')?.completedAt).not.toBeNull();
    expect(rows.find((r) => r.exerciseId === 'e3')).toBeUndefined();
    const seen = statuses().filter((s) => s.labId === lab.id);
    const from = seen.findIndex((s) => s.reason === 'catch-up');
    expect(seen.slice(from).map((s) => [s.state, s.reason, s.phase])).toEqual([
      ['starting', 'catch-up', undefined],
      ['starting', 'catch-up', 'creating'],
      ['starting', 'catch-up', 'preparing'],
      ['starting', 'catch-up', 'solving'],
      ['running', undefined, undefined],
    ]);
  });

  it('makes a lab for a learner who never started the course, and the auto-check then targets N', async () => {
    const { service, alice, labs, registry } = setup({}, 20);
    const view = await service.catchUp(alice.id, 'c1', 'e2', { byLearner: false });
    expect(labs.get(view.id)).toMatchObject({ userId: alice.id, courseId: 'c1', state: 'running' });
    vi.mocked(registry.runChecks).mockClear();
    service.noteInput(alice.id, view.id);
    await vi.waitFor(() => expect(registry.runChecks).toHaveBeenCalled());
    expect(vi.mocked(registry.runChecks).mock.calls[0]?.[3]).toBe('e2');
  });

  it('keeps a skipped exercise skipped when the learner passes it later; clearing the course clears it', async () => {
    const { service, alice, progress, db } = setup();
    const lab = await service.catchUp(alice.id, 'c1', 'e2', { byLearner: false });
    await service.check(alice.id, lab.id, 'e1', 'fr');
    expect(progress.listByUser(alice.id)[0]).toMatchObject({ exerciseId: 'e1', skipped: true, attempts: 1 });
    new ClassProgressRepo(db).clearCourse(alice.id, 'c1');
    expect(progress.listByUser(alice.id)).toEqual([]);
  });

  it('refuses a learner whose classes do not allow it, and lets them when one does', async () => {
    const allowed = new Set<string>();
    const { service, alice } = setup({ learnerMayCatchUp: (u) => allowed.has(u) });
    await expect(service.catchUp(alice.id, 'c1', 'e2', { byLearner: true })).rejects.toMatchObject({
      reason: 'catch-up-not-allowed',
    });
    allowed.add(alice.id);
    await expect(service.catchUp(alice.id, 'c1', 'e2', { byLearner: true })).resolves.toMatchObject({
      state: 'running',
    });
    expect(service.learnerMayCatchUp(alice.id, 'c1')).toBe(true);
  });

  it('refuses an exercise of another course', async () => {
    const { service, alice } = setup();
    await expect(service.catchUp(alice.id, 'c1', 'zz', { byLearner: false })).rejects.toMatchObject({
      reason: 'unknown-exercise',
    });
    await expect(service.catchUp(alice.id, 'nope', 'e1', { byLearner: false })).rejects.toMatchObject({
      reason: 'unknown-course',
    });
  });

  it('runs one catch-up or restore at a time per lab (lab-busy)', async () => {
    const { service, alice, runtime } = setup();
    const lab = await service.start(alice.id, 'c1');
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    runtime.onExec(async () => {
      await gate;
      return {};
    });
    const first = service.catchUp(alice.id, 'c1', 'e3', { byLearner: false });
    await expect(service.catchUp(alice.id, 'c1', 'e2', { byLearner: false })).rejects.toMatchObject({
      reason: 'lab-busy',
    });
    await expect(service.restore(alice.id, lab.id, 'e1')).rejects.toMatchObject({ reason: 'lab-busy' });
    release();
    await expect(first).resolves.toMatchObject({ state: 'running' });
  });

  it('stops at a failing solution with catch-up-failed naming it; the lab stays running', async () => {
    const { service, alice, runtime, progress, labs, statuses } = setup();
    runtime.onExec((_l, _c, opts: ExecOptions = {}) =>
      opts.stdin?.includes('two-db') ? { exitCode: 3, stderr: 'no db' } : {},
    );
    const err = await service
      .catchUp(alice.id, 'c1', 'e4', { byLearner: false })
      .catch((e: unknown) => e as { reason: string; params: Record<string, string> });
    expect(err).toMatchObject({ reason: 'catch-up-failed', params: { exercise: 'e2', machine: 'db' } });
    const labId = labs.listByUser(alice.id)[0]!.id;
    expect(labs.get(labId)?.state).toBe('running');
    expect(statuses().at(-1)).toMatchObject({ labId, state: 'running' });
    expect(progress.listByUser(alice.id).map((r) => [r.exerciseId, r.skipped])).toEqual([['e1', true]]);
  });
});

describe('checkpoints', () => {
  const limits = { perLab: 2, labBytes: 1000, hostBytes: 10_000 };

  it('saves one on each pass (button or auto), in the background, and restores it', async () => {
    const { service, alice, runtime, progress, statuses } = setup({ checkpoints: limits });
    const lab = await service.start(alice.id, 'c1');
    runtime.writeFile(lab.id, '/root/work.txt', 'mine');
    await service.check(alice.id, lab.id, 'e1', 'fr');
    await service.checkpoints.idle();
    expect((await service.checkpointsOf(lab.id)).map((c) => c.exerciseId)).toEqual(['e1']);
    runtime.files.get(lab.id)?.delete('/root/work.txt');
    const before = progress.listByUser(alice.id);
    await expect(service.restore(alice.id, lab.id, 'e1')).resolves.toMatchObject({ state: 'running' });
    expect((await runtime.readFile(lab.id, '/root/work.txt'))?.toString()).toBe('mine');
    expect(progress.listByUser(alice.id)).toEqual(before);
    expect(
      statuses()
        .slice(-2)
        .map((s) => [s.state, s.reason]),
    ).toEqual([
      ['starting', 'restore'],
      ['running', undefined],
    ]);
    await expect(service.restore(alice.id, lab.id, 'e3')).rejects.toMatchObject({
      reason: 'unknown-checkpoint',
    });
  });

  it('saves on the first pass only: « Vérifier » pressed again on a passed exercise copies nothing', async () => {
    const { service, alice, runtime } = setup({ checkpoints: limits });
    const lab = await service.start(alice.id, 'c1');
    await service.check(alice.id, lab.id, 'e1', 'fr');
    await service.checkpoints.idle();
    await service.check(alice.id, lab.id, 'e1', 'fr');
    await service.check(alice.id, lab.id, 'e1', 'fr');
    await service.checkpoints.idle();
    expect(runtime.calls.filter((c) => c.method === 'saveCheckpoint')).toHaveLength(1);
  });

  it('does not save for the pass of an exercise a catch-up solved (not the learner’s own work)', async () => {
    const { service, alice, runtime } = setup({ checkpoints: limits });
    const lab = await service.catchUp(alice.id, 'c1', 'e3', { byLearner: false });
    await service.check(alice.id, lab.id, 'e1', 'fr');
    await service.check(alice.id, lab.id, 'e3', 'fr');
    await service.checkpoints.idle();
    expect((await runtime.listCheckpoints(lab.id)).map((c) => c.name)).toEqual(['e3']);
  });

  it('does not save for a failed check, nor when checkpoints are off', async () => {
    const off = setup();
    const lab = await off.service.start(off.alice.id, 'c1');
    await off.service.check(off.alice.id, lab.id, 'e1', 'fr');
    await off.service.checkpoints.idle();
    expect(await off.runtime.listCheckpoints()).toEqual([]);
    const on = setup({ checkpoints: limits });
    vi.mocked(on.registry.runChecks).mockResolvedValueOnce({
      exerciseId: 'e1',
      passed: false,
      checks: [],
      score: 0,
      maxScore: 1,
      durationMs: 1,
    });
    const lab2 = await on.service.start(on.alice.id, 'c1');
    await on.service.check(on.alice.id, lab2.id, 'e1', 'fr');
    await on.service.checkpoints.idle();
    expect(await on.runtime.listCheckpoints()).toEqual([]);
  });

  it('keeps the newest perLab within labBytes, then the host within hostBytes (oldest of any lab first)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let now = 1_000_000;
    const tick = () => vi.setSystemTime((now += 1000));
    const { service, alice, bob, runtime } = setup({
      checkpoints: { perLab: 2, labBytes: 500, hostBytes: 700 },
    });
    const a = await service.start(alice.id, 'c1');
    const b = await service.start(bob.id, 'c1');
    const pass = async (labId: string, userId: string, e: string, bytes: number) => {
      tick();
      runtime.disk.set(labId, bytes);
      await service.check(userId, labId, e, 'fr');
      await service.checkpoints.idle();
    };
    await pass(a.id, alice.id, 'e1', 100);
    await pass(a.id, alice.id, 'e2', 100);
    await pass(a.id, alice.id, 'e3', 100);
    expect((await runtime.listCheckpoints(a.id)).map((c) => c.name)).toEqual(['e2', 'e3']); // perLab
    await pass(a.id, alice.id, 'e4', 450);
    expect((await runtime.listCheckpoints(a.id)).map((c) => c.name)).toEqual(['e4']); // labBytes
    await pass(b.id, bob.id, 'e1', 200);
    await pass(b.id, bob.id, 'e2', 200);
    // Host: 450 + 200 + 200 > 700: the host's oldest (alice's e4) goes.
    expect((await runtime.listCheckpoints()).map((c) => `${c.labId === a.id ? 'a' : 'b'}/${c.name}`)).toEqual(
      ['b/e1', 'b/e2'],
    );
  });

  it('drops a lab’s checkpoints when the lab is deleted, and those of labs with no row at boot', async () => {
    const { service, alice, bob, runtime, labs } = setup({ checkpoints: limits });
    const a = await service.start(alice.id, 'c1');
    const b = await service.start(bob.id, 'c1');
    await service.check(alice.id, a.id, 'e1', 'fr');
    await service.check(bob.id, b.id, 'e1', 'fr');
    await service.checkpoints.idle();
    await service.remove(alice.id, a.id);
    expect(await runtime.listCheckpoints(a.id)).toEqual([]);
    // A reset keeps them.
    await service.reset(bob.id, b.id);
    expect(await runtime.listCheckpoints(b.id)).toHaveLength(1);
    labs.delete(b.id); // deleted while the server was down
    expect(await service.sweepCheckpoints()).toBe(1);
    expect(await runtime.listCheckpoints()).toEqual([]);
  });

  it('drops the checkpoints of an orphan container and of an expired lab', async () => {
    const { service, alice, bob, runtime, labs } = setup({ checkpoints: limits });
    const a = await service.start(alice.id, 'c1');
    const b = await service.start(bob.id, 'c1');
    await service.check(alice.id, a.id, 'e1', 'fr');
    await service.check(bob.id, b.id, 'e1', 'fr');
    await service.checkpoints.idle();
    await service.expire(a.id, 'max-age', 'old', () => true);
    labs.delete(b.id);
    await service.dropOrphan(b.id);
    expect(await runtime.listCheckpoints()).toEqual([]);
  });
});
