// A pool that sizes itself, on the real Engine: with no configured pool (floor 0), three learners who join
// a class by code grow the course's pool to three ready containers before anyone presses start; a start
// takes one (a hit); when the others leave and the start rate goes out of its window, the pool shrinks
// back after the hold time (the test moves `now` instead of waiting). Counts, not timings.
import { afterAll, describe, expect, it } from 'vitest';
import { POOL_HOLD_MS } from '../../server/labs/lab-lifecycle.js';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { instanceContainers, waitFor } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const COURSE = 'premiers-pas';
let server: TestServer | undefined;

/** The course's pool containers as Docker sees them (unclaimed: named by a pool id). */
async function poolContainers() {
  const all = await instanceContainers(server!.instance);
  return all.filter((c) => c.labels['atelier.pool'] === COURSE && c.labId.startsWith('pool-'));
}

afterAll(async () => {
  if (!server) return;
  const { instance } = server;
  await server.close(); // drains the pool and removes the labs
  expect(await instanceContainers(instance)).toEqual([]);
});

describe('a pool sized by demand (real Docker)', () => {
  it('grows for the members who joined, hands one out, and shrinks when they are gone', async () => {
    server = await startTestServer({ env: { ATELIER_POOL_SIZE: '0' } });
    const { lifecycle } = server.app.labs;
    const stats = () => lifecycle.poolStats().find((s) => s.courseId === COURSE)!;
    lifecycle.start();
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = (await trainer.post('/api/classes', { name: 'Pool', courseIds: [COURSE] })).body;
    expect(stats()).toMatchObject({ floor: 0, demand: 0, target: 0, ready: 0 });

    const learners = [];
    for (const name of ['Ana', 'Bob', 'Cid']) {
      const http = httpClient(server.url);
      const res = await http.post('/api/join', { code: cls.joinCode, displayName: name, password: PASSWORD });
      expect(res.status).toBe(201);
      learners.push({ http, id: res.body.user.id as string });
    }
    // The joins poked the lifecycle: the pool grows toward the three members, no one has pressed start.
    await waitFor('pool of 3 ready', () => stats().ready === 3, 120_000);
    expect(stats()).toMatchObject({ demand: 3, target: 3, preparing: 0 });
    expect(stats().demandFrom).toMatchObject({ joined: 3 });
    expect(await poolContainers()).toHaveLength(3);

    const [ana, bob, cid] = learners;
    const lab = (await ana!.http.post('/api/labs', { courseId: COURSE })).body;
    expect(lab.state).toBe('running');
    expect(stats()).toMatchObject({ hits: 1, misses: 0, ready: 2 });

    // Bob and Cid leave the class: what is left is the start rate (one start: one more expected).
    for (const l of [bob!, cid!])
      expect((await trainer.del(`/api/classes/${cls.id}/learners/${l.id}`)).status).toBe(204);
    const t = Date.now();
    await lifecycle.rebalance(t);
    expect(stats()).toMatchObject({ demand: 1, target: 1, ready: 2 }); // held: not trimmed yet
    await lifecycle.rebalance(t + POOL_HOLD_MS);
    expect(stats()).toMatchObject({ target: 1, ready: 1 });
    expect(await poolContainers()).toHaveLength(1);

    // The start goes out of its window: no demand left, and after the hold the pool is empty.
    const later = t + 10 * 60_000;
    await lifecycle.rebalance(later);
    await lifecycle.rebalance(later + POOL_HOLD_MS);
    expect(stats()).toMatchObject({ demand: 0, target: 0, ready: 0, preparing: 0, hits: 1, misses: 0 });
    const left = await instanceContainers(server.instance);
    expect(left.map((c) => c.labId)).toEqual([lab.id]); // the learner's lab, no pool container

    // The admin overview and /metrics show the same figures.
    const { client: admin } = await userWithRole(server, 'admin', 'admin');
    const overview = (await admin.get('/api/admin/overview')).body;
    expect(overview.pool).toContainEqual(
      expect.objectContaining({ courseId: COURSE, floor: 0, target: 0, ready: 0, hits: 1, misses: 0 }),
    );
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(`atelier_pool_claims_total{course="${COURSE}",result="hit"} 1`);
    expect(metrics).toContain(`atelier_pool_containers{course="${COURSE}",state="ready"} 0`);
  });
});
