import type { Logger } from 'pino';
import { fallbackLogger } from '../observability/logger.js';

/**
 * Checks a lab automatically a moment after its terminal goes quiet: debounced per lab, at most one run
 * in flight per lab (activity during a run schedules exactly one more).
 */
export class AutoChecker {
  // One timer per lab and the time it should fire: output pokes thousands of times a second under a
  // flood, so a poke only moves the deadline and the timer re-arms itself for what is left.
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; dueAt: number }>();
  private readonly running = new Map<string, boolean>(); // labId → rerun requested

  constructor(
    private readonly run: (userId: string, labId: string) => Promise<void>,
    private readonly quietMs = 1500,
    private readonly logger: Pick<Logger, 'warn'> = fallbackLogger,
  ) {}

  /** Terminal activity (input or output) on a lab: push its quiet deadline back. */
  poke(userId: string, labId: string, now = Date.now()): void {
    const armed = this.timers.get(labId);
    if (armed) armed.dueAt = now + this.quietMs;
    else this.arm(userId, labId, now + this.quietMs, this.quietMs);
  }

  cancel(labId: string): void {
    clearTimeout(this.timers.get(labId)?.timer);
    this.timers.delete(labId);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }

  private arm(userId: string, labId: string, dueAt: number, delay: number): void {
    const timer = setTimeout(() => {
      const due = this.timers.get(labId)?.dueAt ?? dueAt;
      const left = due - Date.now();
      if (left > 0) this.arm(userId, labId, due, left);
      else this.fire(userId, labId);
    }, delay);
    timer.unref();
    this.timers.set(labId, { timer, dueAt });
  }

  private fire(userId: string, labId: string): void {
    this.timers.delete(labId);
    if (this.running.has(labId)) {
      this.running.set(labId, true);
      return;
    }
    this.running.set(labId, false);
    void this.run(userId, labId)
      .catch((err) => this.logger.warn({ err, labId }, `auto-check: ${(err as Error).message}`))
      .finally(() => {
        const again = this.running.get(labId);
        this.running.delete(labId);
        if (again) this.poke(userId, labId);
      });
  }
}
