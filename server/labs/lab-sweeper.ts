import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecord, LabsRepo } from '../store/labs-repo.js';
import { idleDue } from './lab-keep-alive.js';

/** What the sweeper and the disk watchdog ask of the lab service (each runs under the lab's lock). */
export interface LabActions {
  /** Stops the lab (files kept) if `due` still holds for its row; tells the learner why. */
  park(labId: string, reason: string, message: string, due: (rec: LabRecord) => boolean): Promise<boolean>;
  /** Removes the lab's container and row if `due` still holds; tells the learner why. */
  expire(labId: string, reason: string, message: string, due: (rec: LabRecord) => boolean): Promise<boolean>;
  /** A container with no row (its user was deleted, or leftovers): close its shells and remove it. */
  dropOrphan(labId: string): Promise<boolean>;
}

export interface SweepPolicy {
  /** Stop a running lab after this long without terminal input or check (0 = never). */
  idleMs: number;
  /** Remove a lab this long after its creation, once unused for an hour (0 = never). */
  maxAgeMs: number;
}

export interface SweepReport {
  idle: string[];
  expired: string[];
  orphans: string[];
}

const EXPIRE_QUIET_MS = 3_600_000;
const minutes = (ms: number) => Math.round(ms / 60_000);
const days = (ms: number) => Math.round(ms / 86_400_000);

/**
 * One pass over every lab: idle ones stop, old ones go, containers without a row go. Containers are
 * listed before rows are read: a row is always written before its container is created, so a container
 * missing from the rows read afterwards really has no owner.
 */
export async function sweepLabs(
  d: {
    labs: LabsRepo;
    runtime: SandboxRuntime;
    actions: LabActions;
    policy: SweepPolicy;
    ownsPooled: (poolId: string) => boolean;
  },
  now = Date.now(),
): Promise<SweepReport> {
  const { idleMs, maxAgeMs } = d.policy;
  const report: SweepReport = { idle: [], expired: [], orphans: [] };
  const containers = await d.runtime.list();
  const rows = new Map(d.labs.listAll().map((r) => [r.id, r]));
  for (const c of containers) {
    if (rows.has(c.labId) || (c.pooled && !c.pooled.claimed && d.ownsPooled(c.labId))) continue;
    if (await d.actions.dropOrphan(c.labId)) report.orphans.push(c.labId);
  }
  const running = new Set(containers.filter((c) => c.state === 'running').map((c) => c.labId));
  // An old lab in use right now is left until its learner pauses: no machine vanishes mid-command.
  const old = (r: LabRecord) =>
    maxAgeMs > 0 && now - r.createdAt >= maxAgeMs && now - r.lastActivityAt >= EXPIRE_QUIET_MS;
  // The cull instant (lab-keep-alive.ts): the idle deadline, not before a trainer's extension.
  const idle = (r: LabRecord) => idleDue(r, idleMs, now);
  for (const r of rows.values()) {
    if (old(r)) {
      const message = `Votre machine avait plus de ${days(maxAgeMs)} jours : elle a été supprimée. Démarrez-en une nouvelle, votre progression est conservée.`;
      if (await d.actions.expire(r.id, 'max-age', message, old)) report.expired.push(r.id);
    } else if (idle(r) && running.has(r.id)) {
      const message = `Votre machine a été mise en veille après ${minutes(idleMs)} min sans activité ; votre travail sur le cours est conservé (progression, fichiers).`;
      if (await d.actions.park(r.id, 'idle', message, idle)) report.idle.push(r.id);
    }
  }
  return report;
}
