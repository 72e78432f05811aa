// In-memory, short-lived, single-use values under unguessable keys (a login between two redirects, a
// deep-linking pick): expired ones are dropped at each insert, and beyond `max` the oldest go first.
import { timingSafeEqual } from 'node:crypto';

export class ExpiringMap<V> {
  private readonly byKey = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  set(key: string, value: V, now = Date.now()): void {
    for (const [k, e] of this.byKey) if (e.expiresAt <= now) this.byKey.delete(k);
    while (this.byKey.size >= this.max) this.byKey.delete(this.byKey.keys().next().value!);
    this.byKey.set(key, { value, expiresAt: now + this.ttlMs });
  }

  /** The value of `key` while it lives, left in place. */
  peek(key: string, now = Date.now()): V | undefined {
    const e = this.byKey.get(key);
    return e && e.expiresAt > now ? e.value : undefined;
  }

  /** The value of `key` while it lives, removed whatever the caller decides next (it serves once). */
  take(key: string, now = Date.now()): V | undefined {
    const value = this.peek(key, now);
    this.byKey.delete(key);
    return value;
  }
}

/** Two secrets compared in constant time (a browser's cookie value against the one we issued). */
export function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
