// T8 — Threat: a root learner tries to leave the container (Docker socket, mounts, namespaces, device
// nodes, kernel modules, raw sockets, kernel memory) or to gain capabilities it was not given.
// Defence: the profile (CapDrop ALL + 10 caps, no Privileged, no binds/devices), the lab's seccomp profile
// (Docker 20.10's default minus io_uring and AF_VSOCK/AF_ALG sockets) and masked /proc paths.
// CapEff must equal the mask computed from LAB_CAPABILITIES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_CAPABILITIES } from '../../server/sandbox/container-profile.js';
import type { TestServer } from '../support/server.js';
import { inLab, learner, removeContainers, startServer, type Learner } from './support/lab-harness.js';

// linux/capability.h numbers of the capabilities the profile may grant.
const CAP_NUMBER: Record<string, number> = {
  CHOWN: 0,
  DAC_OVERRIDE: 1,
  DAC_READ_SEARCH: 2,
  FOWNER: 3,
  FSETID: 4,
  KILL: 5,
  SETGID: 6,
  SETUID: 7,
  SETPCAP: 8,
  NET_BIND_SERVICE: 10,
  NET_ADMIN: 12,
  NET_RAW: 13,
  SYS_MODULE: 16,
  SYS_RAWIO: 17,
  SYS_CHROOT: 18,
  SYS_PTRACE: 19,
  SYS_ADMIN: 21,
  MKNOD: 27,
  AUDIT_WRITE: 29,
  SETFCAP: 31,
};

/** The capability mask /proc/<pid>/status shows for a set of names. */
export function capMask(names: readonly string[]): bigint {
  return names.reduce((mask, name) => {
    const n = CAP_NUMBER[name];
    if (n === undefined) throw new Error(`unknown capability ${name}`);
    return mask | (1n << BigInt(n));
  }, 0n);
}

// Each probe is an attempt that must fail; `errno` probes exit with the errno of the refused syscall.
const PERL_SYSCALL = (nr: number, args: string) =>
  `perl -e 'my $s = ""; syscall(${nr}, ${args}) == -1 or exit 0; exit($!+0)'`;
const PERL_SOCKET = (domain: number, type: number, proto: number) =>
  `perl -e 'socket(S, ${domain}, ${type}, ${proto}) and exit 0; exit($!+0)'`;
const EPERM = 1;
const PROBES: Record<string, string> = {
  'docker socket': 'ls /var/run/docker.sock /run/docker.sock',
  'docker socket anywhere': 'find / -xdev -name "docker.sock" 2>/dev/null | grep -q .',
  'mount tmpfs': 'mount -t tmpfs none /mnt',
  'mount proc': 'mkdir -p /tmp/p && mount -t proc proc /tmp/p',
  'unshare user ns': 'unshare -U true',
  'unshare mount ns': 'unshare -m true',
  'unshare net ns': 'unshare -n true',
  'nsenter pid 1': 'nsenter -t 1 -m -u -n true',
  'mknod block device': 'mknod /tmp/sda b 8 0',
  'block devices in /dev': 'find /dev -type b | grep -q .',
  finit_module: PERL_SYSCALL(313, '-1, $s, 0'),
  init_module: PERL_SYSCALL(175, '$s, 0, $s'),
  bpf: PERL_SYSCALL(321, '0, 0, 0'),
  // io_uring_setup(4, &params): Docker 20.10's default profile allows it (exit 0 there on this host).
  io_uring_setup: `perl -e 'my $p = "\\0" x 120; syscall(425, 4, $p) == -1 or exit 0; exit($!+0)'`,
  'vsock socket': PERL_SOCKET(40, 1, 0),
  'AF_ALG socket': PERL_SOCKET(38, 5, 0),
  'raw IP socket': PERL_SOCKET(2, 3, 1),
  'packet socket': PERL_SOCKET(17, 3, 0),
  '/proc/kcore readable': 'test "$(head -c 16 /proc/kcore | wc -c)" -gt 0',
  'sysrq-trigger': 'echo h > /proc/sysrq-trigger',
  'sysctl write': 'sysctl -w kernel.domainname=evil',
  sethostname: 'hostname evil',
  'ip link add': 'ip link add evil0 type dummy',
  'write /sys': 'echo 1 > /sys/kernel/uevent_helper',
  dmesg: 'dmesg',
};

