import { FixedWindows } from '../auth/fixed-windows.js';

/**
 * Counts failures per key in a fixed window and refuses every attempt once the budget is spent, the
 * right ones included: otherwise a refused miss and an accepted hit would tell a guesser which is which,
 * and the budget would not slow guessing at all. Used for join codes per IP, with a budget a classroom
 * mistyping codes never reaches (JOIN_FAILURES in join-code.ts).
 */
export class FailureBudget {
  private readonly windows: FixedWindows;

  constructor(
    private readonly max: number,
    windowMs = 10 * 60_000,
  ) {
    this.windows = new FixedWindows(windowMs);
  }

  /** Throws 429 while the key's failures of the current window reached the budget. */
  check(key: string, now = Date.now()): void {
    if (this.windows.count(key, now) >= this.max)
      throw this.windows.refusal(key, (wait) => `Trop de codes inconnus, réessayez dans ${wait} s.`, now);
  }

  fail(key: string, now = Date.now()): void {
    this.windows.add(key, 1, now);
  }
}
