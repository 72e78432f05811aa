import { describe, expect, it, vi } from 'vitest';
import { PeriodicTask } from '../../../server/labs/periodic-task.js';

describe('PeriodicTask', () => {
  it('never overlaps runs, survives errors, and stops', async () => {
    vi.useFakeTimers();
    try {
      let running = 0;
      let maxRunning = 0;
      let calls = 0;
      const warn = vi.fn();
      const task = new PeriodicTask(
        't',
        100,
        async () => {
          calls++;
          maxRunning = Math.max(maxRunning, ++running);
          await new Promise((r) => setTimeout(r, 250)); // longer than the period
          running--;
          if (calls === 1) throw new Error('first run fails');
        },
        { warn },
      );
      task.start();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(maxRunning).toBe(1);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ task: 't' }), 't: first run fails');
      task.stop();
      const after = calls;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls).toBe(after);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does nothing for a period of 0, and runNow joins a run in progress', async () => {
    const fn = vi.fn(async () => undefined);
    const task = new PeriodicTask('off', 0, fn, { warn: vi.fn() }).start();
    const [a, b] = [task.runNow(), task.runNow()];
    await Promise.all([a, b]);
    expect(fn).toHaveBeenCalledTimes(1);
    task.stop();
  });
});
