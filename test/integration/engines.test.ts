// Several Docker Engines, both real: the default one and a second dockerd the test starts (its own data root,
// bridge and containerd, mutual TLS on loopback). A class spreads over both; a lab on the second is reached
// end to end (terminal, check, reset); the second is killed mid-class (labs on the first go on, its learners
// are told, new labs go to the first), comes back (its labs adopted again), is drained, and comes back empty.
import fs from 'node:fs';
import Dockerode from 'dockerode';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { localEngine } from '../../server/sandbox/engine-config.js';
import { userWithRole } from '../support/classes-support.js';
import { waitFor } from '../support/instance-containers.js';
import { SECOND_ENGINE_LAB_SUBNETS, startSecondEngine, type SecondEngine } from '../support/second-engine.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { spawnServer } from '../support/server-process.js';
import { collectOutput, connectSocket, type TestSocket } from '../support/socket-client.js';

let e2: SecondEngine;
let server: TestServer;
const sockets: TestSocket[] = [];
const statuses: { user: string; labId: string; state: string; reason?: string; message?: string }[] = [];
let exercisesDir: string;
let enginesEnv: string;
/** The labs left to remove once the last test restarted the server as a process of its own. */
let restarted: string[] | undefined;

type Learner = { name: string; http: ReturnType<typeof httpClient>; labId: string; socket: TestSocket };
const learners: Learner[] = [];

async function learner(name: string): Promise<Learner> {
  const http = httpClient(server.url);
  expect((await http.post('/api/auth/register', { username: name, password: 'correct horse' })).status).toBe(
    201,
  );
  const lab = await http.post('/api/labs', { courseId: 'premiers-pas' });
  expect(lab.status, JSON.stringify(lab.body)).toBe(200);
  const socket = await connectSocket(server.url, http.cookie);
  sockets.push(socket);
  socket.on('lab:status', (p) => statuses.push({ user: name, ...p }));
  const l = { name, http, labId: lab.body.id as string, socket };
  learners.push(l);
  return l;
}

const engineOf = (labId: string) => server.sandbox.engines.engineOf(labId);
const onEngine = (name: string) => learners.filter((l) => engineOf(l.labId) === name);
const echo = async (labId: string) => (await server.runtime.exec(labId, ['echo', 'ok'])).stdout.trim();

beforeAll(async () => {
  e2 = await startSecondEngine({ name: 'e2' });
  // Only the base environment: the second engine gets it (and the terminal holder) copied from the first.
  exercisesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-engines-ex-'));
  fs.cpSync(path.resolve('exercises/base'), path.join(exercisesDir, 'base'), { recursive: true });
  const engines = [
    { ...localEngine(undefined), capacity: { labs: 3 } },
    { ...e2.engineConfig({ labSubnets: SECOND_ENGINE_LAB_SUBNETS }), capacity: { labs: 3 } },
  ].map(({ capacity, ...e }) => ({ ...e, capacity: { labs: capacity.labs } }));
  enginesEnv = JSON.stringify(engines);
  server = await startTestServer({
    env: { ATELIER_ENGINES: enginesEnv, ATELIER_EXERCISES_DIR: exercisesDir },
  });
  const log = () => undefined;
  await server.sandbox.images.ensureBaseOs(log);
  const staged = await server.sandbox.images.buildStaged({ first: ['base'], order: [] }, log);
  await staged.rest();
  expect(server.sandbox.engines.status().map((v) => [v.name, v.images.ready, v.images.total])).toEqual([
    ['local', 2, 2],
    ['e2', 2, 2],
  ]);
  await server.sandbox.events.start(server.app.onLabEvent);
}, 300_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  server?.sandbox.events.stop();
  if (restarted) await Promise.all(restarted.map((id) => server.runtime.remove(id).catch(() => undefined)));
  else await server?.close();
  await e2?.stop();
  if (exercisesDir) fs.rmSync(exercisesDir, { recursive: true, force: true });
}, 120_000);

