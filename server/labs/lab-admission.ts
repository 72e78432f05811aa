import { AppError } from '../errors/app-error.js';
import type { LabsRepo } from '../store/labs-repo.js';

/** Caps on running labs (server/config.ts computes `maxLabs` from the host). 0 = no cap. */
export interface AdmissionLimits {
  maxLabs: number;
  labsPerUser: number;
  labsPerIp: number;
}

export const NO_ADMISSION_LIMITS: AdmissionLimits = { maxLabs: 0, labsPerUser: 0, labsPerIp: 0 };

interface Holder {
  userId: string;
  ip?: string;
  courseId?: string;
}

/**
 * Decides whether one more lab may run. A lab counts from the moment its start is admitted (so 50
 * concurrent starts cannot all pass) until it stops; the lab being started never counts against itself.
 * The IP is the one of the lab's last start through the API (kept in memory: labs adopted after a
 * restart count for their user and the host, not for an IP). On the host cap a lab weighs its number of
 * machines: each one is a container with the per-lab limits.
 */
export class LabAdmission {
  private readonly starting = new Map<string, Holder>();
  private readonly ipOf = new Map<string, string>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly labs: LabsRepo,
    private readonly machinesOf: (courseId: string) => number = () => 1,
  ) {}

  /** Reserves a slot for `labId` or throws host-full / too-many-labs / too-many-labs-ip; returns the release. */
  admit(labId: string, userId: string, ip?: string, courseId?: string): () => void {
    const { maxLabs, labsPerUser, labsPerIp } = this.limits;
    const others = this.active().filter(([id]) => id !== labId);
    if (labsPerUser > 0 && others.filter(([, h]) => h.userId === userId).length >= labsPerUser)
      throw new AppError(
        'too-many-labs',
        `Vous avez déjà ${labsPerUser} labs allumés : arrêtez-en un avant d’en démarrer un autre.`,
        { max: labsPerUser },
      );
    if (ip && labsPerIp > 0 && others.filter(([, h]) => h.ip === ip).length >= labsPerIp)
      throw new AppError('too-many-labs-ip', `Trop de labs allumés depuis votre réseau (${labsPerIp}).`, {
        max: labsPerIp,
      });
    const weight = (h: Holder) => (h.courseId ? this.machinesOf(h.courseId) : 1);
    const used = others.reduce((n, [, h]) => n + weight(h), 0);
    if (maxLabs > 0 && used + weight({ userId, courseId }) > maxLabs)
      throw new AppError(
        'host-full',
        `Le serveur est plein (${maxLabs} machines de lab allumées) : réessayez plus tard.`,
        {
          max: maxLabs,
        },
      );
    const holder = { userId, ip: ip ?? this.ipOf.get(labId), courseId };
    this.starting.set(labId, holder);
    return () => {
      if (this.starting.get(labId) === holder) this.starting.delete(labId);
      if (holder.ip) this.ipOf.set(labId, holder.ip);
    };
  }

  /** The lab went away: forget its IP. */
  forget(labId: string): void {
    this.ipOf.delete(labId);
  }

  private active(): [string, Holder][] {
    const all = new Map(this.starting);
    for (const r of this.labs.listAll())
      if (r.state === 'running' && !all.has(r.id))
        all.set(r.id, { userId: r.userId, ip: this.ipOf.get(r.id), courseId: r.courseId });
    return [...all];
  }
}
