import type Dockerode from 'dockerode';
import { statusOf } from './docker-errors.js';
import { LABEL, assertLabId } from './container-profile.js';
import { SandboxError, type LabInfo, type TerminalStream } from './sandbox-runtime.js';

/**
 * Hands a pool container to a lab by renaming it (see the port's pool contract). No inspect first: the
 * rename is the whole hand-out and the pool only claims ids it created. A pool container that died
 * meanwhile is a stopped lab like any other: the lab's next ensureLab restarts it.
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

/** How a lab reads from its labels and name: the name is the identity, the pool label its origin. */
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
