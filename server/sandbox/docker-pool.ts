import type Dockerode from 'dockerode';
import { statusOf } from './docker-errors.js';
import { LABEL, assertLabId } from './container-profile.js';
import { SandboxError, type LabInfo, type TerminalStream } from './sandbox-runtime.js';

/**
 * The port's `claim`, done by renaming the pool container to `<prefix>-lab-<labId>`. Docker cannot
 * relabel a container, but a rename is atomic, even on a running one: so the NAME is a lab's identity
 * (list, poll and the event watcher read the lab id from it), the `atelier.lab` label keeps the pool id
 * and `atelier.user` stays absent. No inspect first: the rename is the whole hand-out and the pool only
 * claims ids it created. A pool container that died meanwhile is a stopped lab like any other.
 */
export async function claimByRename(
  pooled: Dockerode.Container,
  poolId: string,
  labId: string,
  labName: string,
): Promise<void> {
  assertLabId(labId);
  await pooled.rename({ name: labName }).catch((err: unknown) => {
    if (statusOf(err) === 404)
      throw new SandboxError('lab-not-running', `pool container ${poolId} is gone`, { cause: err });
    if (statusOf(err) === 409)
      throw new SandboxError('lab-exists', `lab ${labId} already has a container`, { cause: err });
    throw err;
  });
}

/** How a lab reads from its labels and name: a pool label whose lab label is not the name was claimed. */
export function pooledOf(labId: string, labels: Record<string, string>): LabInfo['pooled'] {
  const courseId = labels[LABEL.pool];
  return courseId ? { courseId, claimed: labels[LABEL.lab] !== labId } : undefined;
}

/**
 * Shells opened ahead of time, one per lab at most, keyed by the lab's current id (moved on claim).
 * A spare nobody reads keeps its prompt in the socket buffer until a terminal takes it.
 */
export class SpareShells {
  private readonly spares = new Map<string, TerminalStream>();

  put(labId: string, shell: TerminalStream): void {
    this.drop(labId);
    this.spares.set(labId, shell);
  }

  take(labId: string): TerminalStream | undefined {
    const shell = this.spares.get(labId);
    this.spares.delete(labId);
    return shell;
  }

  move(from: string, to: string): void {
    const shell = this.take(from);
    if (shell) this.put(to, shell);
  }

  /** The lab stops or goes: hang its spare up in the background (a stopped lab has none left to end). */
  drop(labId: string): void {
    void this.take(labId)
      ?.close()
      .catch(() => undefined);
  }

  get size(): number {
    return this.spares.size;
  }
}
