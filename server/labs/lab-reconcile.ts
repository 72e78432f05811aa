import type { LabInfo, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabsRepo } from '../store/labs-repo.js';

export interface ReconcileReport {
  adopted: number;
  orphansRemoved: number;
  missing: number;
}

/** Shells are hung up this many labs at a time: an exec each, and 60 in a row would delay the boot. */
const HANG_UP_CONCURRENCY = 8;

/**
 * Boot-time reconciliation; the database is the truth about ownership, Docker about containers.
 * - A container whose name matches a row is adopted as it is (files kept); the shells the previous
 *   process left in it have no socket any more and are hung up.
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
  const running = [...live.values()].filter((i) => i.state === 'running').map((i) => i.labId);
  await eachLimited(running, HANG_UP_CONCURRENCY, (labId) =>
    runtime.hangUpTerminals(labId).catch(() => undefined),
  );
  let missing = 0;
  for (const rec of known.values()) {
    const state = live.get(rec.id)?.state ?? 'missing';
    if (state === 'missing') missing++;
    labs.setState(rec.id, state);
  }
  return { adopted: live.size, orphansRemoved, missing };
}

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
