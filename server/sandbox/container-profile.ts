import type { LabLimits } from '../config.js';
import { SandboxError, type LabSpec } from './sandbox-runtime.js';
import { readFileSync } from 'node:fs';

/**
 * The one place that decides what a learner's container may do (docs/SECURITY.md explains each field).
 * Pure: everything comes from constants and the validated limits, never from a request.
 */

/** Where every lab machine sees the terminal holder (a read-only volume, docker-term-tool.ts). */
export const TERM_TOOL_DIR = '/.atelier';
export const TERM_TOOL = `${TERM_TOOL_DIR}/atelier-term`;
/** The editor's file operations (term-holder/atelier-file.c), in the same volume. */
export const FILE_TOOL = `${TERM_TOOL_DIR}/atelier-file`;

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
  /** The machine's name; on the default machine, `machines` lists all of the lab's machines. */
  machine: 'atelier.machine',
  machines: 'atelier.machines',
  /**
   * On the other machines and the network of a lab: the id the lab was created under (its `atelier.lab`,
   * a pool id for a pool lab), which a claim does not change.
   */
  group: 'atelier.group',
  /** '1' when the machine's main process is the terminal hub (`atelier-term hub`, reached by docker attach). */
  hub: 'atelier.term-hub',
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

/**
 * What a course may add to LAB_CAPABILITIES, per machine (`capabilities: ['NET_ADMIN']`); nothing else.
 * - NET_ADMIN: nftables, addresses, routes, interfaces, tc, in the machine's OWN network namespace (a
 *   firewall course). It stays there: the netns is the lab's, its bridge is internal with no host address,
 *   /proc/sys is read-only, /dev/net/tun absent, and moving an interface or entering another netns needs
 *   SYS_ADMIN (docs/SECURITY.md « Capabilities a course asks for »).
 * Never: SYS_ADMIN (mount, namespaces, most of the kernel: an escape), NET_RAW (raw and packet sockets:
 * ARP spoofing and sniffing on the lab's bridge), SYS_MODULE (loads kernel code), nor any other.
 */
export const COURSE_CAPABILITIES = ['NET_ADMIN'] as const;
export type CourseCapability = (typeof COURSE_CAPABILITIES)[number];

const LAB_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;
const MACHINE_NAME = /^[a-z][a-z0-9-]{0,19}$/;
/** The machine of a lab that names no machines (its hostname, as before machines existed). */
export const DEFAULT_MACHINE = 'lab';
const MiB = 1024 * 1024;
/**
 * Docker 20.10's default seccomp profile minus what newer engines block: io_uring_* (Docker 25) and
 * socket(AF_VSOCK) (Docker 24), socket(AF_ALG) (moby/profiles 0.2.1). Sent inline: the API takes the JSON.
 */
export const LAB_SECCOMP_PROFILE = JSON.stringify(
  JSON.parse(readFileSync(new URL('./seccomp-lab.json', import.meta.url), 'utf8')) as unknown,
);
/** RLIMIT_FSIZE for every process in a lab. */
export const MAX_FILE_BYTES = 1024 * MiB;

export interface LabProfileOptions {
  prefix: string;
  allowedImages: ReadonlySet<string>;
  /** Content hash of the image the lab starts from (lets a later pass find labs on stale images). */
  imageHash: string;
  /** A warm-pool container: labelled for its course, owned by no user until claimed. */
  pooled?: boolean;
  /** This machine's name (its hostname; default `lab`) and all machine names of the lab, the default first. */
  machine?: string;
  machines?: readonly string[];
  /** The id the lab is created under (lab or pool id, the default); names its other machines and network. */
  group?: string;
  /** The lab's private network (several machines); none: no network at all. */
  network?: string;
  /** The volume with the terminal holder, mounted read-only at /.atelier (docker-term-tool.ts). */
  termVolume?: string;
}

