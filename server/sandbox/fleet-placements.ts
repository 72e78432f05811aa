import type { EngineStore } from './engine-types.js';

interface Placed {
  engine: string;
  /** Machines of the lab: what it weighs on the engine's memory. */
  machines: number;
  /** A warm-pool lab not claimed yet. */
  pooled: boolean;
  /** Only running labs take an engine's capacity (a stopped one keeps its disk, not its memory). */
  running: boolean;
}

/**
 * Which engine holds each lab. Kept in memory for the hot path and written through to the database once
 * one is attached, so that a lab whose engine is down is still known to be there after a restart.
 */
export class Placements {
  private readonly map = new Map<string, Placed>();
  private store: EngineStore | undefined;

  /** `onError`: a write that failed (the database closed at shutdown): memory stays the truth meanwhile. */
  constructor(private readonly onError: (err: unknown) => void = () => undefined) {}

  attach(store: EngineStore): void {
    this.store = store;
    for (const [labId, engine] of store.placements())
      if (!this.map.has(labId)) this.map.set(labId, { engine, machines: 1, pooled: false, running: false });
    // What was learnt before the database was there (the boot's listing) is written now.
    const stored = new Map(store.placements());
    for (const [labId, p] of this.map) if (stored.get(labId) !== p.engine) store.place(labId, p.engine);
  }

  private write(op: (store: EngineStore) => void): void {
    try {
      if (this.store) op(this.store);
    } catch (err) {
      this.onError(err);
    }
  }

  get(labId: string): Placed | undefined {
    return this.map.get(labId);
  }

  place(labId: string, engine: string, machines = 1, pooled = false, running = true): void {
    const was = this.map.get(labId);
    this.map.set(labId, { engine, machines, pooled, running });
    if (was?.engine !== engine) this.write((st) => st.place(labId, engine));
  }

  running(labId: string, running: boolean): void {
    const p = this.map.get(labId);
    if (p) p.running = running;
  }

  unplace(labId: string): void {
    if (this.map.delete(labId)) this.write((st) => st.unplace(labId));
  }

  /** A pool lab handed to a lab keeps its engine under the lab's id. */
  move(from: string, to: string): void {
    const p = this.map.get(from);
    if (!p) return;
    this.unplace(from);
    this.place(to, p.engine, p.machines, false, p.running);
  }

  on(engine: string): [labId: string, placed: Placed][] {
    return [...this.map].filter(([, p]) => p.engine === engine);
  }

  /** Running labs and pool labs on the engine, and their machines. */
  usage(engine: string): { labs: number; pooled: number; machines: number } {
    const u = { labs: 0, pooled: 0, machines: 0 };
    for (const p of this.map.values())
      if (p.engine === engine && p.running) {
        if (p.pooled) u.pooled++;
        else u.labs++;
        u.machines += p.machines;
      }
    return u;
  }
}
