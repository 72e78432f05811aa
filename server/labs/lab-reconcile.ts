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
export async function reconcileLabs(labs: LabsRepo, runtime: SandboxRuntime): Promise<ReconcileReport> {
  const known = new Map(labs.listAll().map((r) => [r.id, r]));
  const live = new Map<string, LabInfo>();
  let orphansRemoved = 0;
  for (const info of await runtime.list()) {
    const rec = known.get(info.labId);
    if (rec && rec.state !== 'creating') {
      live.set(info.labId, info);
      continue;
    }
    await runtime.remove(info.labId);
    if (!rec) orphansRemoved++;
  }
  // Machines and networks of labs that are gone (a crash between creating a lab's parts).
  await runtime.pruneStrays().catch(() => 0);
  let missing = 0;
  const states = [...known.values()].map((rec) => {
    const state = live.get(rec.id)?.state ?? 'missing';
    if (state === 'missing') missing++;
    return [rec.id, state] as [string, LabRecord['state']];
  });
  labs.setStates(states);
  return { adopted: live.size, orphansRemoved, missing };
}
