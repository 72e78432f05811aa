// The real server process: killed with SIGKILL it comes back with the same containers (no duplicate,
// orphans and the old warm pool removed); SIGTERM ends it cleanly, labs left running.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';
import { instanceContainers, removeInstanceContainers, waitFor } from '../support/instance-containers.js';
import { httpClient } from '../support/server.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';
import { collectOutput, connectSocket } from '../support/socket-client.js';

const instance = `atelier-r${randomBytes(3).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-restart-'));
// One warm container, for one course only: what the restart must clean up stays countable.
const env = { ATELIER_POOL_SIZE: '0', ATELIER_POOL_SIZES: 'premiers-pas=1' };
const config = loadConfig({ ATELIER_INSTANCE: instance, ATELIER_ENV_FILE: '/nonexistent' });
// Same instance prefix as the server: what it finds in Docker at boot is what this runtime leaves.
const { runtime } = createSandbox({ ...config, lab: { ...config.lab, runtime: '' } });
const course = { courseId: 'premiers-pas' };
const unclaimedPool = async () =>
  (await instanceContainers(instance)).filter((c) => c.labels['atelier.pool'] && c.labId.startsWith('pool-'));

describe('server restart (real process, real Docker)', () => {
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    server = await spawnServer({ dataDir, instance, env });
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await removeInstanceContainers(instance);
    expect(await instanceContainers(instance)).toEqual([]);
  });

  it('re-adopts the same containers after kill -9: no duplicate, orphans and old pool removed', async () => {
    const alice = httpClient(server!.url);
    await alice.post('/api/auth/register', { username: 'alice', password: 'correct horse' });
    const bob = httpClient(server!.url);
    await bob.post('/api/auth/register', { username: 'bob', password: 'correct horse' });
    const a = (await alice.post('/api/labs', course)).body;
    const b = (await bob.post('/api/labs', course)).body;
    expect([a.state, b.state]).toEqual(['running', 'running']);
    await runtime.exec(a.id, ['sh', '-c', 'echo still-here > /root/kept.txt']);
    // A container nobody owns, and a warm-pool container the dead process will never hand out.
    await runtime.ensureLab({ labId: 'orphan0001', userId: 'ghost', courseId: 'x', image: 'atelier/base' });
    const [oldPool] = await waitFor('a ready pool container', async () => {
      const pool = await unclaimedPool();
      return pool.length > 0 && pool;
    });
    const before = new Map((await instanceContainers(instance)).map((c) => [c.labId, c.id]));

    server!.child.kill('SIGKILL');
    expect((await server!.exited).signal).toBe('SIGKILL');
    server = await spawnServer({ dataDir, instance, env });
    expect(server.output()).toMatch(/2 adopted, 0 to recreate on demand/);
    // Containers of no lab go once the server answers (a restart does not wait for them): the orphan and
    // every container of the old pool (1 or 2: the two starts raised its demand).
    await waitFor('orphans removed', () => /[23] orphan containers removed/.test(server!.output()));

    const after = await instanceContainers(instance);
    const labsAfter = after.filter((c) => !c.labId.startsWith('pool-'));
    expect(labsAfter.map((c) => [c.labId, c.id]).sort()).toEqual(
      [
        [a.id, before.get(a.id)],
        [b.id, before.get(b.id)],
      ].sort(),
    );
    expect(after.some((c) => c.id === oldPool!.id || c.labId === 'orphan0001')).toBe(false);
    // The new process refills its own pool: exactly one unclaimed container, not the old one.
    const [newPool] = await waitFor('the pool refilled', async () => {
      const pool = await unclaimedPool();
      return pool.length > 0 && pool;
    });
    expect(newPool!.id).not.toBe(oldPool!.id);

    const again = httpClient(server.url);
    await again.post('/api/auth/login', { username: 'alice', password: 'correct horse' });
    expect((await again.post('/api/labs', course)).body.id).toBe(a.id);
    const socket = await connectSocket(server.url, again.cookie);
    const term: { id?: string } = {};
    const out = collectOutput(socket, () => term.id);
    const ack = await socket.emitWithAck('terminal:open', { labId: a.id, cols: 80, rows: 24 });
    term.id = ack.ok ? ack.terminalId : undefined;
    socket.emit('terminal:input', { terminalId: term.id!, data: 'cat /root/kept.txt\r' });
    await out.waitFor('still-here\r\n');
    socket.disconnect();
    const names = (await instanceContainers(instance)).map((c) => c.labId);
    expect(new Set(names).size).toBe(names.length);
  });

  it('SIGTERM closes sockets and the database within 10 s and leaves labs running', async () => {
    const carol = httpClient(server!.url);
    await carol.post('/api/auth/register', { username: 'carol', password: 'correct horse' });
    const lab = (await carol.post('/api/labs', course)).body;
    const socket = await connectSocket(server!.url, carol.cookie);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const ack = await socket.emitWithAck('terminal:open', { labId: lab.id, cols: 80, rows: 24 });
    expect(ack.ok).toBe(true);

    server!.child.kill('SIGTERM');
    // main.ts exits 1 if its 10 s budget runs out; 0 means everything closed in time.
    expect(await server!.exited).toEqual({ code: 0, signal: null });
    expect(await disconnected).toBeTruthy();
    expect(server!.output()).toMatch(/SIGTERM: draining/);
    // A cleanly closed SQLite database has checkpointed and removed its write-ahead log.
    expect(fs.existsSync(path.join(dataDir, 'atelier.db-wal'))).toBe(false);
    expect((await runtime.poll(lab.id)).state).toBe('running');
    server = undefined;
  });
});
