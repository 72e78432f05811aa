import { labMachines } from './lab-start.js';
import { PoolDemand, sizePools, type CourseDemand, type RecentJoin } from './pool-demand.js';
import type { PoolTarget } from './warm-pool.js';
import type { Logger } from 'pino';
import type { LifecycleOptions } from '../config.js';
import type { CourseRegistry } from '../courses/course-registry.js';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabsRepo } from '../store/labs-repo.js';
import type { CourseImages } from './lab-images.js';
import { DiskWatchdog } from './disk-watchdog.js';
import { HostPressure } from './host-pressure.js';
import { sweepLabs, type LabActions, type SweepReport } from './lab-sweeper.js';
import { PeriodicTask } from './periodic-task.js';
import { StartQueue } from './start-queue.js';
import { WarmPool } from './warm-pool.js';

// The lifecycle knobs are defined in server/config.ts, which reads them from the environment.
export type { LifecycleOptions };

/** No pool, no culling, no disk limits: what a LabService built without options gets (unit tests). */
export const NO_LIFECYCLE: LifecycleOptions = {
  poolSize: 0,
  poolSizes: {},
  startConcurrency: 4,
  idleMs: 0,
  maxAgeMs: 0,
  diskQuotaBytes: 0,
  diskEntryLimit: 0,
  diskPollMs: 0,
  minFreeBytes: 0,
};

const POOL_TICK_MS = 30_000;
/** A pool above its target waits this long before its extra ready containers go, so it does not flap. */
export const POOL_HOLD_MS = 120_000;
/** Demand that changes (a join, a page view, a start) re-sizes the pools this soon, once for a burst. */
const DEMAND_DEBOUNCE_MS = 500;
const SWEEP_MAX_MS = 60_000;

export interface LifecycleDeps {
  options: LifecycleOptions;
  runtime: SandboxRuntime;
  registry: CourseRegistry;
  labs: LabsRepo;
  imagePrefix: string;
  /** A course whose image is not ready (building, queued, failed) gets no pool container: no error loop. */
  images?: CourseImages;
  actions: LabActions;
  logger: Logger;
  /** The admission cap on lab machines (lab-admission.ts): running labs + pool stay under it. 0 = none. */
  maxLabs?: number;
  /** Learners who joined a class since then (the store); absent: class members add no demand. */
  recentJoins?: (since: number) => RecentJoin[];
}

/** One course's pool as the admin overview and /metrics show it. */
export interface CoursePool {
  courseId: string;
  /** ATELIER_POOL_SIZE(S) or setPoolTarget: always held. */
  floor: number;
  demand: number;
  demandFrom: Omit<CourseDemand, 'demand'>;
  /** What the pool grows (or, after the hold time, shrinks) toward. */
  target: number;
  ready: number;
  preparing: number;
  hits: number;
  misses: number;
}

/**
 * The background side of labs: start queue, warm pool, idle/age/orphan sweeps and the disk watchdog.
 * Nothing runs until start(); every timer is unref'd and dispose() stops them all (tests exit cleanly).
 */
export class LabLifecycle {
  readonly queue: StartQueue;
  readonly pool: WarmPool;
  readonly disk: DiskWatchdog;
  /** Learners about to start, per course: what the pool's targets grow toward. */
  readonly demand: PoolDemand;
  /** Host CPU pressure: pool refills and automatic checks wait while it is high. */
  readonly pressure: HostPressure;
  /** Learner starts in flight, and when the last one ended (refills wait for the rush to pass). */
  private learnerStarts = 0;
  private lastLearnerStartEnd = -Infinity;
  private readonly tasks: PeriodicTask[] = [];
  private readonly overrides = new Map<string, number>();
  /** courseId → since when its pool has held more than its target. */
  private readonly aboveSince = new Map<string, number>();
  private demandTimer: NodeJS.Timeout | undefined;
  private started = false;
  /** A scheduled session is warming or running (as of the last sizing): its refills do not wait for CPU. */
  private scheduledWarming = false;

