import type { Logger } from 'pino';
import type { CheckpointLimits } from '../config.js';
import { AppError } from '../errors/app-error.js';
import type { Checkpoint, LabSpec, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecordState, LabsRepo } from '../store/labs-repo.js';
import type { CheckpointView, LabStatus } from './lab-types.js';

/** No checkpoints: what a LabService built without limits gets (unit tests, benchmarks). */
export const NO_CHECKPOINTS: CheckpointLimits = { perLab: 0, labBytes: 0, hostBytes: 0 };

export interface CheckpointDeps {
  runtime: SandboxRuntime;
  labs: LabsRepo;
  limits: CheckpointLimits;
  /** Runs `fn` under the lab's lock (LabService): a save never runs beside a reset, restore or catch-up. */
  serialized: <T>(labId: string, fn: () => Promise<T>) => Promise<T>;
  logger: Pick<Logger, 'warn'>;
}

const sum = (cs: Checkpoint[]) => cs.reduce((n, c) => n + c.bytes, 0);

/**
 * The learner's own work, saved when an exercise passes (named by the exercise), so « my machine as it was
 * when I finished exercise N » can come back. Saves run in the background, one at a time per lab and
 * under the lab's lock; a failed save is logged, never shown. After each save the lab keeps its newest
 * `perLab` within `labBytes`, then the host's oldest (any lab) go until all fit in `hostBytes`.
 */
export class LabCheckpoints {
  /** Saves asked for and not started yet, per lab (a second pass of the same exercise is not queued twice). */
  private readonly queued = new Map<string, Set<string>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly d: CheckpointDeps) {}

  get enabled(): boolean {
    return this.d.limits.perLab > 0;
  }

  /** An exercise passed on the lab (the learner's own check): saves its state in the background. */
  afterPass(labId: string, exerciseId: string): void {
    if (!this.enabled) return;
    const names = this.queued.get(labId) ?? new Set<string>();
    if (names.has(exerciseId)) return;
    names.add(exerciseId);
    this.queued.set(labId, names);
    const run = this.d
      .serialized(labId, async () => {
        names.delete(exerciseId);
        if (names.size === 0 && this.queued.get(labId) === names) this.queued.delete(labId);
        // The lab may have gone or stopped while the save waited for its turn.
        if (this.d.labs.get(labId)?.state !== 'running') return;
        await this.d.runtime.saveCheckpoint(labId, exerciseId);
        await this.bound(labId);
      })
      .catch((err: unknown) =>
        this.d.logger.warn({ err, labId, exerciseId }, `checkpoint not saved: ${(err as Error).message}`),
      );
    this.inFlight.add(run);
    void run.then(() => this.inFlight.delete(run));
  }

  /** Resolves once every save asked for so far has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Drops the lab's oldest beyond its count and bytes, then the host's oldest beyond the host's bytes. */
  async bound(labId: string): Promise<void> {
    const { perLab, labBytes, hostBytes } = this.d.limits;
    const mine = await this.d.runtime.listCheckpoints(labId); // oldest first
    let count = mine.length;
    let bytes = sum(mine);
    const drop: string[] = [];
    for (const c of mine) {
      if (count <= perLab && bytes <= labBytes) break;
      drop.push(c.name);
      count--;
      bytes -= c.bytes;
    }
    if (drop.length) await this.d.runtime.dropCheckpoints(labId, drop);
    const all = await this.d.runtime.listCheckpoints();
    let total = sum(all);
    const byLab = new Map<string, string[]>();
    for (const c of all) {
      if (total <= hostBytes) break;
      byLab.set(c.labId, [...(byLab.get(c.labId) ?? []), c.name]);
      total -= c.bytes;
    }
    for (const [id, names] of byLab) await this.d.runtime.dropCheckpoints(id, names);
  }

  /** The lab's checkpoints in the course's exercise order (`order`: the course's exercise ids). */
  async list(labId: string, order: readonly string[]): Promise<CheckpointView[]> {
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    return (await this.d.runtime.listCheckpoints(labId))
      .sort((a, b) => rank(a.name) - rank(b.name) || a.createdAt - b.createdAt)
      .map((c) => ({ exerciseId: c.name, createdAt: new Date(c.createdAt).toISOString(), bytes: c.bytes }));
  }

  /** The lab is gone for good (deleted, expired, its user deleted): its checkpoints go with it. */
  async dropAll(labId: string): Promise<void> {
    this.queued.delete(labId);
    await this.d.runtime
      .dropCheckpoints(labId)
      .catch((err: unknown) =>
        this.d.logger.warn({ err, labId }, `checkpoints not dropped: ${(err as Error).message}`),
      );
  }

  /** Boot: checkpoints of labs that have no row any more (deleted while the server was down). */
  async sweep(): Promise<number> {
    const gone = new Set(
      (await this.d.runtime.listCheckpoints()).map((c) => c.labId).filter((id) => !this.d.labs.get(id)),
    );
    for (const labId of gone) await this.dropAll(labId);
    return gone.size;
  }
}

export interface RestoreSteps {
  runtime: SandboxRuntime;
  /** The lab as `ensureLab` makes it (its machines and their profile). */
  spec: LabSpec;
  /** Tells the learner's pages (`lab:status`); the lab id is added by the caller. */
  notify(p: Omit<LabStatus, 'labId'>): void;
  /** Closes the lab's shells (they reopen as after a reset). */
  closeShells(): Promise<void>;
  /** Counts the lab against the host's caps while it comes back; returns the release. */
  admit(): () => void;
  setState(state: LabRecordState): void;
}

/**
 * The lab's machines replaced by the checkpoint `name` (called under the lab's lock); progress is not
 * touched. The pages hear `starting` with reason `restore`, then `running`. A missing checkpoint is
 * refused before anything happens (unknown-checkpoint); a restore that fails leaves the lab running if
 * the runtime kept it so, else `missing` (made afresh on the next start).
 */
export async function restoreLab(s: RestoreSteps, name: string): Promise<void> {
  const { labId } = s.spec;
  if (!(await s.runtime.listCheckpoints(labId)).some((c) => c.name === name))
    throw new AppError('unknown-checkpoint', `Aucun point de sauvegarde pour l’exercice ${name}.`, {
      exercise: name,
    });
  s.notify({ state: 'starting', reason: 'restore' });
  const release = s.admit();
  try {
    await s.closeShells();
    await s.runtime.restoreCheckpoint(s.spec, name);
  } catch (err) {
    const left = await s.runtime.poll(labId).catch(() => undefined);
    const running = left?.state === 'running';
    s.setState(running ? 'running' : 'missing');
    s.notify(running ? { state: 'running' } : { state: 'error', message: (err as Error).message });
    throw err;
  } finally {
    release();
  }
  s.setState('running');
  s.notify({ state: 'running' });
}
