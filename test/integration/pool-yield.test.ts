// Refills that yield (issue 24), on the real engine: with a learner's start queued behind a full start
// queue, the pool creates no container until that start is done; then it fills. Counts, no timings.
import { afterAll, describe, expect, it } from 'vitest';
import { instanceContainers, waitFor } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { connectSocket, type TestSocket } from '../support/socket-client.js';

let server: TestServer | undefined;
let socket: TestSocket | undefined;

afterAll(async () => {
  socket?.disconnect();
  if (!server) return;
  const { instance } = server;
  await server.close();
  expect(await instanceContainers(instance)).toEqual([]);
});

describe('pool refills yield to learners (real Docker)', () => {
  it('creates no pool container while a learner start is queued or running', async () => {
    server = await startTestServer({
      env: {
        ATELIER_POOL_SIZES: 'premiers-pas=1',
        ATELIER_START_CONCURRENCY: '1',
        // Only the learner's start holds the refill here, not whatever else this machine is doing.
        ATELIER_HOST_BUSY_PRESSURE: '100',
      },
    });
    const { lifecycle } = server.app.labs;
    const { runtime } = server;
    let learnerDone = false;
    const createdDuringStart: boolean[] = [];
    const createPooled = runtime.createPooled.bind(runtime);
    runtime.createPooled = (spec) => (createdDuringStart.push(!learnerDone), createPooled(spec));

    const http = httpClient(server.url);
    await http.post('/api/auth/register', { username: 'alice', password: 'correct horse' });
    socket = await connectSocket(server.url, http.cookie);
    const statuses: string[] = [];
    socket.on('lab:status', (p) => statuses.push(p.state));

    // The only start slot is taken, so alice's start waits in the queue.
    let release!: () => void;
    const held = lifecycle.queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    const post = http.post('/api/labs', { courseId: 'premiers-pas' });
    await waitFor('alice queued', () => statuses.includes('queued'));

    lifecycle.start(); // the boot fill comes while alice waits
    await waitFor('a refill pending', () => lifecycle.pool.stats()[0]?.preparing === 1);
    expect(lifecycle.queue.stats()).toMatchObject({ waiting: 1, waitingPool: 0 }); // not even queued
    expect(createdDuringStart).toEqual([]);

    release();
    await held;
    const lab = (await post).body;
    learnerDone = true;
    expect(lab.state).toBe('running');
    expect(createdDuringStart).toEqual([]);

    // After the rush window, the pool fills.
    await waitFor('pool ready', () => lifecycle.pool.stats()[0]?.ready === 1);
    expect(createdDuringStart.length).toBeGreaterThan(0);
    expect(createdDuringStart.every((during) => !during)).toBe(true);
    const pooled = (await instanceContainers(server.instance)).filter((c) => c.labId.startsWith('pool-'));
    expect(pooled.length).toBeGreaterThan(0);
  });
});
