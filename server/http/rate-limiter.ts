import { FixedWindows } from '../auth/fixed-windows.js';
import type { ErrorReason } from '../errors/app-error.js';

/**
 * Fixed-window counter of every hit per key, by key prefix. Used per IP (`ip:`) for registration, login
 * and joins: a budget for a whole classroom behind one NAT that still bounds password hashing per address.
 */
export class RateLimiter {
  private readonly windows: FixedWindows;

  constructor(
    private readonly limits: { prefix: string; max: number }[],
    windowMs = 60_000,
    private readonly refusal: { reason: ErrorReason; message: string } = {
      reason: 'rate-limited',
      message: 'Trop de tentatives',
    },
  ) {
    this.windows = new FixedWindows(windowMs);
  }

  /** Counts one hit for key; throws (429 `rate-limited` by default) once its budget for the window is spent. */
  consume(key: string, now = Date.now()): void {
    const max = this.limits.find((l) => key.startsWith(l.prefix))?.max ?? Infinity;
    if (this.windows.add(key, 1, now) > max) {
      const { reason, message } = this.refusal;
      throw this.windows.refusal(key, (wait) => `${message}, réessayez dans ${wait} s.`, now, reason);
    }
  }
}
