import type { LabInfo, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecord, LabsRepo } from '../store/labs-repo.js';

export interface ReconcileReport {
  adopted: number;
  orphansRemoved: number;
  missing: number;
}

/**
 * Boot-time reconciliation; the database is the truth about ownership, Docker about containers.
 * - A container whose name matches a row is adopted as it is (files kept). Its shells are left running:
 *   their holders keep them for the learner's browser to reattach (or hang them up after the idle time).
 * - A row still 'creating' means the previous process died mid-start (the setup may be half applied,
 *   a claimed pool container may not be recorded): its container goes, the lab is recreated on demand.
 * - Containers without a row are removed: orphans, labs of deleted users, the previous warm pool.
 * - Rows without a container are marked missing (recreated, with the course setup, on the next start).
 */
export interface Adoption {
  adopted: number;
  missing: number;
  /** Containers of no lab (orphans, the previous warm pool): for `removeOrphans`, once the server serves. */
  orphans: string[];
}

/**
 * The part a restart must wait for: which labs run (adopted) and which are missing. Half-started labs'
 * containers are removed here, since their lab may be recreated as soon as the server answers.
 */
export async function adoptLabs(
  labs: LabsRepo,
  runtime: SandboxRuntime,
  /** The runtime's list of labs, if just taken (a restart asks for it while the courses load). */
  listed?: LabInfo[],
): Promise<Adoption> {
  const known = new Map(labs.listAll().map((r) => [r.id, r]));
  const live = new Map<string, LabInfo>();
  const orphans: string[] = [];
  for (const info of listed ?? (await runtime.list())) {
    const rec = known.get(info.labId);
    if (rec && rec.state !== 'creating') live.set(info.labId, info);
    else if (rec) await runtime.remove(info.labId);
    else orphans.push(info.labId);
  }
  let missing = 0;
  const states = [...known.values()].map((rec) => {
    const state = live.get(rec.id)?.state ?? 'missing';
    if (state === 'missing') missing++;
    return [rec.id, state] as [string, LabRecord['state']];
  });
  labs.setStates(states);
  return { adopted: live.size, missing, orphans };
}

/** The part that can wait: containers of no lab, and machines and networks of labs that are gone. */
export async function removeOrphans(runtime: SandboxRuntime, orphans: string[]): Promise<number> {
  for (const labId of orphans) await runtime.remove(labId);
  // Machines and networks of labs that are gone (a crash between creating a lab's parts).
  await runtime.pruneStrays().catch(() => 0);
  return orphans.length;
}

export async function reconcileLabs(labs: LabsRepo, runtime: SandboxRuntime): Promise<ReconcileReport> {
  const { adopted, missing, orphans } = await adoptLabs(labs, runtime);
  return { adopted, orphansRemoved: await removeOrphans(runtime, orphans), missing };
}