describe('labs over two Docker Engines (both real)', () => {
  it('reaches the second engine over mutual TLS only', async () => {
    const { port } = new URL(e2.url.replace('tcp:', 'https:'));
    const noCert = new Dockerode({
      protocol: 'https',
      host: '127.0.0.1',
      port,
      ca: fs.readFileSync(e2.tls.ca),
    });
    await expect(noCert.version()).rejects.toThrow();
    await expect(new Dockerode({ protocol: 'http', host: '127.0.0.1', port }).version()).rejects.toThrow();
    expect(server.sandbox.engines.status()[1]).toMatchObject({
      name: 'e2',
      address: e2.url,
      state: 'active',
    });
  });

  it('spreads a class over both engines, each lab on the engine that holds it', async () => {
    for (const name of ['ana', 'bea', 'cyril', 'dora']) await learner(name);
    expect(onEngine('local')).toHaveLength(2);
    expect(onEngine('e2')).toHaveLength(2);
    // Seen from outside: the second engine really runs them.
    const there = await e2.docker().listContainers({ filters: { name: [`${server.instance}-lab-`] } });
    expect(there.map((c) => c.Names[0]!.split('-lab-')[1]).sort()).toEqual(
      onEngine('e2')
        .map((l) => l.labId)
        .sort(),
    );
    const views = server.sandbox.engines.status();
    expect(views.map((v) => [v.name, v.state, v.used.labs, v.free.labs])).toEqual([
      ['local', 'active', 2, 1],
      ['e2', 'active', 2, 1],
    ]);
  });

  it('reaches a lab on the second engine end to end: terminal, check, reset', async () => {
    const l = onEngine('e2')[0]!;
    const term: { id?: string } = {};
    const out = collectOutput(l.socket, () => term.id);
    const ack = await l.socket.emitWithAck('terminal:open', { labId: l.labId, cols: 100, rows: 30 });
    term.id = ack.ok ? ack.terminalId : undefined;
    await out.waitFor(/root@lab/);
    l.socket.emit('terminal:input', {
      terminalId: term.id!,
      data: 'mkdir -p /root/projet/{docs,scripts,archives} && echo fait\r',
    });
    await out.waitFor(/\rfait\r\n/);
    const check = await l.http.post(`/api/labs/${l.labId}/check`, { exerciseId: 'dossiers' });
    expect(check.body.passed).toBe(true);
    const reset = await l.http.post(`/api/labs/${l.labId}/reset`);
    expect(reset.status).toBe(200);
    expect((await server.runtime.exec(l.labId, ['test', '-d', '/root/projet'])).exitCode).toBe(1);
    await l.socket.emitWithAck('terminal:close', { terminalId: term.id! }).catch(() => undefined);
  });

  it('keeps a multi-machine lab on one engine, its machines reaching each other there', async () => {
    const base = `${loadConfig().imagePrefix}/base`;
    const labId = 'engines-duo';
    server.sandbox.engines.setMode('local', 'draining');
    try {
      await server.runtime.ensureLab({
        labId,
        userId: 'u',
        courseId: 'c',
        image: base,
        machines: [
          { name: 'web', image: base },
          { name: 'db', image: base },
        ],
      });
      expect(engineOf(labId)).toBe('e2');
      const ping = await server.runtime.exec(
        labId,
        ['bash', '-c', 'getent hosts db >/dev/null && echo seen'],
        {
          machine: 'web',
        },
      );
      expect(ping.stdout.trim()).toBe('seen');
    } finally {
      server.sandbox.engines.setMode('local', 'active');
      await server.runtime.remove(labId);
    }
  });

  it('an engine killed mid-class: the others go on, its learners are told, new labs go elsewhere', async () => {
    const onE2 = onEngine('e2');
    const onLocal = onEngine('local');
    statuses.length = 0;
    await e2.kill();
    await waitFor('e2 marked down', () => server.sandbox.engines.status()[1]!.state === 'down', 15_000);
    await waitFor(
      'its learners told',
      () => onE2.every((l) => statuses.some((s) => s.user === l.name)),
      5_000,
    );
    for (const l of onE2)
      expect(statuses.find((s) => s.user === l.name)).toMatchObject({
        labId: l.labId,
        state: 'unavailable',
        reason: 'engine-down',
        message: expect.stringMatching(/^Machine indisponible/),
      });
    expect(statuses.filter((s) => onLocal.some((l) => l.name === s.user))).toEqual([]);
    for (const l of onLocal) expect(await echo(l.labId)).toBe('ok');
    // Its learners' machines answer « machine indisponible », not an error of ours.
    const again = await onE2[0]!.http.post('/api/labs', { courseId: 'premiers-pas' });
    expect(again.status).toBe(503);
    expect(again.body.error).toMatchObject({ reason: 'engine-down' });
    // One who cannot wait resets: a new machine on the engine that answers.
    const impatient = onE2[1]!;
    const reset = await impatient.http.post(`/api/labs/${impatient.labId}/reset`);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(engineOf(impatient.labId)).toBe('local');
    expect(await echo(impatient.labId)).toBe('ok');
    // The first engine is full now (3 labs): nothing can take another.
    const http = httpClient(server.url);
    await http.post('/api/auth/register', { username: 'fred', password: 'correct horse' });
    const refused = await http.post('/api/labs', { courseId: 'premiers-pas' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ reason: 'no-engine' });
    expect(refused.body.error.message).toMatch(/local: full; e2: down \(connect ECONNREFUSED/);
  });

  it('an engine that comes back: its labs are adopted again and their learners told', async () => {
    const onE2 = onEngine('e2');
    statuses.length = 0;
    await e2.start();
    await waitFor('e2 up', () => server.sandbox.engines.status()[1]!.state === 'active', 15_000);
    await waitFor(
      'its learners told',
      () => onE2.every((l) => statuses.some((s) => s.user === l.name)),
      15_000,
    );
    for (const l of onE2) {
      expect(statuses.find((s) => s.user === l.name)).toMatchObject({ reason: 'engine-back' });
      await waitFor('lab running again', async () => (await echo(l.labId).catch(() => '')) === 'ok', 30_000);
    }
    // The machine left behind by the reset went when its engine answered.
    const left = await e2
      .docker()
      .listContainers({ all: true, filters: { name: [`${server.instance}-lab-`] } });
    expect(left.map((c) => c.Names[0]!.split('-lab-')[1])).toEqual(onE2.map((l) => l.labId));
  });

  it('draining sends new labs elsewhere and leaves running ones be', async () => {
    const admin = (await userWithRole(server, 'root-admin', 'admin')).client;
    const drained = await admin.post('/api/admin/engines/e2/mode', { mode: 'draining' });
    expect(drained.status, JSON.stringify(drained.body)).toBe(200);
    expect(drained.body).toMatchObject({ name: 'e2', state: 'draining' });
    // Room on the first engine for one more.
    await server.runtime.stop(onEngine('local')[0]!.labId);
    const gus = await learner('gus');
    expect(engineOf(gus.labId)).toBe('local');
    for (const l of onEngine('e2')) expect(await echo(l.labId)).toBe('ok');
    await admin.post('/api/admin/engines/e2/mode', { mode: 'active' });
  });

  it('an engine that comes back empty: its labs are lost, recreated at the next start', async () => {
    const onE2 = onEngine('e2');
    statuses.length = 0;
    await e2.wipe();
    await e2.start();
    await waitFor(
      'its learners told',
      () => onE2.every((l) => statuses.some((s) => s.reason === 'lost' && s.user === l.name)),
      30_000,
    );
    const l = onE2[0]!;
    expect((await l.http.get('/api/labs')).body[0]).toMatchObject({ id: l.labId, state: 'missing' });
    // Its images come back too (copied from the first engine), then it takes labs again.
    await waitFor(
      'e2 images copied again',
      () => server.sandbox.engines.status()[1]!.images.ready === 2,
      120_000,
    );
    const again = await l.http.post('/api/labs', { courseId: 'premiers-pas' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(await echo(l.labId)).toBe('ok');
  });

  it('a server restart while an engine is down: its labs are known to be there and come back with it', async () => {
    const l = onEngine('e2')[0]!;
    restarted = server.app.repos.labs.listAll().map((r) => r.id);
    server.sandbox.events.stop();
    await server.close({ keepLabs: true });
    await e2.kill();
    const env = { ATELIER_ENGINES: enginesEnv, ATELIER_EXERCISES_DIR: exercisesDir };
    const proc = await spawnServer({ dataDir: server.dataDir, instance: server.instance, env });
    try {
      expect(proc.output()).toMatch(/labs: \d+ adopted/);
      const http = httpClient(proc.url);
      await http.post('/api/auth/login', { username: l.name, password: 'correct horse' });
      // Not lost: stopped where it is, « machine indisponible » until its engine answers.
      expect((await http.get('/api/labs')).body[0]).toMatchObject({ id: l.labId, state: 'stopped' });
      const down = await http.post('/api/labs', { courseId: 'premiers-pas' });
      expect(down.body.error).toMatchObject({ reason: 'engine-down' });
      await e2.start();
      const back = await waitFor(
        'the lab started again on its engine',
        async () => {
          const r = await http.post('/api/labs', { courseId: 'premiers-pas' });
          return r.status === 200 && r.body;
        },
        30_000,
      );
      expect(back).toMatchObject({ id: l.labId, state: 'running' });
      const there = await e2
        .docker()
        .listContainers({ filters: { name: [`${server.instance}-lab-${l.labId}`] } });
      expect(there).toHaveLength(1);
    } finally {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
    // A second dockerd restarting must leave the default engine's bridge alone.
    expect(fs.existsSync('/sys/class/net/docker0')).toBe(true);
  });
});
