import { AppError } from '../errors/app-error.js';

/**
 * Fixed-window counter per key. Login uses a generous per-IP budget (a whole classroom behind one NAT)
 * and a tight per-account one, so guessing one password is slow without locking a class out.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limits: { prefix: string; max: number }[],
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one hit for key; throws 429 once its budget for the window is spent. */
  consume(key: string, now = Date.now()): void {
    const max = this.limits.find((l) => key.startsWith(l.prefix))?.max ?? Infinity;
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (this.windows.size > 10_000) this.sweep(now);
    if (w.count > max) {
      const wait = Math.ceil((w.start + this.windowMs - now) / 1000);
      throw new AppError('rate-limited', `Trop de tentatives, réessayez dans ${wait} s.`, { wait });
    }
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
