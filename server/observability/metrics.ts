import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AutoCheckStats } from '../labs/auto-check.js';
import type { CoursePool } from '../labs/lab-lifecycle.js';
import type { EngineView } from '../sandbox/engine-types.js';
import { engineMetrics } from './engine-metrics.js';

/** What the metrics read at scrape time (nothing is kept twice: the database and the managers are the truth). */
export interface MetricSources {
  labsByState(): Record<string, number>;
  terminalsOpen(): number;
  socketConnections(): number;
  /** Container starts running now and learners waiting for one (the start queue). */
  startQueue(): { running: number; waiting: number };
  /** The warm pool per course: floor, demand, target, containers, hits and misses. */
  pool(): CoursePool[];
  /** Automatic checks since the process started: run, skipped, put off. */
  autoChecks(): AutoCheckStats;
  /** The Docker Engines (absent: no engine series). */
  engines?: () => EngineView[];
}

export const NO_SOURCES: MetricSources = {
  labsByState: () => ({}),
  terminalsOpen: () => 0,
  socketConnections: () => 0,
  startQueue: () => ({ running: 0, waiting: 0 }),
  pool: () => [],
  autoChecks: () => ({ run: 0, skippedNoInput: 0, skippedInFlight: 0, deferredBusy: 0 }),
};
const SECONDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60];

/**
 * The platform's Prometheus metrics, in a registry of its own (two apps in one test process do not
 * collide). Names are documented in docs/OPERATIONS.md.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly labStarts = new Counter({
    name: 'atelier_lab_starts_total',
    help: 'Lab starts, by result (ok/error) and source (pool: a warm container handed out; container: started)',
    labelNames: ['result', 'source'] as const,
    registers: [this.registry],
  });
  readonly labStartDuration = new Histogram({
    name: 'atelier_lab_start_duration_seconds',
    help: 'Container starts: from queued/starting to a running lab with its course setup applied',
    labelNames: ['result'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly checks = new Counter({
    name: 'atelier_checks_total',
    help: 'Exercise checks, by result (passed/failed) and trigger (manual/auto)',
    labelNames: ['result', 'trigger'] as const,
    registers: [this.registry],
  });
  readonly checkDuration = new Histogram({
    name: 'atelier_check_duration_seconds',
    help: 'Duration of an exercise check',
    labelNames: ['trigger'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'atelier_errors_total',
    help: 'Error answers, by machine reason and source (http)',
    labelNames: ['reason', 'source'] as const,
    registers: [this.registry],
  });
  readonly backups = new Counter({
    name: 'atelier_backups_total',
    help: 'Online database backups, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly lastBackup = new Gauge({
    name: 'atelier_last_backup_timestamp_seconds',
    help: 'Unix time of the last verified backup',
    registers: [this.registry],
  });
  private bound?: MetricSources;

  constructor(opts: { processMetrics?: boolean } = {}) {
    const src = () => this.sources;
    new Gauge({
      name: 'atelier_labs',
      help: 'Labs known to the database, by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [state, n] of Object.entries(src().labsByState())) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'atelier_terminals_open',
      help: 'Interactive shells open (attached or waiting for a reconnect)',
      registers: [this.registry],
      collect() {
        this.set(src().terminalsOpen());
      },
    });
    new Gauge({
      name: 'atelier_socket_connections',
      help: 'Authenticated Socket.IO connections',
      registers: [this.registry],
      collect() {
        this.set(src().socketConnections());
      },
    });
    new Gauge({
      name: 'atelier_start_queue',
      help: 'The start queue: container starts running, and learners waiting for a start slot',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const q = src().startQueue();
        this.set({ state: 'running' }, q.running);
        this.set({ state: 'waiting' }, q.waiting);
      },
    });
    poolMetrics(this.registry, () => src().pool());
    engineMetrics(this.registry, () => src().engines?.() ?? []);
    new Counter({
      name: 'atelier_auto_checks_total',
      help: 'Automatic checks by outcome (run; no-input: nothing typed since the last check; in-flight: a button check ran; deferred: host busy)',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
      collect() {
        const a = src().autoChecks();
        this.reset();
        this.inc({ outcome: 'run' }, a.run);
        this.inc({ outcome: 'no-input' }, a.skippedNoInput);
        this.inc({ outcome: 'in-flight' }, a.skippedInFlight);
        this.inc({ outcome: 'deferred' }, a.deferredBusy);
      },
    });
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the gauges read from; until bound, everything reads zero. */
  bind(sources: MetricSources): void {
    this.bound = sources;
  }

  get sources(): MetricSources {
    return this.bound ?? NO_SOURCES;
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The warm pool per course, read at scrape time. */
function poolMetrics(registry: Registry, pool: () => CoursePool[]): void {
  new Gauge({
    name: 'atelier_pool_containers',
    help: 'Warm pool containers per course, by state (ready: handed out on the next start; preparing)',
    labelNames: ['course', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pool()) {
        this.set({ course: p.courseId, state: 'ready' }, p.ready);
        this.set({ course: p.courseId, state: 'preparing' }, p.preparing);
      }
    },
  });
  const perCourse = (name: string, help: string, value: (p: CoursePool) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['course'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const p of pool()) this.set({ course: p.courseId }, value(p));
      },
    });
  perCourse(
    'atelier_pool_target',
    'Ready containers the pool grows toward: max(floor, demand within the host cap)',
    (p) => p.target,
  );
  perCourse(
    'atelier_pool_demand',
    'Learners about to start the course (class members, course page viewers, recent starts)',
    (p) => p.demand,
  );
  new Counter({
    name: 'atelier_pool_claims_total',
    help: 'New labs of the course, by result (hit: a ready pool container; miss: started cold)',
    labelNames: ['course', 'result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pool()) {
        this.inc({ course: p.courseId, result: 'hit' }, p.hits);
        this.inc({ course: p.courseId, result: 'miss' }, p.misses);
      }
    },
  });
}
