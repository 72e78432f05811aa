import { describe, expect, it } from 'vitest';
import {
  applyProgress,
  clockSkew,
  isStuck,
  labOf,
  orderRows,
  visibleRows,
} from '../../../client/src/lib/class-grid-model.js';
import type { ClassGrid, LearnerRow } from '../../../client/src/lib/types.js';

const MIN = 60_000;
const T0 = Date.parse('2025-03-04T10:00:00Z');
const row = (id: string, name: string, done: number, activeMs = 0, lastActive = T0): LearnerRow => ({
  userId: id,
  username: name.toLowerCase(),
  displayName: name,
  joinedAt: new Date(T0).toISOString(),
  labs: [{ courseId: 'k', labId: `lab-${id}`, state: 'running' }],
  cells: {},
  done,
  total: 6,
  current: { courseId: 'k', exerciseId: 'a', activeMs, startedAt: null },
  lastActiveAt: new Date(lastActive).toISOString(),
  stuck: false,
});
const grid = (learners: LearnerRow[]): ClassGrid => ({
  class: { id: 'c1' } as ClassGrid['class'],
  columns: [],
  learners,
  stuckAfterMs: 10 * MIN,
  activeWindowMs: 5 * MIN,
  generatedAt: new Date(T0).toISOString(),
});

describe('class grid model', () => {
  it('recomputes stuck as time passes: active and long on one exercise', () => {
    const g = grid([row('1', 'Zoé', 1, 12 * MIN)]);
    expect(isStuck(g.learners[0]!, g, T0 + MIN)).toBe(true);
    expect(isStuck(g.learners[0]!, g, T0 + 6 * MIN)).toBe(false); // went quiet
    expect(isStuck(row('2', 'Léo', 0, 9 * MIN), g, T0)).toBe(false);
  });

  it('sorts by name or by progress and filters the stuck ones', () => {
    const g = grid([row('1', 'Zoé', 1, 12 * MIN), row('2', 'amina', 3), row('3', 'Léo', 3, 2 * MIN)]);
    expect(orderRows(g.learners, 'name').map((r) => r.displayName)).toEqual(['amina', 'Léo', 'Zoé']);
    expect(orderRows(g.learners, 'progress').map((r) => r.displayName)).toEqual(['amina', 'Léo', 'Zoé']);
    expect(visibleRows(g, { sort: 'name', onlyStuck: true, now: T0 }).map((r) => r.userId)).toEqual(['1']);
  });

  it('applies live updates: replace, append, remove; other classes are ignored', () => {
    let g = grid([row('1', 'Zoé', 1)]);
    g = applyProgress(g, { classId: 'c1', learner: row('1', 'Zoé', 2) });
    g = applyProgress(g, { classId: 'c1', learner: row('2', 'Léo', 0) });
    g = applyProgress(g, { classId: 'other', learner: row('3', 'X', 0) });
    expect(g.learners.map((r) => [r.userId, r.done])).toEqual([
      ['1', 2],
      ['2', 0],
    ]);
    g = applyProgress(g, { classId: 'c1', removed: '1' });
    expect(g.learners.map((r) => r.userId)).toEqual(['2']);
    expect(clockSkew(g, T0 - 5000)).toBe(5000);
    expect(labOf(g.learners[0]!)?.labId).toBe('lab-2');
  });
});
