import type { EngineMode, EngineView } from './engine-types.js';
import type { Health } from './fleet-health.js';
import type { FleetMember } from './fleet-runtime.js';
import { SandboxError } from './sandbox-runtime.js';

/** One engine as placement weighs it. */
export interface Candidate {
  m: FleetMember;
  health: Health;
  mode: EngineMode;
  /** Running labs and pool labs on it, and their machines. */
  used: { labs: number; pooled: number; machines: number };
}

/** What it can still take: labs (a multi-machine lab is one) and machines (memory); Infinity: no limit. */
export function freeRoom(c: Candidate, labMemoryBytes: number): { labs: number; machines: number } {
  const { labs, memoryBytes } = c.m.config.capacity;
  const per = labMemoryBytes || 1;
  return {
    labs: labs ? labs - c.used.labs - c.used.pooled : Infinity,
    machines: memoryBytes ? Math.floor((memoryBytes - c.used.machines * per) / per) : Infinity,
  };
}

/**
 * The engine a new lab goes to: active, answering, with every image the lab needs ready, and the most
 * free capacity (ties: the one with fewer machines). SandboxError('no-engine') says why each was skipped.
 */
export function chooseEngine(
  candidates: Candidate[],
  need: { images: string[]; machines: number },
  opts: { labMemoryBytes: number; envOf(image: string): string },
): FleetMember {
  const skipped: string[] = [];
  let best: { c: Candidate; free: number } | undefined;
  for (const c of candidates) {
    const { name } = c.m.config;
    const room = freeRoom(c, opts.labMemoryBytes);
    const free = Math.min(room.labs, room.machines);
    if (!c.health.up) skipped.push(`${name}: down (${c.health.reason})`);
    else if (c.mode !== 'active') skipped.push(`${name}: draining`);
    else if (!need.images.every((i) => c.m.images.status(opts.envOf(i)).state === 'ready'))
      skipped.push(`${name}: images not ready`);
    else if (room.labs < 1 || room.machines < need.machines) skipped.push(`${name}: full`);
    else if (!best || free > best.free || (free === best.free && c.used.machines < best.c.used.machines))
      best = { c, free };
  }
  if (best) return best.c.m;
  throw new SandboxError(
    'no-engine',
    `Aucun serveur de labs ne peut accueillir une nouvelle machine (${skipped.join('; ')}).`,
  );
}

export function engineView(c: Candidate, labMemoryBytes: number): EngineView {
  const { name, capacity } = c.m.config;
  const memoryBytes = c.used.machines * labMemoryBytes;
  return {
    name,
    address: c.m.address,
    mode: c.mode,
    state: c.health.up ? c.mode : 'down',
    since: c.health.since,
    reason: c.health.up ? undefined : c.health.reason,
    version: c.health.version,
    capacity,
    used: { labs: c.used.labs, pooled: c.used.pooled, memoryBytes },
    free: {
      labs: capacity.labs ? Math.max(0, capacity.labs - c.used.labs - c.used.pooled) : null,
      memoryBytes: capacity.memoryBytes ? Math.max(0, capacity.memoryBytes - memoryBytes) : null,
    },
    images: c.m.images.counts(),
  };
}
