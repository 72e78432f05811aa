import { describe, expect, it, vi } from 'vitest';
import type { CourseRegistry } from '../../../server/courses/course-registry.js';
import { NO_LIFECYCLE, type LifecycleOptions } from '../../../server/labs/lab-lifecycle.js';
import { LabService, type LabNotifier } from '../../../server/labs/lab-service.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { createLogger } from '../../../server/observability/logger.js';

const MiB = 1024 * 1024;

function setup(options: Partial<LifecycleOptions> = {}) {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const alice = users.create('alice', 'x')!;
  const bob = users.create('bob', 'x')!;
  const runtime = new FakeRuntime();
  const registry = {
    list: () => [{ id: 'c1' }],
    environmentOf: (id: string) => (id === 'c1' ? 'base' : undefined),
    machinesOf: (id: string) => (id === 'c1' ? [{ name: 'lab', image: 'base' }] : undefined),
    setupLab: vi.fn(async (rt: FakeRuntime, labId: string) => rt.writeFile(labId, '/root/setup', 'done')),
  } as unknown as CourseRegistry;
  const notifier: LabNotifier = { status: vi.fn(), checkResult: vi.fn(), labClosing: vi.fn(async () => {}) };
  const labs = new LabsRepo(db);
  const service = new LabService({
    defaultLang: 'fr',
    autoCheckQuietMs: 0,
    labs,
    progress: new ProgressRepo(db),
    runtime,
    registry,
    imagePrefix: 'atelier',
    notifier,
    lifecycle: { ...NO_LIFECYCLE, ...options },
    logger: createLogger('silent'),
  });
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return { db, users, alice, bob, runtime, registry, notifier, labs, service, settle };
}

