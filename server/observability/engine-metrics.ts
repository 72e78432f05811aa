import { Gauge, type Registry } from 'prom-client';
import type { EngineView } from '../sandbox/engine-types.js';

/** The Docker Engines, read at scrape time; every series carries the engine's name as `engine`. */
export function engineMetrics(registry: Registry, engines: () => EngineView[]): void {
  const perEngine = (name: string, help: string, value: (e: EngineView) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['engine'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const e of engines()) {
          const v = value(e);
          if (v !== null) this.set({ engine: e.name }, v);
        }
      },
    });
  perEngine('atelier_engine_up', 'Whether the engine answers (1) or is down (0)', (e) =>
    e.state === 'down' ? 0 : 1,
  );
  perEngine('atelier_engine_draining', 'Whether the admin drains the engine: no new lab goes there', (e) =>
    e.mode === 'draining' ? 1 : 0,
  );
  perEngine('atelier_engine_capacity_labs', 'Labs the engine may hold (0: no limit)', (e) => e.capacity.labs);
  perEngine(
    'atelier_engine_free_labs',
    'Labs the engine may still take (absent: no limit)',
    (e) => e.free.labs,
  );
  new Gauge({
    name: 'atelier_engine_labs',
    help: 'Labs placed on the engine, by kind (lab: a learner’s; pooled: a warm-pool container)',
    labelNames: ['engine', 'kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const e of engines()) {
        this.set({ engine: e.name, kind: 'lab' }, e.used.labs);
        this.set({ engine: e.name, kind: 'pooled' }, e.used.pooled);
      }
    },
  });
}
