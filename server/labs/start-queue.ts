import { SandboxError } from '../sandbox/sandbox-runtime.js';

/** Learners first; warm-pool refills only fill the gaps. */
export type StartPriority = 'learner' | 'pool';

export interface QueueOptions {
  priority?: StartPriority;
  /** Called with the learner's 1-based place among waiting learners, each time it changes. */
  onPosition?: (position: number) => void;
}

interface Waiter {
  priority: StartPriority;
  admit: () => void;
  reject: (err: Error) => void;
  onPosition?: (position: number) => void;
  position?: number;
  timer: NodeJS.Timeout;
}

const DEFAULT_MAX_WAIT_MS = 120_000;
/** While refills are held (host busy), the queue looks again this often: nothing else may pump it. */
const HOLD_POLL_MS = 500;

/**
 * Bounds concurrent container starts: Docker on 2 cores tops out around 9.5 container starts/s, and a burst
 * that starts 60 at once makes every one of them slow. First come, first served among learners; a
 * refill runs only when no learner waits, and refills never hold every slot, so a learner who arrives
 * during a refill burst waits for one start at most. While `holdRefills()` says so (the host is
 * saturated), no refill is admitted at all; learners never wait for it.
 */
export class StartQueue {
  private running = 0;
  private runningPool = 0;
  private readonly waiting: Waiter[] = [];
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly concurrency: number,
    private readonly maxWaitMs = DEFAULT_MAX_WAIT_MS,
    private readonly holdRefills: () => boolean = () => false,
  ) {
    if (!(concurrency >= 1)) throw new RangeError(`start concurrency must be ≥ 1, got ${concurrency}`);
  }

  async run<T>(fn: () => Promise<T>, opts: QueueOptions = {}): Promise<T> {
    const priority = opts.priority ?? 'learner';
    await this.admission(priority, opts.onPosition);
    try {
      return await fn();
    } finally {
      this.running--;
      if (priority === 'pool') this.runningPool--;
      this.pump();
    }
  }

  stats(): { running: number; waiting: number; waitingPool: number } {
    const waitingPool = this.waiting.filter((w) => w.priority === 'pool').length;
    return { running: this.running, waiting: this.waiting.length - waitingPool, waitingPool };
  }

  private admission(priority: StartPriority, onPosition?: (position: number) => void): Promise<void> {
    return new Promise((admit, reject) => {
      const waiter: Waiter = { priority, admit, reject, onPosition, timer: undefined as never };
      waiter.timer = setTimeout(() => this.expire(waiter), this.maxWaitMs);
      waiter.timer.unref();
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const i = this.nextIndex();
      if (i < 0) break;
      const [w] = this.waiting.splice(i, 1);
      if (!w) break;
      clearTimeout(w.timer);
      this.running++;
      if (w.priority === 'pool') this.runningPool++;
      w.admit();
    }
    this.announce();
  }

  private nextIndex(): number {
    const learner = this.waiting.findIndex((w) => w.priority === 'learner');
    if (learner >= 0) return learner;
    if (this.runningPool >= Math.max(1, this.concurrency - 1)) return -1;
    const refill = this.waiting.findIndex((w) => w.priority === 'pool');
    if (refill < 0 || !this.holdRefills()) return refill;
    this.holdTimer ??= setTimeout(() => {
      this.holdTimer = undefined;
      this.pump();
    }, HOLD_POLL_MS).unref();
    return -1;
  }

  /** Tells each waiting learner its place, only when it changed. */
  private announce(): void {
    let position = 0;
    for (const w of this.waiting) {
      if (w.priority !== 'learner') continue;
      position++;
      if (w.position === position) continue;
      w.position = position;
      w.onPosition?.(position);
    }
  }

  private expire(w: Waiter): void {
    const i = this.waiting.indexOf(w);
    if (i < 0) return;
    this.waiting.splice(i, 1);
    w.reject(new SandboxError('timeout', `start queue: no slot after ${this.maxWaitMs} ms`));
    this.announce();
  }
}
