import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutoChecker, type AutoCheckOptions } from '../../../server/labs/auto-check.js';

/** A checker on fake timers; `release()` ends the run in flight (runs hang until then when `hold`). */
function checker(o: AutoCheckOptions & { hold?: boolean } = {}) {
  let release = () => {};
  const run = vi.fn((): Promise<boolean> =>
    o.hold ? new Promise((resolve) => (release = () => resolve(true))) : Promise.resolve(true),
  );
  const auto = new AutoChecker(run, { quietMs: 30, retryMs: 100, ...o });
  return { auto, run, release: () => release() };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('AutoChecker', () => {
  it('runs once after the terminal goes quiet, the learner having typed', async () => {
    const { auto, run } = checker();
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(10);
    auto.poke('u', 'lab');
    await vi.advanceTimersByTimeAsync(10);
    auto.input('u', 'lab');
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('u', 'lab');
    expect(auto.stats()).toEqual({ run: 1, skippedNoInput: 0, skippedInFlight: 0, deferredBusy: 0 });
  });

  it('never checks on output alone: nothing typed since the last check started', async () => {
    const { auto, run } = checker();
    auto.poke('u', 'lab'); // output, nothing typed
    await vi.advanceTimersByTimeAsync(60);
    expect(run).not.toHaveBeenCalled();
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(1);
    // apt still printing after the check: no second one
    for (let i = 0; i < 5; i++) {
      auto.poke('u', 'lab');
      await vi.advanceTimersByTimeAsync(60);
    }
    expect(run).toHaveBeenCalledTimes(1);
    expect(auto.stats()).toMatchObject({ run: 1, skippedNoInput: 6 });
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('a button check starting counts as the last check: what was typed before it is covered', async () => {
    const { auto, run } = checker();
    auto.input('u', 'lab');
    auto.checkStarted('lab');
    await vi.advanceTimersByTimeAsync(60);
    expect(run).not.toHaveBeenCalled();
    expect(auto.stats().skippedNoInput).toBe(1);
  });

  it('keeps at most one run in flight per lab and reruns once after it if the learner typed', async () => {
    const { auto, run, release } = checker({ hold: true });
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(1);
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(60);
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(1); // still in flight
    release();
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(auto.stats().run).toBe(2);
    auto.dispose();
  });

  it('skips (does not queue) a check while a button check runs on the lab', async () => {
    let checking = true;
    const { auto, run } = checker({ checking: () => checking });
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(60);
    checking = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(run).not.toHaveBeenCalled();
    expect(auto.stats()).toMatchObject({ run: 0, skippedInFlight: 1 });
  });

  it('defers while the host is busy, then runs (never drops)', async () => {
    let busy = true;
    const { auto, run } = checker({ busy: () => busy });
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(30 + 100 + 100); // due, then two retries
    expect(run).not.toHaveBeenCalled();
    expect(auto.stats().deferredBusy).toBe(3);
    busy = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(1);
    expect(auto.stats()).toEqual({ run: 1, skippedNoInput: 0, skippedInFlight: 0, deferredBusy: 3 });
  });

  it('does not count a run that found nothing to check', async () => {
    const auto = new AutoChecker(async () => false, { quietMs: 30 });
    auto.input('u', 'lab');
    await vi.advanceTimersByTimeAsync(60);
    expect(auto.stats().run).toBe(0);
  });
});
