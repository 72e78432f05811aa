import { AppError } from '../errors/app-error.js';
import type { DiskUsage, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabsRepo } from '../store/labs-repo.js';
import type { LabActions } from './lab-sweeper.js';

export interface DiskLimits {
  /** Bytes a lab may hold (writable layer + deleted files kept open) before it is stopped (0 = no quota). */
  quotaBytes: number;
  /** Entries a lab may add to its root filesystem before it is stopped (0 = no limit). */
  entryLimit: number;
  /** New labs are refused while the engine's disk has less free space than this (0 = no floor). */
  minFreeBytes: number;
}

const MB = 1024 * 1024;

/**
 * Overlay2 on ext4 refuses `--storage-opt size=` (DESIGN.md), so nothing stops a learner from filling the
 * host's disk but a watchdog: it polls each running lab's writable layer and stops the ones over quota.
 * A stopped lab can be restarted to delete files; the next poll stops it again if it is still over.
 */
export class DiskWatchdog {
  constructor(
    private readonly d: {
      runtime: SandboxRuntime;
      labs: LabsRepo;
      actions: Pick<LabActions, 'park'>;
      limits: DiskLimits;
    },
  ) {}

  /** One pass over the running labs; returns the ids it stopped. Sequential: size=true walks a layer. */
  async poll(): Promise<string[]> {
    const { quotaBytes, entryLimit } = this.d.limits;
    if (quotaBytes <= 0 && entryLimit <= 0) return [];
    const stopped: string[] = [];
    for (const rec of this.d.labs.listAll()) {
      if (rec.state !== 'running') continue;
      const used = await this.d.runtime.diskUsage(rec.id).catch(() => undefined);
      // Quotas are per machine: a lab of several is stopped when one of them is over.
      const over = used && (used.machines ?? [used]).map((m) => this.overage(m)).find(Boolean);
      if (!over) continue;
      const message =
        `Votre machine a dépassé son quota disque (${over}) : elle a été arrêtée. Rouvrez le terminal ` +
        `pour la relancer et supprimer des fichiers, ou réinitialisez-la.`;
      const due = () => true;
      if (await this.d.actions.park(rec.id, 'disk-quota', message, due)) stopped.push(rec.id);
    }
    return stopped;
  }

  /** What the lab is over, in words for the learner; undefined when within its limits. */
  private overage({ bytes, entries, name }: DiskUsage & { name?: string }): string | undefined {
    const on = name ? ` sur ${name}` : '';
    const { quotaBytes, entryLimit } = this.d.limits;
    if (quotaBytes > 0 && bytes > quotaBytes)
      return `${Math.round(bytes / MB)} Mo écrits${on} pour ${Math.round(quotaBytes / MB)} Mo permis`;
    if (entryLimit > 0 && entries !== undefined && entries > entryLimit)
      return `${entries} fichiers créés${on} pour ${entryLimit} permis`;
    return undefined;
  }

  /** false while the engine's disk is under the floor; true when there is no floor or nothing to measure. */
  async hasRoom(): Promise<boolean> {
    const { minFreeBytes } = this.d.limits;
    if (minFreeBytes <= 0) return true;
    const disk = await this.d.runtime.hostDisk().catch(() => undefined);
    return !disk || disk.freeBytes >= minFreeBytes;
  }

  /** Refuses a new lab (503 host-disk-full) while the host is short of disk. Existing labs still restart. */
  async assertRoom(): Promise<void> {
    if (await this.hasRoom()) return;
    throw new AppError(
      'host-disk-full',
      'Le serveur manque d’espace disque : aucune nouvelle machine ne peut démarrer pour le moment. Prévenez votre formateur.',
    );
  }
}
