import { AppError } from '../errors/app-error.js';

/**
 * Counts failures per key in a fixed window and refuses every attempt once the budget is spent, the
 * right ones included (so a guesser cannot tell a hit from a miss). Used for join codes per IP: a
 * classroom mistyping a few codes stays far below it.
 */
export class FailureBudget {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs = 10 * 60_000,
  ) {}

  /** Throws 429 while the key's failures of the current window reached the budget. */
  check(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs || w.count < this.max) return;
    const wait = Math.ceil((w.start + this.windowMs - now) / 1000);
    throw new AppError('rate-limited', `Trop de codes inconnus, réessayez dans ${wait} s.`, { wait });
  }

  fail(key: string, now = Date.now()): void {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) this.windows.set(key, (w = { start: now, count: 0 }));
    w.count++;
    if (this.windows.size > 10_000)
      for (const [k, x] of this.windows) if (now - x.start >= this.windowMs) this.windows.delete(k);
  }
}