describe('T8 escape probes inside a lab', () => {
  let server: TestServer;
  let lab: Learner;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    lab = await learner(server, 'prober', containers);
  });
  afterAll(async () => {
    await server?.close();
    await removeContainers(containers);
  });

  it('makes every escape attempt fail', async () => {
    const script = Object.entries(PROBES)
      .map(([name, cmd]) => `(${cmd}) >/dev/null 2>&1; echo "${name}=$?"`)
      .join('\n');
    const r = await inLab(server, lab.labId, script, 30_000);
    const results = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.lastIndexOf('=')), Number(l.slice(l.lastIndexOf('=') + 1))]),
    );
    console.log(`[T8] ${Object.keys(PROBES).length} probes, exit codes: ${JSON.stringify(results)}`);
    for (const name of Object.keys(PROBES)) expect(results[name], name).not.toBe(0);
    const seccompDenied = ['io_uring_setup', 'vsock socket', 'AF_ALG socket'];
    for (const name of [
      'finit_module',
      'init_module',
      'bpf',
      'raw IP socket',
      'packet socket',
      ...seccompDenied,
    ])
      expect(results[name], `${name} errno`).toBe(EPERM);
  });

  it('runs with exactly the profile capabilities, a seccomp filter, isolated pids', async () => {
    const r = await inLab(
      server,
      lab.labId,
      'grep -E "^(CapEff|CapPrm|CapBnd|Seccomp|NoNewPrivs):" /proc/self/status; echo "procs=$(ps -e --no-headers | wc -l)"; echo "pid1=$(cat /proc/1/comm)"',
    );
    const field = (k: string) => new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(r.stdout)?.[1];
    const expected = capMask(LAB_CAPABILITIES);
    console.log(
      `[T8] CapEff ${field('CapEff')} (profile mask 0x${expected.toString(16)}), Seccomp ${field('Seccomp')}, ${r.stdout.match(/procs=\d+/)?.[0]}`,
    );
    expect(expected).toBe(0x200404fbn); // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID NET_BIND_SERVICE SYS_CHROOT AUDIT_WRITE
    for (const k of ['CapEff', 'CapPrm', 'CapBnd']) expect(BigInt(`0x${field(k)}`), k).toBe(expected);
    expect(field('Seccomp')).toBe('2'); // filter mode: the lab's profile is active
    expect(Number(/procs=(\d+)/.exec(r.stdout)?.[1])).toBeLessThan(20); // no host processes visible
    expect(r.stdout).toContain('pid1=docker-init'); // Init: true (tini) reaps zombies
  });

  it('mounts from the host only Docker’s per-container files, a read-only docker-init and the terminal holder', async () => {
    const r = await inLab(server, lab.labId, 'cat /proc/self/mountinfo');
    const hostMounts = r.stdout
      .split('\n')
      .filter((l) => / \/dev\/(vd|sd|nvme|xvd|md|dm-|mapper)/.test(l) || /ext4|xfs|btrfs/.test(l))
      .map((l) => l.split(' '));
    console.log(`[T8] host filesystem mounts: ${hostMounts.map((f) => `${f[4]} (${f[5]})`).join(', ')}`);
    expect(hostMounts.map((f) => f[4]).sort()).toEqual([
      '/.atelier',
      '/etc/hostname',
      '/etc/hosts',
      '/etc/resolv.conf',
      '/usr/sbin/docker-init',
    ]);
    // Per-container files Docker keeps in /var/lib/docker/containers/<id>/ (see T3 for their size bound).
    for (const f of hostMounts.filter((m) => m[4]?.startsWith('/etc/')))
      expect(f[3]).toMatch(/^\/var\/lib\/docker\/containers\/[0-9a-f]{64}\//);
    const init = hostMounts.find((f) => f[4] === '/usr/sbin/docker-init');
    expect(init?.[5]).toMatch(/^ro,/);
    // The volume with atelier-term, read-only (T14).
    const holder = hostMounts.find((f) => f[4] === '/.atelier');
    expect(holder?.[3]).toMatch(/^\/var\/lib\/docker\/volumes\/[^/]*-term-[0-9a-f]{12}\/_data$/);
    expect(holder?.[5]).toMatch(/^ro,/);
  });
});
