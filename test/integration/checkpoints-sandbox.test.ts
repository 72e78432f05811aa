// Checkpoints against the real Engine: a save is a commit of every machine, a restore makes the lab again
// from it with the usual profile; names, replacement, drops, restarts, a claimed pool lab, two machines.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { CHECKPOINT_LABEL, GRADER_IMAGE_LABEL } from '../../server/sandbox/docker-checkpoints.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';
import type { LabSpec, SandboxRuntime } from '../../server/sandbox/sandbox-runtime.js';
import { docker } from '../support/docker-client.js';

const config = loadConfig();
// Own instance: its images and containers are this file's alone.
const instance = `${config.imagePrefix}-ck`;
const newRuntime = () => createSandbox({ ...config, instance }).runtime;
const runtime = newRuntime();
const base = `${config.imagePrefix}/base`;
const labs = new Set<string>();
const newSpec = (machines?: string[]): LabSpec => {
  const labId = `ck-${randomBytes(5).toString('hex')}`;
  labs.add(labId);
  return {
    labId,
    userId: 'u-ck',
    courseId: 'c-ck',
    image: base,
    ...(machines ? { machines: machines.map((name) => ({ name, image: base })) } : {}),
  };
};
const sh = async (labId: string, script: string, machine?: string, rt: SandboxRuntime = runtime) => {
  const r = await rt.exec(labId, ['bash', '-c', script], { machine, timeoutMs: 30_000 });
  return { ...r, out: r.stdout.trim() };
};
const ok = async (labId: string, script: string, machine?: string) => {
  const r = await sh(labId, script, machine);
  expect(r.exitCode, `${script}\n${r.stderr}`).toBe(0);
  return r.out;
};
const imagesOf = (labId: string) =>
  docker.listImages({
    all: true,
    filters: { label: [`${CHECKPOINT_LABEL.instance}=${instance}`, `${CHECKPOINT_LABEL.lab}=${labId}`] },
  });
/** What a learner's lab looks like to list() and poll(): a normal lab of its user, not a pool one. */
async function expectNormalLab(spec: LabSpec) {
  const polled = await runtime.poll(spec.labId);
  expect(polled).toMatchObject({ state: 'running', userId: spec.userId, courseId: spec.courseId });
  expect(polled.pooled).toBeUndefined();
  const listed = (await runtime.list()).filter((l) => l.labId === spec.labId);
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ state: 'running', userId: spec.userId, courseId: spec.courseId });
  expect(listed[0]?.pooled).toBeUndefined();
  return polled;
}

afterAll(async () => {
  for (const id of labs) {
    await runtime.remove(id).catch(() => undefined);
    await runtime.dropCheckpoints(id).catch(() => undefined);
  }
  const left = await docker.listImages({
    all: true,
    filters: { label: [`${CHECKPOINT_LABEL.instance}=${instance}`] },
  });
  for (const i of left)
    await docker
      .getImage(i.Id)
      .remove({ force: true })
      .catch(() => undefined);
});

