// Capabilities a course grants one machine: only from COURSE_CAPABILITIES, re-checked by the profile, on that
// machine only; never on the grader; a course that asks for none gets exactly the usual CapAdd.
import { describe, expect, it } from 'vitest';
import type { LabLimits } from '../../server/config.js';
import {
  COURSE_CAPABILITIES,
  courseCapabilities,
  graderContainerSpec,
  LAB_CAPABILITIES,
  labContainerSpec,
} from '../../server/sandbox/container-profile.js';
import { SandboxError, type LabSpec } from '../../server/sandbox/sandbox-runtime.js';

const limits: LabLimits = {
  nanoCpus: 1e9,
  memoryBytes: 512 * 1024 * 1024,
  pidsLimit: 256,
  tmpSizeMb: 64,
  runtime: '',
};
const opts = { prefix: 'atelier', allowedImages: new Set(['atelier/hebergement']), imageHash: 'h' };
const TODAY = [
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
];
const lab = (machines: LabSpec['machines']): LabSpec => ({
  labId: 'lab-1',
  userId: 'u1',
  courseId: 'pare-feu',
  image: 'atelier/hebergement',
  machines,
});
const capsOf = (spec: LabSpec, machine: string) =>
  labContainerSpec(spec, limits, {
    ...opts,
    machine,
    machines: spec.machines?.map((m) => m.name) ?? [machine],
    network: 'n1',
  }).HostConfig.CapAdd;

describe('course capabilities in the lab profile', () => {
  it('allows NET_ADMIN only', () => {
    expect(COURSE_CAPABILITIES).toEqual(['NET_ADMIN']);
    expect(LAB_CAPABILITIES).not.toContain('NET_ADMIN');
  });

  it('adds NET_ADMIN to the machine that asks for it, and to no other machine', () => {
    const spec = lab([
      { name: 'web', image: 'atelier/hebergement', capabilities: ['NET_ADMIN'] },
      { name: 'client', image: 'atelier/hebergement' },
    ]);
    expect(capsOf(spec, 'web')).toEqual([...TODAY, 'NET_ADMIN']);
    expect(capsOf(spec, 'client')).toEqual(TODAY);
    // Pooled containers are built by the same call with the course's machines: the same grant.
    const pooled = labContainerSpec(spec, limits, {
      ...opts,
      pooled: true,
      machine: 'web',
      machines: ['web', 'client'],
    });
    expect(pooled.HostConfig.CapAdd).toEqual([...TODAY, 'NET_ADMIN']);
  });

  it('gives a course without capabilities exactly today’s CapAdd', () => {
    expect(capsOf(lab(undefined), 'lab')).toEqual(TODAY);
    expect(capsOf(lab([{ name: 'lab', image: 'atelier/hebergement' }]), 'lab')).toEqual(TODAY);
    expect(capsOf(lab([{ name: 'lab', image: 'atelier/hebergement', capabilities: [] }]), 'lab')).toEqual(
      TODAY,
    );
  });

  it('re-checks its input: anything outside the allow-list is refused, whatever validated it before', () => {
    for (const cap of [
      'SYS_ADMIN',
      'NET_RAW',
      'SYS_MODULE',
      'ALL',
      'CAP_NET_ADMIN',
      'net_admin',
      'NET_ADMIN ',
    ]) {
      const spec = lab([{ name: 'web', image: 'atelier/hebergement', capabilities: ['NET_ADMIN', cap] }]);
      expect(() => capsOf(spec, 'web'), cap).toThrow(SandboxError);
      expect(() => capsOf(spec, 'web'), cap).toThrow(/is not allowed \(allowed: NET_ADMIN\)/);
    }
    // Named once in CapAdd, however often asked.
    expect(courseCapabilities(['NET_ADMIN', 'NET_ADMIN'])).toEqual(['NET_ADMIN']);
  });

  it('never gives them to the grader, which shares the lab’s network namespace', () => {
    const grader = graderContainerSpec(
      { containerId: 'a'.repeat(64), imageId: 'sha256:x', labId: 'lab-1' },
      limits,
      'atelier',
    );
    expect(grader.HostConfig.CapAdd).toEqual(['SYS_PTRACE', 'DAC_OVERRIDE']);
  });
});
