import { describe, expect, it } from 'vitest';
import {
  DEMAND_MAX_PER_COURSE,
  JOIN_WINDOW_MS,
  PoolDemand,
  sizePools,
  START_WINDOW_MS,
  STARTS_AHEAD_MAX,
  VIEW_TTL_MS,
  type RecentJoin,
} from '../../../server/labs/pool-demand.js';

const T0 = 1_700_000_000_000;

/** A PoolDemand over fake sources: joins with their time, and the labs that exist. */
function setup() {
  const joins: (RecentJoin & { at: number })[] = [];
  const labs: { userId: string; courseId: string }[] = [];
  const demand = new PoolDemand({
    recentJoins: (since) => joins.filter((j) => j.at >= since),
    labs: () => labs,
  });
  const join = (userId: string, courseIds: string[], at = T0) => joins.push({ userId, courseIds, at });
  return { demand, joins, labs, join };
}

describe('PoolDemand', () => {
  it('counts recent class members without a lab on their class’s first course', () => {
    const { demand, labs, join } = setup();
    join('ana', ['nginx', 'dns']);
    join('bob', ['nginx', 'dns']);
    join('cid', ['nginx', 'dns'], T0 - JOIN_WINDOW_MS - 1); // joined too long ago
    expect(demand.demand('nginx', T0)).toBe(2);
    expect(demand.demand('dns', T0)).toBe(0);

    labs.push({ userId: 'ana', courseId: 'nginx' }); // ana started
    labs.push({ userId: 'bob', courseId: 'dns' }); // bob went to the second course directly
    expect(demand.snapshot(T0).get('nginx')).toBeUndefined();
  });

  it('counts viewers without a lab for the course, for VIEW_TTL_MS, once per learner', () => {
    const { demand, labs, join } = setup();
    expect(demand.noteViewer('ana', 'nginx', T0)).toBe(true);
    expect(demand.noteViewer('ana', 'nginx', T0 + 1_000)).toBe(false); // a reload: not new
    demand.noteViewer('bob', 'nginx', T0);
    demand.noteViewer('bob', 'dns', T0);
    labs.push({ userId: 'bob', courseId: 'dns' });
    join('ana', ['nginx']); // joined and viewing: one learner
    expect(demand.snapshot(T0 + 1_000).get('nginx')).toEqual({
      demand: 2,
      joined: 1,
      viewing: 2,
      starting: 0,
      scheduled: 0,
    });
    expect(demand.demand('dns', T0)).toBe(0);
    expect(demand.demand('nginx', T0 + VIEW_TTL_MS + 1_000)).toBe(1); // bob's view expired, ana joined
    expect(demand.noteViewer('bob', 'nginx', T0 + VIEW_TTL_MS + 2_000)).toBe(true);
  });

  it('expects one more learner per recent start, up to STARTS_AHEAD_MAX, for START_WINDOW_MS', () => {
    const { demand } = setup();
    demand.noteStart('nginx', T0);
    demand.noteStart('nginx', T0 + 1_000);
    expect(demand.snapshot(T0 + 2_000).get('nginx')).toMatchObject({ demand: 2, starting: 2 });
    for (let i = 0; i < 10; i++) demand.noteStart('nginx', T0 + 2_000);
    expect(demand.demand('nginx', T0 + 3_000)).toBe(STARTS_AHEAD_MAX);
    expect(demand.demand('nginx', T0 + 2_000 + START_WINDOW_MS)).toBe(0);
  });

  it('takes the largest signal: starts do not add to the members they come from', () => {
    const { demand, join } = setup();
    for (const u of ['a', 'b', 'c', 'd', 'e', 'f']) join(u, ['nginx']);
    demand.noteStart('nginx', T0);
    demand.noteStart('nginx', T0);
    expect(demand.demand('nginx', T0)).toBe(6);
  });

  it('reads the timetable when one is given (issue #18 extension point)', () => {
    const demand = new PoolDemand({
      recentJoins: () => [],
      labs: () => [],
      timetable: () => new Map([['nginx', 12]]),
    });
    expect(demand.snapshot(T0).get('nginx')).toMatchObject({ demand: 12, scheduled: 12 });
  });
});

describe('sizePools', () => {
  const wish = (courseId: string, floor: number, demand: number, weight = 1) => ({
    courseId,
    floor,
    demand,
    weight,
  });

  it('grows each course toward its demand, never below its floor', () => {
    const sizes = sizePools([wish('a', 1, 5), wish('b', 2, 0), wish('c', 0, 0)], undefined);
    expect(Object.fromEntries(sizes)).toEqual({ a: 5, b: 2, c: 0 });
  });

  it('bounds a course’s demand without a host cap', () => {
    expect(sizePools([wish('a', 0, 500)], undefined).get('a')).toBe(DEMAND_MAX_PER_COURSE);
    expect(sizePools([wish('a', 80, 500)], undefined).get('a')).toBe(80); // the floor is the operator's
  });

  it('shares the room by demand, weighing each container by its machines, floors first', () => {
    // room 10: floors take 1 + 2×1 = 3; b (demand 6, 2 machines) then a (demand 4) share the other 7.
    const sizes = sizePools([wish('a', 1, 4), wish('b', 1, 6, 2), wish('c', 0, 0)], 10);
    expect(Object.fromEntries(sizes)).toEqual({ a: 2, b: 4, c: 0 });
  });

  it('keeps floors even with no room, and shares the same way whatever the order (ties by id)', () => {
    expect(Object.fromEntries(sizePools([wish('a', 2, 9), wish('b', 1, 9)], 0))).toEqual({ a: 2, b: 1 });
    const one = sizePools([wish('x', 0, 3), wish('y', 0, 3)], 4);
    const two = sizePools([wish('y', 0, 3), wish('x', 0, 3)], 4);
    expect(Object.fromEntries(one)).toEqual({ x: 3, y: 1 });
    expect(Object.fromEntries(two)).toEqual({ x: 3, y: 1 });
  });
});
