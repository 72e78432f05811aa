// Refills that yield (issue 24): a pool refill waits while a learner starts, for the rush window after
// the last start, and while the host is busy. Counts of createPooled calls, on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CourseRegistry } from '../../../server/courses/course-registry.js';
import { NO_LIFECYCLE, type LifecycleOptions } from '../../../server/labs/lab-lifecycle.js';
import { LabService } from '../../../server/labs/lab-service.js';
import { createLogger } from '../../../server/observability/logger.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { FakeRuntime } from '../../support/fake-runtime.js';

function setup(options: Partial<LifecycleOptions>) {
  const db = openDatabase(':memory:');
  const alice = new UsersRepo(db).create('alice', 'x')!;
  const runtime = new FakeRuntime();
  const registry = {
    list: () => [{ id: 'c1' }],
    environmentOf: (id: string) => (id === 'c1' ? 'base' : undefined),
    machinesOf: (id: string) => (id === 'c1' ? [{ name: 'lab', image: 'base' }] : undefined),
    setupLab: vi.fn(async () => undefined),
  } as unknown as CourseRegistry;
  const service = new LabService({
    defaultLang: 'fr',
    autoCheckQuietMs: 0,
    labs: new LabsRepo(db),
    progress: new ProgressRepo(db),
    runtime,
    registry,
    imagePrefix: 'atelier',
    notifier: { status: vi.fn(), checkResult: vi.fn(), labClosing: vi.fn(async () => {}) },
    lifecycle: { ...NO_LIFECYCLE, poolSize: 1, ...options },
    logger: createLogger('silent'),
  });
  const created = () => runtime.calls.filter((c) => c.method === 'createPooled').length;
  return { service, alice, created };
}

// Date and setTimeout only: the pool's own promises still settle on real microtasks.
beforeEach(() => void vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] }));
afterEach(() => void vi.useRealTimers());

describe('pool refills yield to learners', () => {
  it('fill at boot, then wait while a learner starts and for the rush window after it', async () => {
    const { service, alice, created } = setup({ refillRushMs: 10_000 });
    const { pool } = service.lifecycle;
    pool.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(created()).toBe(1); // boot: no rush, the pool fills

    const ended = service.lifecycle.learnerStart(); // another learner is still starting
    await service.start(alice.id, 'c1'); // takes the pool container
    pool.fill();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(created()).toBe(1);

    ended();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(created()).toBe(1); // within the rush window
    await vi.advanceTimersByTimeAsync(2_000);
    expect(created()).toBe(2);
    expect(pool.stats()).toEqual([{ courseId: 'c1', ready: 1, preparing: 0 }]);
    await service.lifecycle.drain();
  });

  it('wait while the host is busy; learners do not', async () => {
    const { service, alice, created } = setup({ hostBusyPressure: 60 });
    const busy = vi.spyOn(service.lifecycle.pressure, 'busy').mockReturnValue(true);
    service.lifecycle.pool.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(created()).toBe(0);
    expect((await service.start(alice.id, 'c1')).state).toBe('running'); // cold, not held
    busy.mockReturnValue(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(created()).toBe(1);
    await service.lifecycle.drain();
  });

  it('stop waiting when the pool is disposed', async () => {
    const { service, created } = setup({});
    vi.spyOn(service.lifecycle.pressure, 'busy').mockReturnValue(true);
    service.lifecycle.pool.start();
    const drained = service.lifecycle.drain();
    await vi.advanceTimersByTimeAsync(1_000);
    await drained;
    expect(created()).toBe(0);
  });
});
