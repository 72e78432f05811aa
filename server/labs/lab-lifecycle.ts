import { labMachines } from './lab-start.js';
import type { PoolTarget } from './warm-pool.js';
import type { Logger } from 'pino';
import type { LifecycleOptions } from '../config.js';
import type { CourseRegistry } from '../courses/course-registry.js';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabsRepo } from '../store/labs-repo.js';
import type { CourseImages } from './lab-images.js';
import { DiskWatchdog } from './disk-watchdog.js';
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
}

/**
 * The background side of labs: start queue, warm pool, idle/age/orphan sweeps and the disk watchdog.
 * Nothing runs until start(); every timer is unref'd and dispose() stops them all (tests exit cleanly).
 */
export class LabLifecycle {
  readonly queue: StartQueue;
  readonly pool: WarmPool;
  readonly disk: DiskWatchdog;
  private readonly tasks: PeriodicTask[] = [];
  private readonly overrides = new Map<string, number>();

  constructor(private readonly d: LifecycleDeps) {
    const o = d.options;
    this.queue = new StartQueue(o.startConcurrency);
    this.disk = new DiskWatchdog({
      runtime: d.runtime,
      labs: d.labs,
      actions: d.actions,
      limits: { quotaBytes: o.diskQuotaBytes, entryLimit: o.diskEntryLimit, minFreeBytes: o.minFreeBytes },
    });
    this.pool = new WarmPool({
      runtime: d.runtime,
      registry: d.registry,
      queue: this.queue,
      targets: () => this.poolTargets(),
      hasRoom: () => this.disk.hasRoom(),
      log: (msg) => d.logger.info(`[pool] ${msg}`),
    });
  }

  /** Fills the pool and starts the periodic sweeps. Call after the boot-time reconcile. */
  start(): void {
    const { idleMs, diskPollMs } = this.d.options;
    this.pool.start();
    const sweepMs = idleMs > 0 ? Math.min(SWEEP_MAX_MS, Math.max(1_000, idleMs / 4)) : SWEEP_MAX_MS;
    this.tasks.push(
      new PeriodicTask('pool', POOL_TICK_MS, () => this.pool.fill(), this.d.logger).start(),
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

  /** Raises or lowers a course's pool (e.g. before a class's scheduled start); extra ready ones stay. */
  setPoolTarget(courseId: string, size: number): void {
    this.overrides.set(courseId, Math.max(0, Math.floor(size)));
    this.pool.fill();
  }

  /** Stops the timers and refills; ready pool containers stay for the next boot's reconcile to remove. */
  dispose(): void {
    for (const t of this.tasks.splice(0)) t.stop();
    this.pool.dispose();
  }

  /** dispose() and remove the pool's containers (tests and benchmarks leave nothing behind). */
  async drain(): Promise<void> {
    this.dispose();
    await this.pool.drain();
  }

  private poolTargets(): Map<string, PoolTarget> {
    const { poolSize, poolSizes } = this.d.options;
    const targets = new Map<string, PoolTarget>();
    if (poolSize <= 0 && Object.keys(poolSizes).length === 0 && this.overrides.size === 0) return targets;
    for (const { id } of this.d.registry.list('fr')) {
      const env = this.d.registry.environmentOf(id);
      const size = this.overrides.get(id) ?? poolSizes[id] ?? poolSize;
      const machines = labMachines(this.d.registry, this.d.imagePrefix, id);
      const ready = (this.d.images?.status(id).state ?? 'ready') === 'ready';
      if (env && size > 0 && ready)
        targets.set(id, { image: `${this.d.imagePrefix}/${env}`, machines, size });
    }
    return targets;
  }
}
