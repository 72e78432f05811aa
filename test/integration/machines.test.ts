// Multi-machine labs against the real Engine: machines reach each other by name on their lab's private
// network (what they cannot reach: test/security/lab-network.test.ts), a reset and a removal leave no network behind, strays from a crash are pruned, the preview
// relay reaches a machine's port from inside the lab.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';
import type { LabSpec } from '../../server/sandbox/sandbox-runtime.js';
import { docker } from '../support/docker-client.js';

const config = loadConfig();
const instance = `${config.imagePrefix}-mm`;
const runtime = createSandbox({ ...config, instance }).runtime;
const base = `${config.imagePrefix}/base`;
const spec = (machines = ['web', 'db']): LabSpec => ({
  labId: `mm-${randomBytes(5).toString('hex')}`,
  userId: 'u-mm',
  courseId: 'c-mm',
  image: base,
  machines: machines.map((name) => ({ name, image: base })),
});
const labs = new Set<string>();
const sh = async (labId: string, machine: string, script: string) => {
  const r = await runtime.exec(labId, ['bash', '-c', script], { machine, timeoutMs: 15_000 });
  return { ...r, out: r.stdout.trim() };
};
const networksOf = async (group: string) =>
  (await docker.listNetworks({ filters: { label: [`atelier.group=${group}`] } })).map((n) => n.Name);

afterAll(async () => {
  for (const id of labs) await runtime.remove(id).catch(() => undefined);
});

