import { FixedWindows } from '../auth/fixed-windows.js';

/**
 * Fixed-window counter of every hit per key, by key prefix. Used per IP (`ip:`) for registration, login
 * and joins: a budget for a whole classroom behind one NAT that still bounds password hashing per address.
 */
export class RateLimiter {
  private readonly windows: FixedWindows;

  constructor(
    private readonly limits: { prefix: string; max: number }[],
    windowMs = 60_000,
  ) {
    this.windows = new FixedWindows(windowMs);
  }

  /** Counts one hit for key; throws 429 once its budget for the window is spent. */
  consume(key: string, now = Date.now()): void {
    const max = this.limits.find((l) => key.startsWith(l.prefix))?.max ?? Infinity;
    if (this.windows.add(key, 1, now) > max)
      throw this.windows.refusal(key, (wait) => `Trop de tentatives, réessayez dans ${wait} s.`, now);
  }
}
