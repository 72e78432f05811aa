import { AppError, type ErrorReason } from '../errors/app-error.js';

/**
 * Counters per key in fixed windows; a key's window starts at its first count. Expired keys are swept
 * once there are more than 10 000, so an attacker varying keys cannot grow the map without bound.
 */
export class FixedWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly windowMs: number) {}

  count(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w && now - w.start < this.windowMs ? w.count : 0;
  }

  /** Adds n (may be negative) to the key's count in the current window; returns the new count. */
  add(key: string, n = 1, now = Date.now()): number {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) this.windows.set(key, (w = { start: now, count: 0 }));
    w.count = Math.max(0, w.count + n);
    if (this.windows.size > 10_000) this.sweep(now);
    return w.count;
  }

  delete(key: string): void {
    this.windows.delete(key);
  }

  /** A refusal (`rate-limited` unless told) with the seconds left in the key's window. */
  refusal(
    key: string,
    message: (wait: number) => string,
    now = Date.now(),
    reason: ErrorReason = 'rate-limited',
  ): AppError {
    const start = this.windows.get(key)?.start ?? now;
    const wait = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
    return new AppError(reason, message(wait), { wait });
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
