import { describe, expect, it, vi } from 'vitest';
import { StartQueue } from '../../../server/labs/start-queue.js';

/** A start that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('StartQueue', () => {
  it('runs at most `concurrency` starts and serves learners first come, first served', async () => {
    const q = new StartQueue(2);
    const gates = Array.from({ length: 5 }, gate);
    const order: number[] = [];
    const positions: number[][] = gates.map(() => []);
    const runs = gates.map((g, i) =>
      q.run(
        async () => {
          order.push(i);
          await g.opened;
        },
        { onPosition: (p) => positions[i]!.push(p) },
      ),
    );
    await tick();
    expect(order).toEqual([0, 1]);
    expect(q.stats()).toEqual({ running: 2, waiting: 3, waitingPool: 0 });
    gates[1]!.open();
    await tick();
    expect(order).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    // Each waiting learner heard its place, then every step forward.
    expect(positions).toEqual([[], [], [1], [2, 1], [3, 2, 1]]);
  });

  it('lets learners overtake pool refills, and never gives refills every slot', async () => {
    const q = new StartQueue(2);
    const order: string[] = [];
    const refill = gate();
    const refills = [0, 1, 2].map((i) =>
      q.run(
        async () => {
          order.push(`pool${i}`);
          await refill.opened;
        },
        { priority: 'pool' },
      ),
    );
    await tick();
    expect(order).toEqual(['pool0']); // one slot stays free for a learner
    const learner = q.run(async () => void order.push('learner'));
    await learner;
    expect(order).toEqual(['pool0', 'learner']);
    refill.open();
    await Promise.all(refills);
    expect(order).toEqual(['pool0', 'learner', 'pool1', 'pool2']);
  });

  it('frees the slot when a start fails, and gives up waiting after its budget', async () => {
    const q = new StartQueue(1, 50);
    await expect(q.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const hold = gate();
    const first = q.run(() => hold.opened);
    await expect(q.run(async () => 'never')).rejects.toMatchObject({ reason: 'timeout' });
    hold.open();
    await first;
    expect(await q.run(async () => 'ok')).toBe('ok');
  });

  it('admits no refill while the host is busy, learners still run, and resumes after', async () => {
    vi.useFakeTimers();
    try {
      let busy = true;
      const q = new StartQueue(2, 60_000, () => busy);
      const order: string[] = [];
      const refill = q.run(async () => void order.push('pool'), { priority: 'pool' });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(order).toEqual([]);
      expect(q.stats()).toEqual({ running: 0, waiting: 0, waitingPool: 1 });
      await q.run(async () => void order.push('learner'));
      expect(order).toEqual(['learner']);
      busy = false;
      await vi.advanceTimersByTimeAsync(500); // nothing else pumps the queue: it looks again by itself
      await refill;
      expect(order).toEqual(['learner', 'pool']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new StartQueue(0)).toThrow(RangeError);
  });
});
