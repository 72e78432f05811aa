// The lifecycle sizes the warm pool from demand (FakeRuntime, no Docker): grows within the host's room,
// counts hits and misses, shrinks only after the hold time, never below the floor.
import { describe, expect, it, vi } from 'vitest';
import type { CourseRegistry } from '../../../server/courses/course-registry.js';
import { NO_LIFECYCLE, POOL_HOLD_MS, type LifecycleOptions } from '../../../server/labs/lab-lifecycle.js';
import { LabService } from '../../../server/labs/lab-service.js';
import type { RecentJoin } from '../../../server/labs/pool-demand.js';
import { createLogger } from '../../../server/observability/logger.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { ProgressRepo } from '../../../server/store/progress-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';
import { userWithRole } from '../../support/classes-support.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer } from '../../support/server.js';

function setup(options: Partial<LifecycleOptions>, maxLabs = 0) {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const runtime = new FakeRuntime();
  const registry = {
    list: () => [{ id: 'c1' }, { id: 'c2' }],
    environmentOf: () => 'base',
    machinesOf: () => [{ name: 'lab', image: 'base' }],
    setupLab: vi.fn(async () => {}),
  } as unknown as CourseRegistry;
  const joins: RecentJoin[] = [];
  const labs = new LabsRepo(db);
  const service = new LabService({
    defaultLang: 'fr',
    autoCheckQuietMs: 0,
    labs,
    progress: new ProgressRepo(db),
    runtime,
    registry,
    imagePrefix: 'atelier',
    notifier: { status: vi.fn(), checkResult: vi.fn(), labClosing: vi.fn(async () => {}) },
    lifecycle: { ...NO_LIFECYCLE, ...options },
    admission: { maxLabs, labsPerUser: 0, labsPerIp: 0 },
    recentJoins: () => joins,
    logger: createLogger('silent'),
  });
  const { lifecycle } = service;
  const learners = (n: number, courseIds = ['c1']) =>
    Array.from({ length: n }, (_, i) => {
      const user = users.create(`l${joins.length}-${i}`, 'x')!;
      joins.push({ userId: user.id, courseIds });
      return user;
    });
  const settle = async () => {
    for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
  };
  const pooled = () => [...runtime.labs.keys()].filter((k) => k.startsWith('pool-')).length;
  const stats = (courseId = 'c1') => lifecycle.poolStats().find((s) => s.courseId === courseId);
  return { service, lifecycle, runtime, joins, learners, settle, pooled, stats };
}

describe('a pool sized by demand', () => {
  it('grows toward the members who joined, counts hits and misses, shrinks after the hold time', async () => {
    const { service, lifecycle, learners, settle, pooled, stats } = setup({ poolSize: 0 });
    lifecycle.pool.start();
    const [ana, bob, cid] = learners(3);
    const t0 = Date.now();
    await lifecycle.rebalance(t0);
    await settle();
    expect(stats()).toMatchObject({ floor: 0, demand: 3, target: 3, ready: 3, preparing: 0 });
    expect(stats()?.demandFrom).toEqual({ joined: 3, viewing: 0, starting: 0, scheduled: 0 });

    await service.start(ana!.id, 'c1');
    await service.start(bob!.id, 'c1');
    // Two starts: two hits; cid still about to start, and the start rate expects two more.
    expect(stats()).toMatchObject({ hits: 2, misses: 0, demand: 2, ready: 1 });

    await lifecycle.rebalance(t0);
    await settle();
    expect(stats()).toMatchObject({ target: 2, ready: 2 });
    await service.start(cid!.id, 'c1');
    expect(stats()).toMatchObject({ hits: 3, ready: 1 });

    // Starts go out of the window: the demand is gone, but the pool holds for POOL_HOLD_MS.
    const later = t0 + 10 * 60_000;
    await lifecycle.rebalance(later);
    expect(stats()).toMatchObject({ demand: 0, target: 0, ready: 1 });
    await lifecycle.rebalance(later + POOL_HOLD_MS - 1);
    expect(pooled()).toBe(1);
    await lifecycle.rebalance(later + POOL_HOLD_MS);
    expect(pooled()).toBe(0);
    expect(stats()).toMatchObject({ ready: 0, hits: 3, misses: 0 });
    lifecycle.dispose();
  });

  it('stays within the admission cap: running labs and pool containers share maxLabs', async () => {
    const { service, lifecycle, learners, settle, stats } = setup({ poolSize: 0, poolSizes: { c2: 1 } }, 5);
    lifecycle.pool.start();
    const members = learners(8);
    await service.start(members[0]!.id, 'c1'); // a miss: nothing was ready yet
    await lifecycle.rebalance();
    await settle();
    // 5 machines: 1 running lab, c2's floor of 1, so c1 gets 3 of its 7.
    expect(stats()).toMatchObject({ demand: 7, target: 3, ready: 3, misses: 1 });
    expect(stats('c2')).toMatchObject({ floor: 1, demand: 0, target: 1, ready: 1 });
    lifecycle.dispose();
  });

  it('never trims below the floor, and a demand that comes back resets the hold', async () => {
    const { lifecycle, joins, learners, settle, pooled } = setup({ poolSize: 1 });
    lifecycle.pool.start();
    learners(4);
    const t0 = Date.now();
    await lifecycle.rebalance(t0);
    await settle();
    expect(pooled()).toBe(5); // c1: 4 members; c2: its floor of 1
    const back = joins.splice(0);
    await lifecycle.rebalance(t0 + 1_000);
    joins.push(...back); // they were only filtered out for a moment
    await lifecycle.rebalance(t0 + 2_000);
    joins.splice(0);
    await lifecycle.rebalance(t0 + POOL_HOLD_MS + 1_500);
    expect(pooled()).toBe(5); // low again only since t0 + POOL_HOLD_MS + 1.5 s
    await lifecycle.rebalance(t0 + 2 * POOL_HOLD_MS + 1_500);
    expect(pooled()).toBe(2); // each course back to its floor
    lifecycle.dispose();
  });
});

describe('demand from the platform (a real app on a FakeRuntime)', () => {
  it('counts a signed-in learner on a course page and a recent class member, until they start', async () => {
    const server = await startTestServer({ runtime: new FakeRuntime() });
    try {
      const { lifecycle } = server.app.labs;
      const course = () => lifecycle.poolStats().find((s) => s.courseId === 'premiers-pas')!;
      const learner = httpClient(server.url);
      await learner.post('/api/auth/register', { username: 'lea', password: 'correct horse' });
      await httpClient(server.url).get('/api/courses/premiers-pas'); // anonymous: not counted
      expect(course().demandFrom).toMatchObject({ viewing: 0 });
      expect((await learner.get('/api/courses/premiers-pas')).status).toBe(200);
      expect(course().demandFrom).toMatchObject({ viewing: 1 });

      const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
      const courseIds = ['premiers-pas', 'nginx'];
      const cls = (await trainer.post('/api/classes', { name: 'Demande', courseIds })).body;
      expect((await learner.post('/api/join', { code: cls.joinCode })).status).toBe(200);
      expect(course()).toMatchObject({ demand: 1, demandFrom: { joined: 1, viewing: 1 } }); // one learner
      expect(lifecycle.poolStats().find((s) => s.courseId === 'nginx')?.demand).toBe(0);

      expect((await learner.post('/api/labs', { courseId: 'premiers-pas' })).body.state).toBe('running');
      expect(course()).toMatchObject({ misses: 1, demandFrom: { joined: 0, viewing: 0, starting: 1 } });
    } finally {
      await server.close();
    }
  });
});
