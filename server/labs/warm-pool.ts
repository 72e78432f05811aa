import { randomBytes } from 'node:crypto';
import type { CourseRegistry } from '../courses/course-registry.js';
import { SandboxError, type MachineSpec, type SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { StartQueue } from './start-queue.js';

export interface PoolTarget {
  image: string;
  machines?: MachineSpec[];
  size: number;
}

export interface WarmPoolDeps {
  runtime: SandboxRuntime;
  registry: Pick<CourseRegistry, 'setupLab'>;
  queue: StartQueue;
  /** Courses to keep warm at `now`: courseId → image(s) and how many ready labs to hold. */
  targets: (now: number) => Map<string, PoolTarget>;
  /** New containers only while the host has disk room. */
  hasRoom: () => Promise<boolean>;
  /** Refills yield: a preparation waits until this says go (no learner start queued or recent, host not busy). */
  mayRefill?: () => boolean;
  log: (msg: string) => void;
  /** A new lab asked for a container (a hit or a miss): the start rate feeds the pool's demand. */
  onClaim?: (courseId: string, hit: boolean) => void;
}

/** Claims per course since the process started: `hits` got a ready container, `misses` started cold. */
export interface ClaimCounts {
  hits: number;
  misses: number;
}

const BACKOFF_MIN_MS = 5_000;
/** A refill waits this long after a claim, so its container start does not slow the learner's first prompt. */
const REFILL_DELAY_MS = 1_000;
const BACKOFF_MAX_MS = 300_000;
/** How often a waiting refill asks `mayRefill` again. */
const YIELD_POLL_MS = 400;

/**
 * K started containers per course, each with the course setup applied and a shell already open, so a
 * new lab is a hand-over away: a pre-created but unstarted container would still pay the ~200 ms start
 * and the shell's first prompt, a started one pays neither (docs/PERFORMANCE.md). Refills go through the
 * start queue at pool priority. A course whose refill fails backs off exponentially instead of looping.
 */
export class WarmPool {
  private readonly ready = new Map<string, string[]>();
  /** Every pool id this process owns, ready or still being prepared. */
  private readonly owned = new Set<string>();
  private readonly inFlight = new Map<string, Set<Promise<void>>>();
  private readonly backoff = new Map<string, { failures: number; until: number }>();
  private readonly claimCounts = new Map<string, ClaimCounts>();
  private refillTimer: NodeJS.Timeout | undefined;
  private active = false;
  private disposed = false;

  constructor(private readonly d: WarmPoolDeps) {}

  /** Nothing is prepared before this: a server that never starts its lifecycle (tests) has no pool. */
  start(): void {
    this.active = true;
    this.fill();
  }

  /** Starts what each course lacks; never more than its target ready plus in flight. */
  fill(now = Date.now()): void {
    if (!this.active || this.disposed) return;
    for (const [courseId, target] of this.d.targets(now)) {
      const { size } = target;
      if ((this.backoff.get(courseId)?.until ?? 0) > now) continue;
      const have = (this.ready.get(courseId)?.length ?? 0) + (this.inFlight.get(courseId)?.size ?? 0);
      for (let i = have; i < size; i++) this.track(courseId, this.prepare(courseId, target));
    }
  }

  /** Hands a ready container to `labId`: true on a hit; false when none is left (start it cold). */
  async claim(courseId: string, labId: string): Promise<boolean> {
    const outcome = await this.handOver(courseId, labId);
    if (outcome !== 'adopt') this.countClaim(courseId, outcome === 'hit');
    return outcome === 'hit';
  }

  private async handOver(courseId: string, labId: string): Promise<'hit' | 'miss' | 'adopt'> {
    const list = this.ready.get(courseId) ?? [];
    try {
      for (let poolId = list.shift(); poolId; poolId = list.shift()) {
        // Still ours while it is being claimed: a sweep must not take it for a leftover meanwhile.
        const outcome = await this.d.runtime.claim(poolId, labId).then(
          () => 'claimed' as const,
          (err: unknown) => err,
        );
        if (outcome instanceof SandboxError && outcome.reason === 'lab-exists') {
          list.unshift(poolId); // the lab kept its container: adopt that one, keep this for someone else
          return 'adopt';
        }
        this.owned.delete(poolId);
        if (outcome === 'claimed') return 'hit';
        this.d.log(`pool container ${poolId} could not be claimed: ${(outcome as Error).message}`);
        await this.d.runtime.remove(poolId).catch(() => undefined);
      }
      return 'miss';
    } finally {
      this.refillSoon();
    }
  }

  private countClaim(courseId: string, hit: boolean): void {
    const c = this.claimCounts.get(courseId) ?? { hits: 0, misses: 0 };
    this.claimCounts.set(courseId, hit ? { ...c, hits: c.hits + 1 } : { ...c, misses: c.misses + 1 });
    this.d.onClaim?.(courseId, hit);
  }

  /** Hits and misses per course (the pool's hit rate). */
  claims(): Map<string, ClaimCounts> {
    return new Map(this.claimCounts);
  }

  /**
   * Removes ready containers so that ready + preparing is at most `keep`; returns how many went. A
   * container being claimed has already left the ready list, so a trim never takes it from a learner.
   */
  async trim(courseId: string, keep: number): Promise<number> {
    const list = this.ready.get(courseId) ?? [];
    const preparing = this.inFlight.get(courseId)?.size ?? 0;
    const extra = Math.min(list.length, list.length + preparing - Math.max(0, keep));
    if (extra <= 0) return 0;
    const gone = list.splice(list.length - extra);
    await Promise.all(
      gone.map(async (id) => {
        await this.d.runtime.remove(id).catch(() => undefined);
        this.owned.delete(id);
      }),
    );
    return gone.length;
  }

  private refillSoon(): void {
    if (!this.active || this.disposed) return;
    this.refillTimer ??= setTimeout(() => {
      this.refillTimer = undefined;
      this.fill();
    }, REFILL_DELAY_MS).unref();
  }

  /** Is this unclaimed pool container one of ours (ready or being prepared)? */
  owns(poolId: string): boolean {
    return this.owned.has(poolId);
  }

  stats(): { courseId: string; ready: number; preparing: number }[] {
    const ids = new Set([...this.ready.keys(), ...this.inFlight.keys()]);
    return [...ids].map((courseId) => ({
      courseId,
      ready: this.ready.get(courseId)?.length ?? 0,
      preparing: this.inFlight.get(courseId)?.size ?? 0,
    }));
  }

  /** No more refills; containers already ready stay (the next boot's reconcile removes them). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.refillTimer);
  }

  /** Stops refilling, waits for preparations in flight and removes every pool container. */
  async drain(): Promise<void> {
    this.dispose();
    await Promise.all([...this.inFlight.values()].flatMap((s) => [...s]));
    const ids = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(
      ids.map((id) => (this.owned.delete(id), this.d.runtime.remove(id).catch(() => undefined))),
    );
  }

  private track(courseId: string, job: Promise<void>): void {
    const set = this.inFlight.get(courseId) ?? new Set();
    this.inFlight.set(courseId, set);
    set.add(job);
    void job.finally(() => set.delete(job));
  }

  private async prepare(courseId: string, { image, machines }: PoolTarget): Promise<void> {
    const poolId = `pool-${randomBytes(6).toString('hex')}`;
    try {
      if (!(await this.yielded())) return;
      if (!(await this.d.hasRoom())) return;
      await this.d.queue.run(
        async () => {
          if (this.disposed) return;
          this.owned.add(poolId);
          const { runtime } = this.d;
          await runtime.createPooled({ poolId, courseId, image, machines });
          await this.d.registry.setupLab(runtime, poolId, courseId);
          await runtime.prewarmShell(poolId);
        },
        { priority: 'pool' },
      );
      if (!this.owned.has(poolId)) return;
      if (this.disposed) throw new Error('pool disposed');
      this.ready.set(courseId, [...(this.ready.get(courseId) ?? []), poolId]);
      this.backoff.delete(courseId);
    } catch (err) {
      this.owned.delete(poolId);
      await this.d.runtime.remove(poolId).catch(() => undefined);
      if (this.disposed) return;
      const failures = (this.backoff.get(courseId)?.failures ?? 0) + 1;
      const waitMs = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (failures - 1));
      this.backoff.set(courseId, { failures, until: Date.now() + waitMs });
      this.d.log(`pool for ${courseId}: ${(err as Error).message} (next try in ${waitMs / 1000} s)`);
    }
  }

  /**
   * Waits for `mayRefill` before a preparation enters the queue; false once the pool is disposed. Not
   * checked again between its steps: paused there, it would hold a start slot a queued learner needs.
   */
  private async yielded(): Promise<boolean> {
    const may = this.d.mayRefill;
    while (!this.disposed && may && !may())
      await new Promise((resolve) => setTimeout(resolve, YIELD_POLL_MS).unref());
    return !this.disposed;
  }
}
