import { describe, expect, it } from 'vitest';
import type { LabLimits } from '../../server/config.js';
import {
  LAB_SECCOMP_PROFILE,
  labContainerName,
  labContainerSpec,
  labNetworkSpec,
} from '../../server/sandbox/container-profile.js';
import { SandboxError, type LabSpec } from '../../server/sandbox/sandbox-runtime.js';

const limits: LabLimits = {
  nanoCpus: 1e9,
  memoryBytes: 512 * 1024 * 1024,
  pidsLimit: 256,
  tmpSizeMb: 64,
  runtime: '',
};
const spec: LabSpec = { labId: 'lab-3f2a', userId: 'u1', courseId: 'linux-101', image: 'atelier/base' };
const opts = { prefix: 'atelier', allowedImages: new Set(['atelier/base']), imageHash: 'abc123' };

describe('labContainerSpec: the lab profile, field by field', () => {
  const body = labContainerSpec(spec, limits, opts);
  const hc = body.HostConfig as Record<string, unknown>;

  it('names and labels the container from the spec', () => {
    expect(body.name).toBe('atelier-lab-lab-3f2a');
    expect(body.Image).toBe('atelier/base');
    expect(body.Hostname).toBe('lab');
    expect(body.Cmd).toEqual(['sleep', 'infinity']);
    expect(body.Labels).toEqual({
      'atelier.managed': '1',
      'atelier.lab': 'lab-3f2a',
      'atelier.machines': 'lab',
      'atelier.group': 'lab-3f2a',
      'atelier.machine': 'lab',
      'atelier.user': 'u1',
      'atelier.course': 'linux-101',
      'atelier.image-hash': 'abc123',
    });
  });

  it('grants no privilege and no host resource', () => {
    expect(hc.Privileged).toBe(false);
    expect(hc.CapDrop).toEqual(['ALL']);
    expect(hc.CapAdd).toEqual([
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
    ]);
    for (const key of ['Binds', 'Mounts', 'Devices', 'VolumesFrom', 'PidMode', 'UsernsMode']) {
      expect(hc[key], key).toBeUndefined();
    }
    expect(hc.SecurityOpt).toEqual([`seccomp=${LAB_SECCOMP_PROFILE}`]);
    expect(hc.IpcMode).toBe('private');
    expect(hc.NetworkMode).toBe('none');
    expect(hc.ExtraHosts).toEqual(['lab:127.0.1.1']);
    expect(hc.Runtime).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/docker\.sock|"host"/);
  });

  it('sets every resource limit, with no swap', () => {
    expect(hc.Init).toBe(true);
    expect(hc.PidsLimit).toBe(256);
    expect(hc.Memory).toBe(512 * 1024 * 1024);
    expect(hc.MemorySwap).toBe(hc.Memory);
    expect(hc.NanoCpus).toBe(1e9);
    expect(hc.Ulimits).toEqual([
      { Name: 'nofile', Soft: 1024, Hard: 4096 },
      { Name: 'fsize', Soft: 2 ** 30, Hard: 2 ** 30 },
    ]);
    expect(hc.Tmpfs).toEqual({ '/tmp': 'rw,nosuid,nodev,size=64m' });
    expect(hc.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } });
    expect(hc.RestartPolicy).toEqual({ Name: 'unless-stopped' });
  });

  it('with the holder volume: the terminal hub is the main process, stdin kept open, nothing logged', () => {
    const held = labContainerSpec(spec, limits, { ...opts, termVolume: 'atelier-term-0123' });
    expect(held.Cmd).toEqual(['/.atelier/atelier-term', 'hub']);
    expect(held.OpenStdin).toBe(true);
    expect(held.StdinOnce).toBe(false);
    expect(held.Labels['atelier.term-hub']).toBe('1');
    expect(held.HostConfig.LogConfig).toEqual({ Type: 'none', Config: {} });
    expect(held.HostConfig.Mounts).toEqual([
      { Type: 'volume', Source: 'atelier-term-0123', Target: '/.atelier', ReadOnly: true },
    ]);
  });

  it('keeps /tmp well below the memory limit (tmpfs pages count against it)', () => {
    const small = labContainerSpec(
      spec,
      { ...limits, memoryBytes: 128 * 1024 * 1024, tmpSizeMb: 1024 },
      opts,
    );
    expect(small.HostConfig.Tmpfs['/tmp']).toBe('rw,nosuid,nodev,size=32m');
  });

  it('ships a seccomp profile that denies by default, io_uring and AF_VSOCK/AF_ALG sockets', () => {
    const profile = JSON.parse(LAB_SECCOMP_PROFILE) as {
      defaultAction: string;
      syscalls: { names: string[]; action: string; args?: { value: number; op: string }[] }[];
    };
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    const allowed = profile.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW');
    expect(allowed.flatMap((r) => r.names).filter((n) => n.startsWith('io_uring'))).toEqual([]);
    // socket(2) only under an argument filter; family 38 (AF_ALG) and 40 (AF_VSOCK) match none.
    const socket = allowed.filter((r) => r.names.includes('socket'));
    const admits = (family: number) =>
      socket.some((r) =>
        (r.args ?? []).every(({ value, op }) =>
          op === 'SCMP_CMP_LT' ? family < value : op === 'SCMP_CMP_EQ' ? family === value : family > value,
        ),
      );
    expect(socket.every((r) => r.args?.length === 1)).toBe(true);
    expect([1, 2, 10, 16, 17, 38, 39, 40, 41].filter(admits)).toEqual([1, 2, 10, 16, 17, 39, 41]);
  });

  it('uses another OCI runtime only when configured', () => {
    expect(labContainerSpec(spec, { ...limits, runtime: 'runsc' }, opts).HostConfig.Runtime).toBe('runsc');
  });

  it('refuses an image outside the allowlist', () => {
    const run = () => labContainerSpec({ ...spec, image: 'alpine' }, limits, opts);
    expect(run).toThrow(SandboxError);
    expect(run).toThrow(expect.objectContaining({ reason: 'image-not-allowed' }));
  });

  it('refuses a lab id that could change the container name', () => {
    for (const labId of ['', '../x', 'a b', 'x'.repeat(65), '-x']) {
      expect(() => labContainerSpec({ ...spec, labId }, limits, opts), labId).toThrow(SandboxError);
    }
  });

  it('makes a valid container name from any image prefix', () => {
    expect(labContainerName('registry.local/atelier', 'x1')).toBe('registry.local-atelier-lab-x1');
  });
});