/** The subset of Docker's create body this profile sets; assignable to dockerode's ContainerCreateOptions. */
export interface LabCreateBody {
  name: string;
  Image: string;
  Hostname: string;
  WorkingDir: string;
  Cmd: string[];
  OpenStdin?: boolean;
  StdinOnce?: boolean;
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
    Sysctls?: Record<string, string>;
    DnsOptions?: string[];
    Tmpfs: Record<string, string>;
    Mounts?: { Type: 'volume'; Source: string; Target: string; ReadOnly: boolean }[];
    LogConfig: { Type: string; Config: Record<string, string> };
    RestartPolicy: { Name: string };
    NetworkMode: string;
    ExtraHosts: string[];
    Runtime?: string;
  };
  NetworkingConfig?: { EndpointsConfig: Record<string, { Aliases: string[] }> };
}

const safePrefix = (prefix: string) => prefix.replace(/[^a-zA-Z0-9_.-]/g, '-');

/** Container names allow fewer characters than image prefixes (no '/'). The default machine's name. */
export function labContainerName(prefix: string, labId: string): string {
  return `${safePrefix(prefix)}-lab-${labId}`;
}

/** A lab's other machines, by the id the lab was created under (a pool claim renames only the default one). */
export function machineContainerName(prefix: string, group: string, machine: string): string {
  return `${machineContainerPrefix(prefix)}${group}-${machine}`;
}

export function machineContainerPrefix(prefix: string): string {
  return `${safePrefix(prefix)}-mach-`;
}

export function labNetworkName(prefix: string, group: string): string {
  return `${safePrefix(prefix)}-net-${group}`;
}

/**
 * A lab's private network: internal (no route out), and the host takes no address on its bridge
 * (inhibit_ipv4), so a machine can reach the lab's other machines and nothing else: not the host, its
 * services, the Docker API, the metadata address, nor another lab's network. IPv6 stays off.
 */
export function labNetworkSpec(prefix: string, group: string, subnet: string) {
  assertLabId(group);
  return {
    Name: labNetworkName(prefix, group),
    Driver: 'bridge',
    Internal: true,
    Attachable: false,
    CheckDuplicate: true,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
    Options: {
      'com.docker.network.bridge.inhibit_ipv4': 'true',
      'com.docker.network.bridge.enable_ip_masquerade': 'false',
    },
    Labels: { [LABEL.managed]: '1', [LABEL.group]: group },
  };
}

/** Only images built from exercises/ may run (DockerSpawner CVE-2023-48311 let users pick any image). */
export function assertImageAllowed(image: string, allowed: ReadonlySet<string>): void {
  if (!allowed.has(image))
    throw new SandboxError('image-not-allowed', `image ${image} is not an Atelier environment`);
}

export function assertLabId(labId: string): void {
  if (!LAB_ID.test(labId)) throw new SandboxError('sandbox-error', `invalid lab id ${labId}`);
}

/**
 * The capabilities a machine adds, checked again here (the profile trusts no input, even a validated
 * course): exact names from COURSE_CAPABILITIES, each once, else SandboxError.
 */
export function courseCapabilities(requested: readonly string[] | undefined): CourseCapability[] {
  const allowed: readonly string[] = COURSE_CAPABILITIES;
  for (const cap of requested ?? [])
    if (!allowed.includes(cap))
      throw new SandboxError(
        'sandbox-error',
        `capability ${JSON.stringify(cap)} is not allowed (allowed: ${COURSE_CAPABILITIES.join(', ')})`,
      );
  return COURSE_CAPABILITIES.filter((cap) => requested?.includes(cap));
}

