import type { LabLimits } from '../config.js';
import { SandboxError, type LabSpec } from './sandbox-runtime.js';
import seccompLab from './seccomp-lab.json' with { type: 'json' };

/**
 * The one place that decides what a learner's container may do (docs/SECURITY.md explains each field).
 * Pure: everything comes from constants and the validated limits, never from a request.
 */

export const LABEL = {
  managed: 'atelier.managed',
  lab: 'atelier.lab',
  user: 'atelier.user',
  course: 'atelier.course',
  imageHash: 'atelier.image-hash',
  /** Set on warm-pool containers: the course whose setup they carry (see the port's pool contract). */
  pool: 'atelier.pool',
  /** Set on a lab's grader container (the lab id); graders are not labs. */
  grader: 'atelier.grader',
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
/**
 * Docker 20.10's default seccomp profile minus what newer engines block: io_uring_* (Docker 25) and
 * socket(AF_VSOCK) (Docker 24), socket(AF_ALG) (moby/profiles 0.2.1). Sent inline: the API takes the JSON.
 */
export const LAB_SECCOMP_PROFILE = JSON.stringify(seccompLab);
/** RLIMIT_FSIZE for every process in a lab. */
export const MAX_FILE_BYTES = 1024 * MiB;

export interface LabProfileOptions {
  prefix: string;
  allowedImages: ReadonlySet<string>;
  /** Content hash of the image the lab starts from (lets a later pass find labs on stale images). */
  imageHash: string;
  /** A warm-pool container: labelled for its course, owned by no user until claimed. */
  pooled?: boolean;
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
    SecurityOpt: string[];
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

export function assertLabId(labId: string): void {
  if (!LAB_ID.test(labId)) throw new SandboxError('sandbox-error', `invalid lab id ${labId}`);
}

export function labContainerSpec(spec: LabSpec, limits: LabLimits, opts: LabProfileOptions): LabCreateBody {
  assertLabId(spec.labId);
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
      ...(opts.pooled ? { [LABEL.pool]: spec.courseId } : { [LABEL.user]: spec.userId }),
      [LABEL.course]: spec.courseId,
      [LABEL.imageHash]: opts.imageHash,
    },
    HostConfig: {
      Init: true,
      CapDrop: ['ALL'],
      CapAdd: [...LAB_CAPABILITIES],
      Privileged: false,
      ReadonlyRootfs: false,
      // Only seccomp: AppArmor stays Docker's docker-default where the host has it.
      SecurityOpt: [`seccomp=${LAB_SECCOMP_PROFILE}`],
      IpcMode: 'private',
      PidsLimit: limits.pidsLimit,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      // fsize: no single file over 1 GiB (root cannot raise a hard limit without CAP_SYS_RESOURCE). It bounds
      // /etc/hosts, /etc/hostname and /etc/resolv.conf, which Docker bind-mounts from the host's
      // /var/lib/docker/containers/<id>/ and which the writable layer's size (SizeRw) does not count.
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 4096 },
        { Name: 'fsize', Soft: MAX_FILE_BYTES, Hard: MAX_FILE_BYTES },
      ],
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${tmpMb}m` },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: 'none',
      // Without it, sudo warns "unable to resolve host lab" when there is no network.
      ExtraHosts: ['lab:127.0.1.1'],
      // 'auto' is resolved at start (docker-oci-runtime.ts); unresolved, it means Docker's default.
      ...(limits.runtime && limits.runtime !== 'auto' ? { Runtime: limits.runtime } : {}),
    },
  };
}

/**
 * The grader's only capabilities. SYS_PTRACE is one the lab lacks: the kernel then refuses lab root any
 * access to the grader's /proc/<pid>/{mem,environ,fd,root} (the tracer's capabilities must cover the
 * target's), while the grader may read the lab's /proc entries and its root through /proc/1/root.
 * DAC_OVERRIDE reads files of any owner there (e.g. a crontab in mode 600).
 */
export const GRADER_CAPABILITIES = ['SYS_PTRACE', 'DAC_OVERRIDE'] as const;

/** Where the grader sees the lab's filesystem: the root of the lab's PID 1 (docker-init). */
export const GRADER_LAB_ROOT = '/proc/1/root';

export interface GraderCreateBody {
  name: string;
  Image: string;
  Cmd: string[];
  Labels: Record<string, string>;
  HostConfig: {
    NetworkMode: string;
    PidMode: string;
    CapDrop: string[];
    CapAdd: string[];
    Privileged: boolean;
    ReadonlyRootfs: boolean;
    PidsLimit: number;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    Tmpfs: Record<string, string>;
    LogConfig: { Type: string; Config: Record<string, string> };
    AutoRemove: boolean;
    Runtime?: string;
  };
}

/** Graders are named after the lab's container id: a pool claim renames the lab, not its namespaces. */
export function graderContainerName(prefix: string, labContainerId: string): string {
  return `${prefix.replace(/[^a-zA-Z0-9_.-]/g, '-')}-grader-${labContainerId.slice(0, 24)}`;
}

/**
 * A grader for one running lab: a container of the lab's own image (its files as built, which the lab
 * cannot change), joined to the lab's PID and network namespaces. It dies with the lab's PID 1.
 */
export function graderContainerSpec(
  lab: { containerId: string; imageId: string; labId: string },
  limits: LabLimits,
  prefix: string,
): GraderCreateBody {
  assertLabId(lab.labId);
  if (!/^[0-9a-f]{12,64}$/.test(lab.containerId)) throw new SandboxError('sandbox-error', 'bad container id');
  return {
    name: graderContainerName(prefix, lab.containerId),
    Image: lab.imageId,
    Cmd: ['/bin/sleep', 'infinity'],
    Labels: { [LABEL.grader]: lab.labId },
    HostConfig: {
      NetworkMode: `container:${lab.containerId}`,
      PidMode: `container:${lab.containerId}`,
      CapDrop: ['ALL'],
      CapAdd: [...GRADER_CAPABILITIES],
      Privileged: false,
      ReadonlyRootfs: true,
      PidsLimit: 64,
      Memory: 128 * MiB,
      MemorySwap: 128 * MiB,
      NanoCpus: limits.nanoCpus,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,noexec,size=8m' },
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: true,
      ...(limits.runtime && limits.runtime !== 'auto' ? { Runtime: limits.runtime } : {}),
    },
  };
}