describe('multi-machine labs', () => {
  it('gives each machine its hostname and lets machines reach each other by name', async () => {
    const lab = spec();
    labs.add(lab.labId);
    const info = await runtime.ensureLab(lab);
    expect(info.state).toBe('running');
    expect((await sh(lab.labId, 'web', 'hostname')).out).toBe('web');
    expect((await sh(lab.labId, 'db', 'hostname')).out).toBe('db');
    // db listens, web connects by name.
    await runtime.exec(
      lab.labId,
      [
        'bash',
        '-c',
        'nohup perl -MIO::Socket::INET -e \'$s=IO::Socket::INET->new(LocalPort=>5432,Listen=>5,ReuseAddr=>1);while($c=$s->accept){print $c "db-here\\n";close $c}\' >/dev/null 2>&1 &',
      ],
      { machine: 'db' },
    );
    await expect
      .poll(async () => (await sh(lab.labId, 'web', 'timeout 2 bash -c "cat < /dev/tcp/db/5432"')).out, {
        timeout: 5_000,
      })
      .toBe('db-here');
    // The default machine is the first one.
    expect((await runtime.exec(lab.labId, ['hostname'])).stdout.trim()).toBe('web');
    await expect(runtime.exec(lab.labId, ['true'], { machine: 'nope' })).rejects.toMatchObject({
      reason: 'unknown-machine',
    });
  });

  it('removes every machine and the network with the lab, and a reset makes them again', async () => {
    const lab = spec(['web', 'db', 'backup']);
    labs.add(lab.labId);
    await runtime.ensureLab(lab);
    expect(await networksOf(lab.labId)).toHaveLength(1);
    await runtime.exec(lab.labId, ['touch', '/root/mark'], { machine: 'backup' });
    await runtime.remove(lab.labId);
    expect(await networksOf(lab.labId)).toEqual([]);
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`atelier.group=${lab.labId}`] },
    });
    expect(left).toEqual([]);
    await runtime.ensureLab(lab);
    const r = await sh(lab.labId, 'backup', 'test -e /root/mark; echo $?');
    expect(r.out).toBe('1');
  });

  it('hands a whole pool lab over on claim, and a restarted server finds every machine', async () => {
    const poolId = `pool-${randomBytes(5).toString('hex')}`;
    const labId = `mm-${randomBytes(5).toString('hex')}`;
    labs.add(labId).add(poolId);
    const machines = ['web', 'db'].map((name) => ({ name, image: base }));
    await runtime.createPooled({ poolId, courseId: 'c-mm', image: base, machines });
    await runtime.exec(poolId, ['touch', '/root/from-pool'], { machine: 'db' });
    await runtime.claim(poolId, labId);
    expect((await runtime.poll(poolId)).state).toBe('missing');
    expect((await sh(labId, 'db', 'ls /root/from-pool')).out).toBe('/root/from-pool');
    // A new process knows nothing in memory: it reads the lab's layout from its labels.
    const restarted = createSandbox({ ...config, instance }).runtime;
    expect((await restarted.poll(labId)).state).toBe('running');
    await restarted.stop(labId);
    expect((await restarted.poll(labId)).state).toBe('stopped');
    await restarted.ensureLab({ labId, userId: 'u-mm', courseId: 'c-mm', image: base, machines });
    const r = await restarted.exec(labId, ['hostname'], { machine: 'db' });
    expect(r.stdout.trim()).toBe('db');
    await restarted.remove(labId);
    expect(await networksOf(poolId)).toEqual([]);
  });

  it('says clearly when the subnet range is full, and reuses a subnet once its lab is gone', async () => {
    // A range of exactly one /28, its own instance: the second lab finds no room.
    const tiny = createSandbox({
      ...config,
      instance: `${instance}-tiny`,
      labSubnets: '10.214.7.0/28',
    }).runtime;
    const [a, b] = [spec(), spec()];
    await tiny.ensureLab(a);
    try {
      await expect(tiny.ensureLab(b)).rejects.toMatchObject({
        reason: 'no-subnet',
        message: expect.stringMatching(/all 1 subnets of ATELIER_LAB_SUBNETS 10.214.7.0\/28/),
      });
      // Nothing is left behind by the refused lab.
      expect(await networksOf(b.labId)).toEqual([]);
      await tiny.remove(a.labId);
      await tiny.ensureLab(b);
      expect((await tiny.exec(b.labId, ['hostname'], { machine: 'db' })).stdout.trim()).toBe('db');
    } finally {
      await tiny.remove(a.labId);
      await tiny.remove(b.labId);
    }
  });

  it('prunes machines and networks left without their lab', async () => {
    const lab = spec();
    labs.add(lab.labId);
    await runtime.ensureLab(lab);
    // A crash that took only the default machine away.
    await docker.getContainer(`${instance}-lab-${lab.labId}`).remove({ force: true });
    expect(await runtime.pruneStrays()).toBeGreaterThanOrEqual(2);
    expect(await networksOf(lab.labId)).toEqual([]);
  });

  it('connects to a port of any machine from inside the lab (the preview relay)', async () => {
    const lab = spec();
    labs.add(lab.labId);
    await runtime.ensureLab(lab);
    for (const m of ['web', 'db'])
      await runtime.exec(
        lab.labId,
        [
          'bash',
          '-c',
          `nohup perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>8080,Listen=>5,ReuseAddr=>1);while($c=$s->accept){<$c>;print $c "HTTP/1.0 200 OK\\r\\n\\r\\nhello from ${m}";close $c}' >/dev/null 2>&1 &`,
        ],
        { machine: m },
      );
    const fetchVia = async (machine: string) => {
      const conn = await runtime.connect(lab.labId, { machine, port: 8080 });
      const chunks: Buffer[] = [];
      conn.on('data', (c: Buffer) => chunks.push(c));
      conn.write('GET / HTTP/1.0\r\n\r\n');
      await new Promise((r) => conn.once('end', r));
      conn.destroy();
      return Buffer.concat(chunks).toString();
    };
    await expect
      .poll(() => fetchVia('db').catch((e: Error) => e.message), { timeout: 5_000 })
      .toMatch(/hello from db$/);
    expect(await fetchVia('web')).toMatch(/hello from web$/);
    await expect(runtime.connect(lab.labId, { machine: 'db', port: 9 })).rejects.toMatchObject({
      reason: 'port-closed',
    });
  });
});
