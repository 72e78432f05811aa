import type { Logger } from 'pino';
import { fallbackLogger } from '../observability/logger.js';

/** What became of the automatic checks that came due (for /metrics). */
export interface AutoCheckStats {
  /** Checks that ran (a failed one too). */
  run: number;
  /** Not run: the learner typed nothing since the lab's last check (button or automatic) started. */
  skippedNoInput: number;
  /** Not run: a button check was running on the lab. */
  skippedInFlight: number;
  /** Put off for a few seconds because the host was busy (each postponement counts once). */
  deferredBusy: number;
}

export interface AutoCheckOptions {
  /** Quiet time after terminal activity before a check. */
  quietMs?: number;
  /** The host is saturated: a due check waits `retryMs` and asks again (never dropped). */
  busy?: () => boolean;
  retryMs?: number;
  /** A button check runs on the lab: a due automatic check is skipped, not queued behind it. */
  checking?: (labId: string) => boolean;
  logger?: Pick<Logger, 'warn'>;
}

const RETRY_MS = 3_000;

/**
 * Checks a lab automatically a moment after its terminal goes quiet, only if the learner typed since the
 * lab's last check started: output alone (apt still printing after a check) never causes another one.
 * Debounced per lab; at most one automatic run in flight per lab (input during a run schedules one more).
 */
export class AutoChecker {
  // One timer per lab and the time it should fire: output pokes thousands of times a second under a
  // flood, so a poke only moves the deadline and the timer re-arms itself for what is left.
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; dueAt: number }>();
  private readonly running = new Map<string, boolean>(); // labId → rerun requested
  /** Labs whose learner typed since their last check started. */
  private readonly typed = new Set<string>();
  private readonly counts: AutoCheckStats = {
    run: 0,
    skippedNoInput: 0,
    skippedInFlight: 0,
    deferredBusy: 0,
  };
  private readonly quietMs: number;

  /** `run` resolves true when it checked the lab (false: nothing to check, e.g. every exercise done). */
  constructor(
    private readonly run: (userId: string, labId: string) => Promise<boolean>,
    private readonly o: AutoCheckOptions = {},
  ) {
    this.quietMs = o.quietMs ?? 1500;
  }

  /** The learner typed: the lab is due a check once its terminal goes quiet. */
  input(userId: string, labId: string, now = Date.now()): void {
    this.typed.add(labId);
    this.poke(userId, labId, now);
  }

  /** Terminal output: pushes the quiet deadline back (a check due only if the learner typed). */
  poke(userId: string, labId: string, now = Date.now()): void {
    const armed = this.timers.get(labId);
    if (armed) armed.dueAt = now + this.quietMs;
    else this.arm(userId, labId, now + this.quietMs, this.quietMs);
  }

  /** A button check starts on the lab: it sees everything typed so far. */
  checkStarted(labId: string): void {
    this.typed.delete(labId);
  }

  cancel(labId: string): void {
    clearTimeout(this.timers.get(labId)?.timer);
    this.timers.delete(labId);
    this.typed.delete(labId);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }

  stats(): AutoCheckStats {
    return { ...this.counts };
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
    if (!this.typed.has(labId)) {
      this.counts.skippedNoInput++;
      return;
    }
    if (this.o.checking?.(labId)) {
      this.counts.skippedInFlight++;
      return;
    }
    if (this.o.busy?.()) {
      this.counts.deferredBusy++;
      const retryMs = this.o.retryMs ?? RETRY_MS;
      this.arm(userId, labId, Date.now() + retryMs, retryMs);
      return;
    }
    this.typed.delete(labId);
    this.running.set(labId, false);
    void this.run(userId, labId)
      .then(
        (ran) => void (ran && this.counts.run++),
        (err: unknown) => {
          this.counts.run++; // it ran, and failed (the lab went away mid-check…)
          (this.o.logger ?? fallbackLogger).warn({ err, labId }, `auto-check: ${(err as Error).message}`);
        },
      )
      .finally(() => {
        const again = this.running.get(labId);
        this.running.delete(labId);
        if (again) this.poke(userId, labId);
      });
  }
}
