import type { LabLimits } from '../config.js';
import { SandboxError, type LabSpec } from './sandbox-runtime.js';

/**
 * The one place that decides what a learner's container may do (security-anchors §a). Pure: everything
 * comes from constants and the validated limits, never from a request.
 */

export const LABEL = {
  managed: 'atelier.managed',
  lab: 'atelier.lab',
  user: 'atelier.user',
  course: 'atelier.course',
  imageHash: 'atelier.image-hash',
} as const;

/** Docker's default set minus NET_RAW, MKNOD, SETPCAP, SETFCAP: enough for apt, useradd, sudo, nginx, chroot. */
export const LAB_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'AUDIT_WRITE',
] as const;

const LAB_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;
const MiB = 1024 * 1024;

export interface LabProfileOptions {
  prefix: string;
  allowedImages: ReadonlySet<string>;
  /** Content hash of the image the lab starts from (lets a later pass find labs on stale images). */
  imageHash: string;
}

/** The subset of Docker's create body this profile sets; assignable to dockerode's ContainerCreateOptions. */
export interface LabCreateBody {
  name: string;
  Image: string;
  Hostname: string;
  WorkingDir: string;
  Cmd: string[];
  Labels: Record<string, string>;
  HostConfig: {
    Init: boolean;
    CapDrop: string[];
    CapAdd: string[];
    Privileged: boolean;
    ReadonlyRootfs: boolean;
    IpcMode: string;
    PidsLimit: number;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    Ulimits: { Name: string; Soft: number; Hard: number }[];
    Tmpfs: Record<string, string>;
    LogConfig: { Type: string; Config: Record<string, string> };
    RestartPolicy: { Name: string };
    NetworkMode: string;
    ExtraHosts: string[];
    Runtime?: string;
  };
}

/** Container names allow fewer characters than image prefixes (no '/'). */
export function labContainerName(prefix: string, labId: string): string {
  return `${prefix.replace(/[^a-zA-Z0-9_.-]/g, '-')}-lab-${labId}`;
}

/** Only images built from exercises/ may run (DockerSpawner CVE-2023-48311 let users pick any image). */
export function assertImageAllowed(image: string, allowed: ReadonlySet<string>): void {
  if (!allowed.has(image))
    throw new SandboxError('image-not-allowed', `image ${image} is not an Atelier environment`);
}

export function labContainerSpec(spec: LabSpec, limits: LabLimits, opts: LabProfileOptions): LabCreateBody {
  if (!LAB_ID.test(spec.labId)) throw new SandboxError('sandbox-error', `invalid lab id ${spec.labId}`);
  assertImageAllowed(spec.image, opts.allowedImages);
  // tmpfs pages count against Memory; a tmpfs near the limit wedges the container, so cap it at a quarter.
  const tmpMb = Math.max(1, Math.min(limits.tmpSizeMb, Math.floor(limits.memoryBytes / MiB / 4)));
  return {
    name: labContainerName(opts.prefix, spec.labId),
    Image: spec.image,
    Hostname: 'lab',
    WorkingDir: '/root',
    // PID 1 only keeps the container alive; shells are execs, so `exit` never stops the lab.
    Cmd: ['sleep', 'infinity'],
    Labels: {
      [LABEL.managed]: '1',
      [LABEL.lab]: spec.labId,
      [LABEL.user]: spec.userId,
      [LABEL.course]: spec.courseId,
      [LABEL.imageHash]: opts.imageHash,
    },
    HostConfig: {
      Init: true,
      CapDrop: ['ALL'],
      CapAdd: [...LAB_CAPABILITIES],
      Privileged: false,
      ReadonlyRootfs: false,
      IpcMode: 'private',
      PidsLimit: limits.pidsLimit,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 4096 }],
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${tmpMb}m` },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: 'none',
      // Without it, sudo warns "unable to resolve host lab" when there is no network.
      ExtraHosts: ['lab:127.0.1.1'],
      ...(limits.runtime ? { Runtime: limits.runtime } : {}),
    },
  };
}
