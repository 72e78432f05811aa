// Warm pool and start queue against the real Engine: a pool container is handed to the next learner
// (setup applied, shell open) and replaced; a burst under a limit of 2 starts is served in order.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { instanceContainers, waitFor } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { collectOutput, connectSocket, type TestSocket } from '../support/socket-client.js';

const course = { courseId: 'premiers-pas' };
const sockets: TestSocket[] = [];
let server: TestServer | undefined;

async function learner(name: string) {
  const http = httpClient(server!.url);
  await http.post('/api/auth/register', { username: name, password: 'correct horse' });
  const socket = await connectSocket(server!.url, http.cookie);
  sockets.push(socket);
  const statuses: (string | number)[] = [];
  socket.on('lab:status', (p) =>
    statuses.push(p.state === 'queued' ? p.position! : p.state === 'starting' ? p.phase! : p.state),
  );
  return { http, socket, statuses };
}

/** Closes the server and proves it left no container behind. */
async function closeServer() {
  sockets.splice(0).forEach((s) => s.disconnect());
  if (!server) return;
  const { instance } = server;
  await server.close();
  server = undefined;
  expect(await instanceContainers(instance)).toEqual([]);
}

afterEach(closeServer);
afterAll(closeServer);

describe('warm pool (real Docker)', () => {
  it('hands out a prepared container with a prompt ready, then refills', async () => {
    server = await startTestServer({ env: { ATELIER_POOL_SIZE: '0', ATELIER_POOL_SIZES: 'premiers-pas=1' } });
    const { pool } = server.app.labs.lifecycle;
    server.app.labs.lifecycle.start();
    await waitFor('pool ready', () => pool.stats()[0]?.ready === 1);
    const [warm] = await instanceContainers(server.instance);
    expect(warm?.labels).toMatchObject({ 'atelier.pool': 'premiers-pas' });

    const alice = await learner('alice');
    const lab = (await alice.http.post('/api/labs', course)).body;
    expect(lab.state).toBe('running');
    const info = await server.runtime.poll(lab.id);
    expect(info).toMatchObject({
      containerId: warm!.id,
      pooled: { courseId: 'premiers-pas', claimed: true },
    });
    // The course setup ran while the container waited in the pool.
    expect((await server.runtime.readFile(lab.id, '/root/bienvenue.txt'))?.toString()).toMatch(/tournesol/);
    expect(alice.statuses).toEqual(['running']); // no queue, no cold start

    const term: { id?: string } = {};
    const out = collectOutput(alice.socket, () => term.id);
    const ack = await alice.socket.emitWithAck('terminal:open', { labId: lab.id, cols: 100, rows: 30 });
    term.id = ack.ok ? ack.terminalId : undefined;
    await out.waitFor(/root@lab/);
    alice.socket.emit('terminal:input', { terminalId: term.id!, data: 'stty size; echo $((6*7))\r' });
    await out.waitFor(/30 100\r\n42\r\n/);

    const refill = await waitFor('pool refilled', async () => {
      const pooled = (await instanceContainers(server!.instance)).filter((c) => c.id !== warm!.id);
      return pool.stats()[0]?.ready === 1 && pooled[0];
    });
    expect(refill.labId).toMatch(/^pool-/);
    // One container per lab id: the claimed one under the lab's name, the new one under a pool id.
    const names = (await instanceContainers(server.instance)).map((c) => c.labId).sort();
    expect(names).toEqual([lab.id, refill.labId].sort());

    // Culled, the claimed container comes back under its lab name (its label still says the pool id).
    expect((await server.app.labs.lifecycle.sweep(Date.now() + 31 * 60_000)).idle).toEqual([lab.id]);
    const reopened = await alice.socket.emitWithAck('terminal:open', { labId: lab.id, cols: 80, rows: 24 });
    expect(reopened.ok).toBe(true);
    expect(await server.runtime.poll(lab.id)).toMatchObject({ state: 'running', containerId: warm!.id });
  });

  it('serves a burst of 10 in order under a limit of 2 concurrent starts', async () => {
    server = await startTestServer({ env: { ATELIER_START_CONCURRENCY: '2' } });
    const { queue } = server.app.labs.lifecycle;
    let inFlight = 0;
    let maxInFlight = 0;
    const ensureLab = server.runtime.ensureLab.bind(server.runtime);
    server.runtime.ensureLab = async (spec) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      return ensureLab(spec).finally(() => inFlight--);
    };
    const learners = [];
    for (let i = 0; i < 10; i++) learners.push(await learner(`learner${i}`));
    // Two starts already hold the slots, so every learner queues and arrival order is known.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = [queue.run(() => held), queue.run(() => held)];
    const posts = [];
    for (const [i, l] of learners.entries()) {
      posts.push(l.http.post('/api/labs', course));
      await waitFor(`learner ${i} queued`, () => l.statuses.length > 0, 10_000);
    }
    release();
    await Promise.all(holders);
    const labs = await Promise.all(posts);
    expect(labs.map((r) => r.body.state)).toEqual(Array(10).fill('running'));
    for (const [i, l] of learners.entries()) {
      const places = Array.from({ length: i + 1 }, (_, k) => i + 1 - k);
      expect(l.statuses, `learner ${i}`).toEqual([...places, 'creating', 'preparing', 'running']);
    }
    expect(maxInFlight).toBe(2);
    expect(new Set(labs.map((r) => r.body.id)).size).toBe(10);
  });
});
