// T-runtime — Threat: a kernel bug reachable from a runc container is a host compromise (runc shares the
// host kernel: one kernel vulnerability is enough for an escape). Defence where the host has one: labs run
// under gVisor (runsc) or sysbox-runc, chosen from `docker info` when ATELIER_RUNTIME=auto (the default).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { labContainerSpec } from '../../server/sandbox/container-profile.js';
import {
  chooseRuntime,
  resolveLabRuntime,
  RuntimeUnavailableError,
} from '../../server/sandbox/docker-oci-runtime.js';
import { dockerClient } from '../../server/sandbox/docker-sandbox.js';
import { docker } from '../support/docker-client.js';

const spec = { labId: 'rt-test', userId: 'u', courseId: 'c', image: 'atelier/base' };
const opts = { prefix: 'atelier', allowedImages: new Set(['atelier/base']), imageHash: 'h' };
const runtimeOf = (runtime: string) =>
  labContainerSpec(spec, { ...loadConfig({}).lab, runtime }, opts).HostConfig.Runtime;

describe('lab runtime selection', () => {
  it('defaults to auto, which prefers runsc, then sysbox-runc, else the default runtime', () => {
    expect(loadConfig({}).lab.runtime).toBe('auto');
    expect(chooseRuntime('auto', ['runc', 'sysbox-runc', 'runsc']).runtime).toBe('runsc');
    expect(chooseRuntime('auto', ['runc', 'sysbox-runc']).runtime).toBe('sysbox-runc');
    expect(chooseRuntime('auto', ['io.containerd.runc.v2', 'runc']).runtime).toBe('');
    expect(chooseRuntime('auto', []).runtime).toBe('');
  });

  it('honours an explicit runtime only when the engine has it', () => {
    expect(chooseRuntime('', ['runsc']).runtime).toBe('');
    expect(chooseRuntime('sysbox-runc', ['runc', 'sysbox-runc']).runtime).toBe('sysbox-runc');
    expect(() => chooseRuntime('runsc', ['runc'])).toThrow(RuntimeUnavailableError);
    expect(() => chooseRuntime('runsc', ['runc'])).toThrow(/not registered/);
  });

  it('puts the resolved runtime in the profile, never the word auto', () => {
    expect(runtimeOf('runsc')).toBe('runsc');
    expect(runtimeOf('auto')).toBeUndefined();
    expect(runtimeOf('')).toBeUndefined();
  });

  it('resolves against this engine', async () => {
    const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
    const registered = Object.keys(info.Runtimes ?? {});
    const choice = await resolveLabRuntime('auto', docker);
    console.log(`[runtime] engine has ${registered.join(', ')} → ${choice.note}`);
    expect(choice).toEqual(chooseRuntime('auto', registered));
  });

  it('falls back to the default when the engine cannot be asked (auto only)', async () => {
    const down = dockerClient('unix:///nonexistent/docker.sock');
    expect((await resolveLabRuntime('auto', down)).runtime).toBe('');
    expect((await resolveLabRuntime('runsc', down)).runtime).toBe('runsc'); // explicit: trusted, noted
  });
});