  constructor(private readonly d: LifecycleDeps) {
    const o = d.options;
    this.pressure = new HostPressure({ busyPercent: o.hostBusyPressure ?? 100 });
    // Refills wait out CPU pressure, except for a scheduled session's warm-up (see mayRefill).
    this.queue = new StartQueue(
      o.startConcurrency,
      undefined,
      () => this.pressure.busy() && !this.scheduledWarming,
    );
    this.disk = new DiskWatchdog({
      runtime: d.runtime,
      labs: d.labs,
      actions: d.actions,
      limits: { quotaBytes: o.diskQuotaBytes, entryLimit: o.diskEntryLimit, minFreeBytes: o.minFreeBytes },
    });
    this.demand = new PoolDemand({
      recentJoins: (since) => d.recentJoins?.(since) ?? [],
      labs: () => d.labs.listAll(),
    });
    this.pool = new WarmPool({
      runtime: d.runtime,
      registry: d.registry,
      queue: this.queue,
      targets: (now) => this.poolTargets(now),
      hasRoom: () => this.disk.hasRoom(),
      mayRefill: () => this.mayRefill(),
      log: (msg) => d.logger.info(`[pool] ${msg}`),
      onClaim: (courseId) => {
        this.demand.noteStart(courseId);
        this.demandChanged();
      },
    });
  }

  /** Fills the pool and starts the periodic sweeps. Call after the boot-time reconcile. */
  start(): void {
    const { idleMs, diskPollMs } = this.d.options;
    this.started = true;
    this.pool.start();
    const sweepMs = idleMs > 0 ? Math.min(SWEEP_MAX_MS, Math.max(1_000, idleMs / 4)) : SWEEP_MAX_MS;
    this.tasks.push(
      new PeriodicTask('pool', POOL_TICK_MS, () => this.rebalance(), this.d.logger).start(),
      new PeriodicTask('sweep', sweepMs, () => this.sweep(), this.d.logger).start(),
      new PeriodicTask('disk', diskPollMs, () => this.disk.poll(), this.d.logger).start(),
    );
  }

  /** One sweep now (the periodic task calls it; tests pass a `now` in the future instead of waiting). */
  async sweep(now = Date.now()): Promise<SweepReport> {
    const { idleMs, maxAgeMs } = this.d.options;
    const r = await sweepLabs(
      {
        labs: this.d.labs,
        runtime: this.d.runtime,
        actions: this.d.actions,
        policy: { idleMs, maxAgeMs },
        ownsPooled: (id) => this.pool.owns(id),
      },
      now,
    );
    if (r.idle.length || r.expired.length || r.orphans.length)
      this.d.logger.info(
        `sweep: ${r.idle.length} idle stopped, ${r.expired.length} expired, ${r.orphans.length} orphans`,
      );
    return r;
  }

  /** A learner's start (a claim or a cold start) begins; call the returned function when it ends. */
  learnerStart(): () => void {
    this.learnerStarts++;
    return () => {
      this.learnerStarts--;
      this.lastLearnerStartEnd = Date.now();
    };
  }

  /**
   * Refills yield to learners: none starting, queued or started within the rush window, host not busy.
   * While a scheduled session warms, CPU pressure does not hold them: the same starts would otherwise come
   * cold, all at once, at the session's start (a busy host is when they cost the most).
   */
  private mayRefill(now = Date.now()): boolean {
    return (
      this.learnerStarts === 0 &&
      this.queue.stats().waiting === 0 &&
      now - this.lastLearnerStartEnd >= (this.d.options.refillRushMs ?? 0) &&
      (this.scheduledWarming || !this.pressure.busy())
    );
  }

  /** The admission cap on lab machines this lifecycle sizes pools within (0 = none). */
  get maxLabs(): number {
    return this.d.maxLabs ?? 0;
  }

  /** Sets a course's floor (e.g. before a class's scheduled start); extra ready ones go after the hold time. */
  setPoolTarget(courseId: string, size: number): void {
    this.overrides.set(courseId, Math.max(0, Math.floor(size)));
    this.pool.fill();
  }

  /** Stops the timers and refills; ready pool containers stay for the next boot's reconcile to remove. */
  dispose(): void {
    this.started = false;
    clearTimeout(this.demandTimer);
    for (const t of this.tasks.splice(0)) t.stop();
    this.pool.dispose();
  }

  /** dispose() and remove the pool's containers (tests and benchmarks leave nothing behind). */
  async drain(): Promise<void> {
    this.dispose();
    await this.pool.drain();
  }

  /** A learner loaded a course page (the HTTP layer tells): they may press start in a moment. */
  noteViewer(userId: string, courseId: string, now = Date.now()): void {
    if (this.demand.noteViewer(userId, courseId, now)) this.demandChanged();
  }