describe('warm pool', () => {
  it('hands a prepared container to a new lab (no setup, shell kept) and refills', async () => {
    const { service, alice, runtime, registry, settle } = setup({ poolSize: 1 });
    service.lifecycle.pool.start();
    await settle();
    const [poolId] = [...runtime.labs.keys()];
    expect(poolId).toMatch(/^pool-/);
    expect(runtime.spares.has(poolId!)).toBe(true);
    expect(registry.setupLab).toHaveBeenCalledTimes(1);

    const lab = await service.start(alice.id, 'c1');
    const info = await runtime.poll(lab.id);
    expect(info).toMatchObject({ state: 'running', containerId: `fake-${poolId}` });
    expect(info.pooled).toEqual({ courseId: 'c1', claimed: true });
    expect(runtime.spares.has(lab.id)).toBe(true);
    expect(await runtime.readFile(lab.id, '/root/setup')).toEqual(Buffer.from('done'));
    service.lifecycle.pool.fill(); // what the refill timer does a second after a claim
    await settle();
    expect(service.lifecycle.pool.stats()).toEqual([{ courseId: 'c1', ready: 1, preparing: 0 }]);
    expect(registry.setupLab).toHaveBeenCalledTimes(2); // the refill, never the claimed one
    service.dispose();
  });

  it('starts cold when the pool is empty or its container died, and backs off when refills fail', async () => {
    const { service, alice, bob, runtime, settle } = setup({ poolSize: 1 });
    runtime.failPooled = 1;
    service.lifecycle.pool.start();
    await settle();
    expect(service.lifecycle.pool.stats()[0]).toMatchObject({ ready: 0 });
    const cold = await service.start(alice.id, 'c1');
    expect((await runtime.poll(cold.id)).pooled).toBeUndefined();
    expect(runtime.calls.filter((c) => c.method === 'createPooled')).toHaveLength(1); // backing off

    const { pool } = service.lifecycle;
    pool.fill(Date.now() + 10 * 60_000);
    await settle();
    const [poolId] = [...runtime.labs.keys()].filter((k) => k.startsWith('pool-'));
    await runtime.remove(poolId!); // the pool container vanished behind our back
    const lab = await service.start(bob.id, 'c1');
    expect((await runtime.poll(lab.id)).pooled).toBeUndefined(); // started cold instead
    await service.lifecycle.drain();
    expect([...runtime.labs.keys()].filter((k) => k.startsWith('pool-'))).toEqual([]);
  });

  it('queues starts beyond the concurrency and tells the learner its place', async () => {
    const { service, users, runtime, notifier } = setup({ startConcurrency: 1 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const ensure = runtime.ensureLab.bind(runtime);
    runtime.ensureLab = async (spec) => (await held, ensure(spec));
    const ids = ['u1', 'u2', 'u3'].map((n) => users.create(n, 'x')!.id);
    const starts = ids.map((id) => service.start(id, 'c1'));
    await new Promise((r) => setImmediate(r));
    release();
    await Promise.all(starts);
    const states = (userId: string) =>
      vi
        .mocked(notifier.status)
        .mock.calls.filter(([u]) => u === userId)
        .map(([, p]) => p.position ?? p.phase ?? p.state);
    const started = ['creating', 'preparing', 'running'];
    expect(states(ids[0]!)).toEqual(started);
    expect(states(ids[1]!)).toEqual([1, ...started]);
    expect(states(ids[2]!)).toEqual([2, 1, ...started]);
  });
});

describe('sweeps', () => {
  it('stops idle labs (files kept), removes old ones and orphans, leaves the pool alone', async () => {
    const { service, users, alice, bob, runtime, labs, notifier, settle } = setup({
      poolSize: 1,
      idleMs: 30 * 60_000,
      maxAgeMs: 30 * 86_400_000,
    });
    service.lifecycle.pool.start();
    const t0 = Date.now();
    const idle = await service.start(alice.id, 'c1');
    const busy = await service.start(bob.id, 'c1');
    service.noteInput(bob.id, busy.id, t0 + 29 * 60_000);
    const carol = users.create('carol', 'x')!;
    const gone = await service.start(carol.id, 'c1');
    service.lifecycle.pool.fill();
    await settle();
    users.delete(carol.id); // cascades to the lab row: its container is now an orphan

    const r = await service.lifecycle.sweep(t0 + 31 * 60_000);
    expect(r).toEqual({ idle: [idle.id], expired: [], orphans: [gone.id] });
    expect((await runtime.poll(idle.id)).state).toBe('stopped');
    expect(labs.get(idle.id)?.state).toBe('stopped');
    expect(notifier.status).toHaveBeenCalledWith(
      alice.id,
      expect.objectContaining({ state: 'stopped', reason: 'idle' }),
    );
    expect(notifier.labClosing).toHaveBeenCalledWith(idle.id);
    // Three starts just now: the pool holds what the start rate asks (pool-demand.ts), not only its floor of 1.
    expect(service.lifecycle.pool.stats()[0]).toMatchObject({ ready: 3 });

    // Coming back restarts the same container, files intact, without a second setup.
    await service.ensureRunning(alice.id, idle.id);
    expect(await runtime.readFile(idle.id, '/root/setup')).toEqual(Buffer.from('done'));

    const old = await service.lifecycle.sweep(t0 + 31 * 86_400_000);
    expect(old.expired.sort()).toEqual([idle.id, busy.id].sort());
    expect(labs.get(idle.id)).toBeUndefined();
    expect((await runtime.poll(busy.id)).state).toBe('missing');
    await service.lifecycle.drain();
  });
});

/** The first 'disk-quota' status sent (the learner's message). */
const quotaStatus = (notifier: ReturnType<typeof setup>['notifier']) =>
  vi
    .mocked(notifier.status)
    .mock.calls.map(([, p]) => p)
    .find((p) => p.reason === 'disk-quota');

describe('disk', () => {
  it('stops a lab over its quota with a message, and refuses new labs under the host floor', async () => {
    const { service, alice, bob, runtime, labs, notifier } = setup({
      diskQuotaBytes: 100 * MiB,
      minFreeBytes: 1024 * MiB,
    });
    const lab = await service.start(alice.id, 'c1');
    runtime.disk.set(lab.id, 150 * MiB);
    expect(await service.lifecycle.disk.poll()).toEqual([lab.id]);
    expect(labs.get(lab.id)?.state).toBe('stopped');
    const status = quotaStatus(notifier);
    expect(status?.message).toMatch(/150 Mo.*100 Mo/);

    runtime.host = { path: '/var/lib/docker', freeBytes: 10 * MiB, totalBytes: 100 * 1024 * MiB };
    await expect(service.start(bob.id, 'c1')).rejects.toMatchObject({ reason: 'host-disk-full' });
    // An existing lab may still restart (its learner can clean up).
    await expect(service.ensureRunning(alice.id, lab.id)).resolves.toMatchObject({ state: 'running' });
  });

  it('stops a lab that added more entries than allowed, with no byte quota', async () => {
    const { service, alice, bob, runtime, labs, notifier } = setup({ diskEntryLimit: 1000 });
    const flood = await service.start(alice.id, 'c1');
    const calm = await service.start(bob.id, 'c1');
    runtime.entries.set(flood.id, 1001);
    runtime.entries.set(calm.id, 1000);
    expect(await service.lifecycle.disk.poll()).toEqual([flood.id]);
    expect(labs.get(calm.id)?.state).toBe('running');
    const status = quotaStatus(notifier);
    expect(status?.message).toMatch(/1001 fichiers.*1000 permis/);
  });
});

describe('reconcile with a pool', () => {
  it('removes the previous pool and half-done starts, adopts the rest, never duplicates', async () => {
    const { service, alice, bob, runtime, labs, settle } = setup({ poolSize: 2 });
    service.lifecycle.pool.start();
    await settle();
    const a = await service.start(alice.id, 'c1'); // claimed from the pool
    service.lifecycle.pool.fill();
    await settle();
    const b = labs.getOrCreate(bob.id, 'c1', 'atelier/base'); // the process died mid-start
    await runtime.ensureLab({ labId: b.id, userId: bob.id, courseId: 'c1', image: 'atelier/base' });
    service.dispose();

    const r = await service.reconcile();
    expect(r).toEqual({ adopted: 1, orphansRemoved: 2, missing: 1 });
    expect([...runtime.labs.keys()]).toEqual([a.id]);
    expect(labs.get(b.id)?.state).toBe('missing');
  });
});
