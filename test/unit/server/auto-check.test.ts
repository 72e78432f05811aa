import { describe, expect, it, vi } from 'vitest';
import { AutoChecker } from '../../../server/labs/auto-check.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AutoChecker', () => {
  it('runs once after the terminal goes quiet', async () => {
    const run = vi.fn(async () => undefined);
    const auto = new AutoChecker(run, 30);
    auto.poke('u', 'lab');
    await sleep(10);
    auto.poke('u', 'lab');
    await sleep(10);
    auto.poke('u', 'lab');
    expect(run).not.toHaveBeenCalled();
    await sleep(60);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('u', 'lab');
  });

  it('keeps at most one run in flight per lab and reruns once after it', async () => {
    let release!: () => void;
    const run = vi.fn(() => new Promise<void>((r) => (release = r)));
    const auto = new AutoChecker(run, 10);
    auto.poke('u', 'lab');
    await sleep(30);
    expect(run).toHaveBeenCalledTimes(1);
    auto.poke('u', 'lab');
    await sleep(30);
    auto.poke('u', 'lab');
    await sleep(30);
    expect(run).toHaveBeenCalledTimes(1); // still in flight
    release();
    await sleep(40);
    expect(run).toHaveBeenCalledTimes(2);
    release();
    auto.dispose();
  });
});