export function labContainerSpec(spec: LabSpec, limits: LabLimits, opts: LabProfileOptions): LabCreateBody {
  const { machine = DEFAULT_MACHINE, machines = [machine], group = spec.labId } = opts;
  assertLabId(spec.labId);
  assertLabId(group);
  assertImageAllowed(spec.image, opts.allowedImages);
  if (!MACHINE_NAME.test(machine)) throw new SandboxError('sandbox-error', `invalid machine ${machine}`);
  // tmpfs pages count against Memory; a tmpfs near the limit wedges the container, so cap it at a quarter.
  const tmpMb = Math.max(1, Math.min(limits.tmpSizeMb, Math.floor(limits.memoryBytes / MiB / 4)));
  const primary = machine === machines[0];
  // This machine's own grant from the course (its MachineSpec); other machines of the lab get none of it.
  const extraCaps = courseCapabilities(spec.machines?.find((m) => m.name === machine)?.capabilities);
  return {
    name: primary
      ? labContainerName(opts.prefix, spec.labId)
      : machineContainerName(opts.prefix, group, machine),
    Image: spec.image,
    Hostname: machine,
    WorkingDir: '/root',
    // The main process (under Docker's init) keeps the container alive, so `exit` in a shell never stops
    // the lab. With the holder's volume it is the terminal hub, which the server reaches by docker attach
    // (stdin kept open across attaches) to get every held shell back after a restart without an exec each.
    ...(opts.termVolume
      ? { Cmd: [TERM_TOOL, 'hub'], OpenStdin: true, StdinOnce: false }
      : { Cmd: ['sleep', 'infinity'] }),
    Labels: {
      [LABEL.managed]: '1',
      // Only the default machine is "the lab" for list/poll/events; the others carry the group.
      ...(primary ? { [LABEL.lab]: spec.labId, [LABEL.machines]: machines.join(',') } : {}),
      [LABEL.group]: group,
      [LABEL.machine]: machine,
      ...(opts.pooled ? { [LABEL.pool]: spec.courseId } : { [LABEL.user]: spec.userId }),
      [LABEL.course]: spec.courseId,
      [LABEL.imageHash]: opts.imageHash,
      ...(opts.termVolume ? { [LABEL.hub]: '1' } : {}),
    },
    HostConfig: {
      Init: true,
      CapDrop: ['ALL'],
      CapAdd: [...LAB_CAPABILITIES, ...extraCaps],
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
      // Read-only and outside the lab's filesystem: lab root cannot swap the program that holds its shells.
      ...(opts.termVolume
        ? {
            Mounts: [
              { Type: 'volume' as const, Source: opts.termVolume, Target: TERM_TOOL_DIR, ReadOnly: true },
            ],
          }
        : {}),
      // The hub's stdout carries terminal output: Docker must not keep it. Without the hub, whatever the main
      // process prints is capped (a `yes` loop would fill the host's disk through json-file).
      LogConfig: opts.termVolume
        ? { Type: 'none', Config: {} }
        : { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: opts.network ?? 'none',
      // Without it, sudo warns "unable to resolve host lab" when there is no network.
      ExtraHosts: [`${machine}:127.0.1.1`],
      // Docker's resolver answers the lab's machine names and never a name outside; fail those fast.
      ...(opts.network
        ? { Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1' }, DnsOptions: ['timeout:1', 'attempts:1'] }
        : {}),
      // 'auto' is resolved at start (docker-oci-runtime.ts); unresolved, it means Docker's default.
      ...(limits.runtime && limits.runtime !== 'auto' ? { Runtime: limits.runtime } : {}),
    },
    ...(opts.network
      ? { NetworkingConfig: { EndpointsConfig: { [opts.network]: { Aliases: [machine] } } } }
      : {}),
  };
}

/**
 * The grader's only capabilities. SYS_PTRACE is one the lab lacks: the kernel then refuses lab root any
 * access to the grader's /proc/<pid>/{mem,environ,fd,root} (the tracer's capabilities must cover the
 * target's), while the grader may read the lab's /proc entries and its root through /proc/1/root.
 * DAC_OVERRIDE reads files of any owner there (e.g. a crontab in mode 600). Never a course's capabilities:
 * the grader joins the lab's network namespace, and NET_ADMIN there is the learner's alone.
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