  /** Demand moved (a join, a view, a start): re-size the pools shortly, once for a burst of changes. */
  demandChanged(): void {
    if (!this.started) return;
    this.demandTimer ??= setTimeout(() => {
      this.demandTimer = undefined;
      this.rebalance().catch((err: unknown) => this.d.logger.warn({ err }, 'pool rebalance failed'));
    }, DEMAND_DEBOUNCE_MS).unref();
  }

  /**
   * Sizes every pool to its target at `now`: fills what is missing, and trims the ready containers of a
   * pool that has stayed above its target for POOL_HOLD_MS (tests pass a later `now` instead of waiting).
   */
  async rebalance(now = Date.now()): Promise<void> {
    const targets = this.poolTargets(now);
    for (const { courseId, ready, preparing } of this.pool.stats()) {
      const target = targets.get(courseId)?.size ?? 0;
      if (ready + preparing <= target) {
        this.aboveSince.delete(courseId);
        continue;
      }
      const since = this.aboveSince.get(courseId) ?? now;
      this.aboveSince.set(courseId, since);
      if (now - since < POOL_HOLD_MS) continue;
      this.aboveSince.delete(courseId);
      const gone = await this.pool.trim(courseId, target);
      if (gone) this.d.logger.info(`[pool] ${courseId}: ${gone} ready containers removed (target ${target})`);
    }
    this.pool.fill(now);
  }

  /** Floor, demand, target, containers and hit counts of every course that may have a pool. */
  poolStats(now = Date.now()): CoursePool[] {
    const plans = this.plan(now);
    const held = new Map(this.pool.stats().map((s) => [s.courseId, s]));
    const claims = this.pool.claims();
    const ids = new Set([...plans.keys(), ...held.keys(), ...claims.keys()]);
    return [...ids].sort().map((courseId) => {
      const p = plans.get(courseId);
      const { demand, ...demandFrom } = p?.demand ?? NO_DEMAND;
      return {
        courseId,
        floor: p?.floor ?? 0,
        demand,
        demandFrom,
        target: p?.target ?? 0,
        ready: held.get(courseId)?.ready ?? 0,
        preparing: held.get(courseId)?.preparing ?? 0,
        hits: claims.get(courseId)?.hits ?? 0,
        misses: claims.get(courseId)?.misses ?? 0,
      };
    });
  }

  private poolTargets(now = Date.now()): Map<string, PoolTarget> {
    const targets = new Map<string, PoolTarget>();
    for (const [id, p] of this.plan(now)) if (p.target > 0) targets.set(id, { ...p.pool, size: p.target });
    return targets;
  }

  /**
   * Each course whose image is ready: its floor, its demand and the target sizePools gives it within the
   * host's room (the admission cap minus the machines of the labs running or starting).
   */
  private plan(now: number) {
    const { poolSize, poolSizes } = this.d.options;
    const demand = this.demand.snapshot(now);
    this.scheduledWarming = [...demand.values()].some((d) => d.scheduled > 0);
    const weight = (id: string) => this.d.registry.machinesOf(id)?.length ?? 1;
    const courses = this.d.registry.list('fr').flatMap(({ id }) => {
      const env = this.d.registry.environmentOf(id);
      const ready = (this.d.images?.status(id).state ?? 'ready') === 'ready';
      if (!env || !ready) return [];
      const machines = labMachines(this.d.registry, this.d.imagePrefix, id);
      const floor = this.overrides.get(id) ?? poolSizes[id] ?? poolSize;
      const pool = { image: `${this.d.imagePrefix}/${env}`, machines };
      return [{ id, floor, pool, demand: demand.get(id) ?? NO_DEMAND }];
    });
    const maxLabs = this.d.maxLabs ?? 0;
    const busy = this.d.labs
      .listAll()
      .filter((l) => l.state === 'running' || l.state === 'creating')
      .reduce((n, l) => n + weight(l.courseId), 0);
    const sizes = sizePools(
      courses.map((c) => ({ courseId: c.id, floor: c.floor, demand: c.demand.demand, weight: weight(c.id) })),
      maxLabs > 0 ? Math.max(0, maxLabs - busy) : undefined,
    );
    return new Map(courses.map((c) => [c.id, { ...c, target: sizes.get(c.id) ?? c.floor }]));
  }
}

const NO_DEMAND: CourseDemand = { demand: 0, joined: 0, viewing: 0, starting: 0, scheduled: 0 };
