import { describe, expect, it, vi } from 'vitest';
import { ActivityTracker } from '../../../server/classes/activity-tracker.js';
import type { LabsRepo } from '../../../server/store/labs-repo.js';
import type { ExerciseTimeRepo } from '../../../server/store/exercise-time-repo.js';

function setup() {
  const added: [string, string, string, number][] = [];
  const onFlushed = vi.fn();
  const labs = {
    get: (id: string) => (id === 'lab1' ? { id, userId: 'u1', courseId: 'k' } : undefined),
  } as unknown as LabsRepo;
  const times = {
    add: (u: string, c: string, e: string, ms: number) => added.push([u, c, e, ms]),
  } as unknown as ExerciseTimeRepo;
  const tracker = new ActivityTracker({
    labs,
    times,
    currentExercise: () => 'a',
    onFlushed,
    gapMs: 120_000,
    flushEveryMs: 15_000,
  });
  return { tracker, added, onFlushed };
}

describe('ActivityTracker', () => {
  it('adds the time between keystrokes, skips pauses, and writes at most every 15 s', () => {
    const { tracker, added, onFlushed } = setup();
    tracker.note('u1', 'lab1', 0); // first keystroke: marks the exercise started
    expect(added).toEqual([['u1', 'k', 'a', 0]]);
    tracker.note('u1', 'lab1', 5_000);
    tracker.note('u1', 'lab1', 10_000);
    expect(added).toHaveLength(1);
    tracker.note('u1', 'lab1', 20_000);
    expect(added[1]).toEqual(['u1', 'k', 'a', 20_000]);
    tracker.note('u1', 'lab1', 20_000 + 10 * 60_000); // back from lunch: the pause does not count
    expect(added[2]).toEqual(['u1', 'k', 'a', 0]);
    expect(onFlushed).toHaveBeenCalledTimes(3);
  });

  it('puts the time before a check on the checked exercise, without pushing itself', () => {
    const { tracker, added, onFlushed } = setup();
    tracker.note('u1', 'lab1', 0);
    tracker.note('u1', 'lab1', 4_000);
    tracker.checked('u1', 'lab1', 'b', 7_000);
    expect(added.at(-1)).toEqual(['u1', 'k', 'b', 7_000]);
    expect(onFlushed).toHaveBeenCalledTimes(1);
  });

  it('ignores labs that are gone or not the user’s', () => {
    const { tracker, added } = setup();
    tracker.note('u2', 'lab1', 0);
    tracker.note('u1', 'nope', 0);
    expect(added).toEqual([]);
  });
});
