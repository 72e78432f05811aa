import { describe, expect, it } from 'vitest';
import { buildRows, firstFailure, type GridFacts } from '../../../server/classes/class-grid.js';

const MIN = 60_000;
const NOW = 1_000 * MIN;
const columns = ['a', 'b', 'c'].map((e) => ({
  courseId: 'k',
  courseTitle: 'K',
  exerciseId: e,
  title: e.toUpperCase(),
}));
const learner = { userId: 'u1', username: 'zoe', displayName: 'Zoé', role: 'learner' as const, joinedAt: 0 };
const facts = (over: Partial<GridFacts> = {}): GridFacts => ({
  columns,
  learners: [learner],
  progress: [],
  times: [],
  labs: [],
  now: NOW,
  stuckAfterMs: 10 * MIN,
  activeWindowMs: 5 * MIN,
  ...over,
});
const failed = JSON.stringify([
  { id: 'x', passed: true, message: 'ok' },
  { id: 'y', passed: false, message: 'nginx is installed but not listening on port 80' },
]);

describe('class grid rows', () => {
  it('shows nothing started before any activity', () => {
    const [row] = buildRows(facts());
    expect(row).toMatchObject({ done: 0, total: 3, current: null, stuck: false, lastActiveAt: null });
    expect(Object.values(row!.cells).map((c) => c.status)).toEqual([
      'not-started',
      'not-started',
      'not-started',
    ]);
  });

  it('marks done, failing (with the message) and the current exercise in progress', () => {
    const [row] = buildRows(
      facts({
        progress: [
          {
            userId: 'u1',
            courseId: 'k',
            exerciseId: 'a',
            attempts: 1,
            completedAt: NOW - 5 * MIN,
            lastResult: '[]',
            updatedAt: NOW - 5 * MIN,
          },
          {
            userId: 'u1',
            courseId: 'k',
            exerciseId: 'b',
            attempts: 3,
            completedAt: null,
            lastResult: failed,
            updatedAt: NOW - MIN,
          },
        ],
        times: [
          {
            userId: 'u1',
            courseId: 'k',
            exerciseId: 'b',
            startedAt: NOW - 20 * MIN,
            activeMs: 12 * MIN,
            lastActiveAt: NOW - MIN,
          },
        ],
      }),
    );
    expect(row!.cells['k/a']).toMatchObject({ status: 'done', attempts: 1 });
    expect(row!.cells['k/b']).toMatchObject({
      status: 'failing',
      message: /not listening/,
      activeMs: 12 * MIN,
    });
    expect(row!.cells['k/c']!.status).toBe('not-started');
    expect(row!.current).toMatchObject({ courseId: 'k', exerciseId: 'b', activeMs: 12 * MIN });
    expect(row!.stuck).toBe(true);
  });

  it('is not stuck when inactive, nor before the threshold; a lab alone makes the first exercise current', () => {
    const idle = facts({
      times: [
        {
          userId: 'u1',
          courseId: 'k',
          exerciseId: 'a',
          startedAt: 0,
          activeMs: 30 * MIN,
          lastActiveAt: NOW - 6 * MIN,
        },
      ],
    });
    expect(buildRows(idle)[0]!.stuck).toBe(false);
    const [fresh] = buildRows(
      facts({ labs: [{ userId: 'u1', courseId: 'k', labId: 'l1', state: 'running', lastActivityAt: NOW }] }),
    );
    expect(fresh!.current).toMatchObject({ exerciseId: 'a', activeMs: 0 });
    expect(fresh!.cells['k/a']!.status).toBe('in-progress');
    expect(fresh!.stuck).toBe(false);
    expect(fresh!.labs).toEqual([{ courseId: 'k', labId: 'l1', state: 'running' }]);
  });

  it('reads the first failing check, tolerating junk', () => {
    expect(firstFailure(failed)).toMatch(/port 80/);
    expect(firstFailure('not json')).toBeUndefined();
    expect(firstFailure('{"a":1}')).toBeUndefined();
    expect(firstFailure(null)).toBeUndefined();
    // The trainer reads what the learner did not: the full detail of a command check.
    const withDetail = JSON.stringify([
      {
        id: 'c',
        passed: false,
        message: 'La vérification « c » n’est pas encore satisfaite.',
        detail: '"nginx -t" exits with code 1',
      },
    ]);
    expect(firstFailure(withDetail)).toBe('"nginx -t" exits with code 1');
  });
});