describe('multi-machine labs', () => {
  const opts = { prefix: 'atelier', allowedImages: new Set(['atelier/base']), imageHash: 'h' };
  const spec = { labId: 'lab-1', userId: 'u1', courseId: 'c', image: 'atelier/base' };
  const machines = ['web', 'db'];

  it('puts each machine on the lab network under its name, the others named after the group', () => {
    const web = labContainerSpec(spec, limits, {
      ...opts,
      machine: 'web',
      machines,
      group: 'pool-9',
      network: 'n1',
    });
    const db = labContainerSpec(spec, limits, {
      ...opts,
      machine: 'db',
      machines,
      group: 'pool-9',
      network: 'n1',
    });
    expect(web.name).toBe('atelier-lab-lab-1');
    expect(db.name).toBe('atelier-mach-pool-9-db');
    expect(db.Hostname).toBe('db');
    expect(db.HostConfig.NetworkMode).toBe('n1');
    expect(db.NetworkingConfig).toEqual({ EndpointsConfig: { n1: { Aliases: ['db'] } } });
    expect(db.HostConfig.Sysctls).toEqual({ 'net.ipv6.conf.all.disable_ipv6': '1' });
    expect(web.Labels['atelier.lab']).toBe('lab-1');
    expect(web.Labels['atelier.machines']).toBe('web,db');
    expect(db.Labels['atelier.lab']).toBeUndefined();
    expect(db.Labels['atelier.group']).toBe('pool-9');
    // Same limits on every machine.
    expect(db.HostConfig.Memory).toBe(web.HostConfig.Memory);
    expect(db.HostConfig.CapAdd).toEqual(web.HostConfig.CapAdd);
  });

  it('makes the lab network internal, with no address for the host on its bridge', () => {
    const n = labNetworkSpec('atelier', 'lab-1', '10.213.0.16/28');
    expect(n.Internal).toBe(true);
    expect(n.Options['com.docker.network.bridge.inhibit_ipv4']).toBe('true');
    expect(n.EnableIPv6).toBe(false);
    expect(n.IPAM.Config).toEqual([{ Subnet: '10.213.0.16/28' }]);
  });
});
