// Engines for unit tests of what shows them (admin routes, metrics, the CLI): no Docker behind.
import type { EngineFleet, EngineMode, EngineView } from '../../server/sandbox/engine-types.js';

export function engineView(name: string, over: Partial<EngineView> = {}): EngineView {
  return {
    ...{ name, address: `tcp://${name}:2376`, mode: 'active', state: 'active', since: 1_000 },
    capacity: { labs: 40, memoryBytes: 24 * 2 ** 30 },
    used: { labs: 3, pooled: 2, memoryBytes: 5 * 2 ** 30 },
    free: { labs: 35, memoryBytes: 19 * 2 ** 30 },
    images: { ready: 4, total: 4 },
    ...over,
  };
}

/** Two engines; setMode changes the mode (and the state when up), as the real fleet does. */
export function fakeFleet(): EngineFleet & { calls: [string, EngineMode][] } {
  const engines = [
    engineView('local'),
    engineView('engine-2', { state: 'down', reason: 'connect ECONNREFUSED' }),
  ];
  const calls: [string, EngineMode][] = [];
  return {
    calls,
    status: () => engines.map((e) => ({ ...e })),
    setMode(name, mode) {
      calls.push([name, mode]);
      const e = engines.find((x) => x.name === name);
      if (!e) throw new Error(`unknown engine ${name}`);
      e.mode = mode;
      if (e.state !== 'down') e.state = mode;
    },
    engineOf: () => undefined,
    attach: () => undefined,
    refresh: async () => undefined,
  };
}