describe('checkpoints on Docker', () => {
  it('restores files, owners, modes and an installed package, not /tmp', async () => {
    const spec = newSpec();
    const first = await runtime.ensureLab(spec);
    await ok(
      spec.labId,
      [
        'mkdir -p /root/work /opt/app && echo hello > /root/work/a.txt',
        'echo secret > /opt/app/f && chown 1234:2345 /opt/app/f && chmod 0640 /opt/app/f',
        'echo gone > /tmp/t',
        // A package built here (labs have no network) and installed with dpkg.
        'mkdir -p /root/pkg/DEBIAN /root/pkg/usr/local/bin',
        'printf "Package: atelier-demo\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: A <a@b.c>\\nDescription: demo\\n" > /root/pkg/DEBIAN/control',
        'printf "#!/bin/sh\\necho demo-ok\\n" > /root/pkg/usr/local/bin/atelier-demo && chmod 755 /root/pkg/usr/local/bin/atelier-demo',
        'dpkg-deb --build /root/pkg /root/atelier-demo.deb >/dev/null && dpkg -i /root/atelier-demo.deb >/dev/null',
      ].join(' && '),
    );
    const before = Date.now();
    const saved = await runtime.saveCheckpoint(spec.labId, 'ex1');
    expect(saved).toMatchObject({ labId: spec.labId, name: 'ex1' });
    expect(saved.createdAt).toBeGreaterThanOrEqual(before - 1);
    expect(saved.createdAt).toBeLessThanOrEqual(Date.now());
    expect(saved.bytes).toBeGreaterThan(0);
    // The learner breaks the machine.
    await ok(spec.labId, 'rm -rf /root/work /opt/app && dpkg -r atelier-demo >/dev/null');

    const info = await runtime.restoreCheckpoint(spec, 'ex1');
    expect(info.state).toBe('running');
    expect(info.containerId).not.toBe(first.containerId);
    expect(await ok(spec.labId, 'cat /root/work/a.txt')).toBe('hello');
    expect(await ok(spec.labId, "stat -c '%u:%g %a' /opt/app/f")).toBe('1234:2345 640');
    expect(await ok(spec.labId, "dpkg -s atelier-demo | grep '^Status'")).toBe(
      'Status: install ok installed',
    );
    expect(await ok(spec.labId, 'atelier-demo')).toBe('demo-ok');
    // /tmp is a tmpfs: not part of a checkpoint.
    expect((await sh(spec.labId, 'test -e /tmp/t')).exitCode).toBe(1);
    await expectNormalLab(spec);

    // Same profile as a fresh lab: labels, limits, the hub, a grader that runs, a terminal.
    const made = await docker.getContainer(info.containerId as string).inspect();
    const fresh = newSpec();
    const freshInfo = await runtime.ensureLab(fresh);
    const normal = await docker.getContainer(freshInfo.containerId as string).inspect();
    expect(made.Config.Labels['atelier.image-hash']).toBe(normal.Config.Labels['atelier.image-hash']);
    expect(made.Config.Labels['atelier.term-hub']).toBe('1');
    expect(made.Config.Labels[GRADER_IMAGE_LABEL]).toBe(normal.Image);
    expect(made.Config.Cmd).toEqual(normal.Config.Cmd);
    expect(made.HostConfig.Memory).toBe(normal.HostConfig.Memory);
    expect(made.HostConfig.Tmpfs).toEqual(normal.HostConfig.Tmpfs);
    expect(made.HostConfig.NetworkMode).toBe('none');
    const graded = await runtime.inspect(spec.labId, 'cat "$LAB_ROOT/root/work/a.txt"');
    expect(graded.stdout.trim()).toBe('hello');
    const term = await runtime.openTerminal(spec.labId, { cols: 80, rows: 24 });
    let text = '';
    term.onData((c) => (text += c.toString('utf8')));
    term.write('cat /root/work/a.txt\r');
    await expect.poll(() => text, { timeout: 10_000 }).toMatch(/hello/);
    await term.close();
    await runtime.remove(fresh.labId);
  });

  it('lists checkpoints after a restart, replaces a name, keeps them through a removal, drops them', async () => {
    const spec = newSpec();
    await runtime.ensureLab(spec);
    await ok(spec.labId, 'echo v1 > /root/mark');
    await runtime.saveCheckpoint(spec.labId, 'ex1');
    await ok(spec.labId, 'echo v2 > /root/mark');
    await runtime.saveCheckpoint(spec.labId, 'ex2');
    const names = async (rt: SandboxRuntime = runtime) =>
      (await rt.listCheckpoints(spec.labId)).map((c) => c.name);
    expect(await names()).toEqual(['ex1', 'ex2']);
    // A new server process finds them with no database.
    const restarted = newRuntime();
    const listed = await restarted.listCheckpoints(spec.labId);
    expect(listed.map((c) => c.name)).toEqual(['ex1', 'ex2']);
    for (const c of listed) expect(c.bytes).toBeGreaterThan(0);
    expect((await restarted.listCheckpoints()).filter((c) => c.labId === spec.labId)).toHaveLength(2);

    // Saving under a taken name replaces it (and it becomes the newest); the old image goes.
    const old = (await runtime.listCheckpoints(spec.labId))[0];
    await ok(spec.labId, 'echo v3 > /root/mark');
    const again = await runtime.saveCheckpoint(spec.labId, 'ex1');
    expect(again.createdAt).toBeGreaterThan(old?.createdAt ?? 0);
    expect(await names()).toEqual(['ex2', 'ex1']);
    expect(await imagesOf(spec.labId)).toHaveLength(2);

    // A reset keeps them; a restore makes the lab again even from nothing.
    await runtime.remove(spec.labId);
    expect(await names()).toEqual(['ex2', 'ex1']);
    await restarted.restoreCheckpoint(spec, 'ex1');
    expect(await ok(spec.labId, 'cat /root/mark')).toBe('v3');
    await restarted.restoreCheckpoint(spec, 'ex2');
    expect(await ok(spec.labId, 'cat /root/mark')).toBe('v2');

    // The lab was made from ex2: dropping it, even while the lab is stopped, takes the name, not the
    // layers the lab runs on; it starts again all the same, its grader too.
    await runtime.stop(spec.labId);
    await runtime.dropCheckpoints(spec.labId, ['ex2']);
    await runtime.dropCheckpoints(spec.labId, ['ex2']);
    expect(await names()).toEqual(['ex1']);
    await expect(runtime.restoreCheckpoint(spec, 'ex2')).rejects.toMatchObject({
      reason: 'unknown-checkpoint',
    });
    await runtime.ensureLab(spec);
    expect(await ok(spec.labId, 'cat /root/mark')).toBe('v2');
    expect((await runtime.inspect(spec.labId, 'cat "$LAB_ROOT/root/mark"')).stdout.trim()).toBe('v2');

    // A checkpoint of a restored lab sits on the one it came from (an image chain): each drop is whole.
    await runtime.restoreCheckpoint(spec, 'ex1');
    await ok(spec.labId, 'echo v4 > /root/mark');
    await runtime.saveCheckpoint(spec.labId, 'ex3');
    await runtime.dropCheckpoints(spec.labId, ['ex1']);
    await runtime.restoreCheckpoint(spec, 'ex3');
    expect(await ok(spec.labId, 'cat /root/mark')).toBe('v4');

    await runtime.dropCheckpoints(spec.labId);
    await runtime.dropCheckpoints(spec.labId);
    expect(await names()).toEqual([]);
    // Once no machine uses them, nothing of the lab's checkpoints is left on the host.
    await runtime.remove(spec.labId);
    await runtime.dropCheckpoints(spec.labId);
    expect(await imagesOf(spec.labId)).toEqual([]);
  });

  it('rejects an unknown checkpoint and leaves the lab as it was', async () => {
    const spec = newSpec();
    const info = await runtime.ensureLab(spec);
    await ok(spec.labId, 'echo here > /root/mark');
    await expect(runtime.restoreCheckpoint(spec, 'nope')).rejects.toMatchObject({
      reason: 'unknown-checkpoint',
    });
    await expect(runtime.restoreCheckpoint(spec, 'Not a name')).rejects.toMatchObject({
      reason: 'unknown-checkpoint',
    });
    await expect(runtime.saveCheckpoint(spec.labId, 'Not a name')).rejects.toMatchObject({
      reason: 'sandbox-error',
    });
    expect(await runtime.poll(spec.labId)).toMatchObject({ state: 'running', containerId: info.containerId });
    expect(await ok(spec.labId, 'cat /root/mark')).toBe('here');
    await expect(
      runtime.saveCheckpoint(`ck-missing-${randomBytes(3).toString('hex')}`, 'ex1'),
    ).rejects.toMatchObject({
      reason: 'lab-not-running',
    });
  });

  it('runs a restored lab’s checks with the environment’s programs, not ones the learner planted', async () => {
    const spec = newSpec();
    await runtime.ensureLab(spec);
    // Root in the lab replaces a program a check would call, then passes an exercise (a checkpoint).
    await ok(
      spec.labId,
      'printf "#!/bin/sh\\necho forged\\n" > /usr/bin/whoami && chmod 755 /usr/bin/whoami',
    );
    expect(await ok(spec.labId, 'whoami')).toBe('forged');
    await runtime.saveCheckpoint(spec.labId, 'planted');
    await runtime.restoreCheckpoint(spec, 'planted');
    expect(await ok(spec.labId, 'whoami')).toBe('forged'); // the learner's files came back…
    const graded = await runtime.inspect(spec.labId, 'whoami', { timeoutMs: 30_000 });
    expect(graded.stdout.trim()).toBe('root'); // …but the grader runs the environment's image
  });

  it('restores a lab born in the pool as a normal lab of its user', async () => {
    const spec = newSpec();
    const poolId = `ckpool-${randomBytes(5).toString('hex')}`;
    labs.add(poolId);
    await runtime.createPooled({ poolId, courseId: spec.courseId, image: base });
    await runtime.claim(poolId, spec.labId);
    expect((await runtime.poll(spec.labId)).pooled).toEqual({ courseId: spec.courseId, claimed: true });
    await ok(spec.labId, 'echo pooled > /root/mark');
    await runtime.saveCheckpoint(spec.labId, 'ex1');
    await ok(spec.labId, 'rm /root/mark');
    const info = await runtime.restoreCheckpoint(spec, 'ex1');
    expect(await ok(spec.labId, 'cat /root/mark')).toBe('pooled');
    await expectNormalLab(spec);
    expect(await runtime.poll(poolId)).toEqual({ labId: poolId, state: 'missing' });
    const labels = (await docker.getContainer(info.containerId as string).inspect()).Config.Labels;
    expect(labels).toMatchObject({
      'atelier.lab': spec.labId,
      'atelier.group': spec.labId,
      'atelier.user': 'u-ck',
    });
    expect(labels['atelier.pool'] ?? '').toBe('');
  });

  it('saves and restores every machine of a two-machine lab', async () => {
    const spec = newSpec(['web', 'db']);
    await runtime.ensureLab(spec);
    await ok(spec.labId, 'echo front > /root/site', 'web');
    await ok(spec.labId, 'echo rows > /root/data', 'db');
    const saved = await runtime.saveCheckpoint(spec.labId, 'ex1');
    expect(saved.bytes).toBeGreaterThan(0);
    expect(await imagesOf(spec.labId)).toHaveLength(2);
    await ok(spec.labId, 'rm /root/site', 'web');
    await ok(spec.labId, 'rm /root/data', 'db');
    await runtime.restoreCheckpoint(spec, 'ex1');
    expect(await ok(spec.labId, 'cat /root/site', 'web')).toBe('front');
    expect(await ok(spec.labId, 'cat /root/data', 'db')).toBe('rows');
    expect(await ok(spec.labId, 'hostname', 'db')).toBe('db');
    // Still one lab on its own network: web reaches db by name.
    expect(await ok(spec.labId, 'getent hosts db >/dev/null && echo found', 'web')).toBe('found');
    await expectNormalLab(spec);
  });
});
