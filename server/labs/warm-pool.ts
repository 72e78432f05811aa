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
  /** Courses to keep warm: courseId → image(s) and how many ready labs to hold. */
  targets: () => Map<string, PoolTarget>;
  /** New containers only while the host has disk room. */
  hasRoom: () => Promise<boolean>;
  log: (msg: string) => void;
}

const BACKOFF_MIN_MS = 5_000;
/** A refill waits this long after a claim, so its container start does not slow the learner's first prompt. */
const REFILL_DELAY_MS = 1_000;
const BACKOFF_MAX_MS = 300_000;

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
    for (const [courseId, target] of this.d.targets()) {
      const { size } = target;
      if ((this.backoff.get(courseId)?.until ?? 0) > now) continue;
      const have = (this.ready.get(courseId)?.length ?? 0) + (this.inFlight.get(courseId)?.size ?? 0);
      for (let i = have; i < size; i++) this.track(courseId, this.prepare(courseId, target));
    }
  }

  /** Hands a ready container to `labId`: true on a hit; false when none is left (start it cold). */
  async claim(courseId: string, labId: string): Promise<boolean> {
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
          return false;
        }
        this.owned.delete(poolId);
        if (outcome === 'claimed') return true;
        this.d.log(`pool container ${poolId} could not be claimed: ${(outcome as Error).message}`);
        await this.d.runtime.remove(poolId).catch(() => undefined);
      }
      return false;
    } finally {
      this.refillSoon();
    }
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
}
