// Idle culling and the disk watchdog against the real Engine. Sweeps are run with a `now` in the future
// instead of waiting for the clock.
import { afterEach, describe, expect, it } from 'vitest';
import { docker } from '../support/docker-client.js';
import { instanceContainers } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { collectOutput, connectSocket, type TestSocket } from '../support/socket-client.js';

const course = { courseId: 'premiers-pas' };
const sockets: TestSocket[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  if (!server) return;
  const { instance } = server;
  await server.close();
  server = undefined;
  expect(await instanceContainers(instance)).toEqual([]);
});

/** A learner with a running lab and an open terminal. */
async function learnerWithShell(name: string) {
  const http = httpClient(server!.url);
  await http.post('/api/auth/register', { username: name, password: 'correct horse' });
  const lab = (await http.post('/api/labs', course)).body;
  const socket = await connectSocket(server!.url, http.cookie);
  sockets.push(socket);
  const statuses: { state: string; reason?: string; message?: string }[] = [];
  socket.on('lab:status', (p) => statuses.push(p));
  const exits: string[] = [];
  socket.on('terminal:exit', (p) => exits.push(p.terminalId));
  const open = async () => {
    const term: { id?: string } = {};
    const out = collectOutput(socket, () => term.id);
    const ack = await socket.emitWithAck('terminal:open', { labId: lab.id, cols: 80, rows: 24 });
    if (!ack.ok) throw new Error(ack.message);
    term.id = ack.terminalId;
    const run = async (cmd: string, expected: string | RegExp) => {
      socket.emit('terminal:input', { terminalId: term.id!, data: `${cmd}\r` });
      return out.waitFor(expected, 30_000);
    };
    return { terminalId: term.id, run };
  };
  return { http, lab, socket, statuses, exits, open };
}

const inspect = (id: string) => docker.getContainer(id).inspect();

describe('idle culling (real Docker)', () => {
  it('stops an idle lab; a new terminal brings it back with its files', async () => {
    server = await startTestServer({ env: { ATELIER_IDLE_TIMEOUT_MIN: '30' } });
    const alice = await learnerWithShell('alice');
    const shell = await alice.open();
    await shell.run('echo kept > /root/kept.txt; cat /root/kept.txt', 'kept\r\n');
    const { containerId } = await server.runtime.poll(alice.lab.id);

    const r = await server.app.labs.lifecycle.sweep(Date.now() + 31 * 60_000);
    expect(r.idle).toEqual([alice.lab.id]);
    expect((await inspect(containerId!)).State.Running).toBe(false); // stopped, not removed
    expect(alice.statuses.at(-1)).toMatchObject({ state: 'stopped', reason: 'idle' });
    expect(alice.statuses.at(-1)?.message).toMatch(/30 min/);
    expect(alice.exits).toEqual([shell.terminalId]);

    const back = await alice.open();
    await back.run('cat /root/kept.txt', 'kept\r\n');
    expect((await server.runtime.poll(alice.lab.id)).containerId).toBe(containerId);
    expect((await inspect(containerId!)).State.Running).toBe(true);
  });

  it('leaves a lab alone while its learner types', async () => {
    server = await startTestServer({ env: { ATELIER_IDLE_TIMEOUT_MIN: '30' } });
    const bob = await learnerWithShell('bob');
    const shell = await bob.open();
    await shell.run('true', /# $/);
    const r = await server.app.labs.lifecycle.sweep(Date.now() + 29 * 60_000);
    expect(r.idle).toEqual([]);
    expect((await server.runtime.poll(bob.lab.id)).state).toBe('running');
  });
});

describe('disk watchdog (real Docker)', () => {
  it('stops a lab over its quota with a message; a full host refuses new labs', async () => {
    server = await startTestServer({ env: { ATELIER_LAB_DISK_MB: '40' } });
    const carol = await learnerWithShell('carol');
    const shell = await carol.open();
    await shell.run('head -c 50M /dev/zero > /root/big && echo written-$((6*7))', 'written-42');
    expect((await server.runtime.diskUsage(carol.lab.id))?.bytes).toBeGreaterThan(40 * 1024 * 1024);

    expect(await server.app.labs.lifecycle.disk.poll()).toEqual([carol.lab.id]);
    expect((await server.runtime.poll(carol.lab.id)).state).toBe('stopped');
    const status = carol.statuses.at(-1);
    expect(status).toMatchObject({ state: 'stopped', reason: 'disk-quota' });
    expect(status?.message).toMatch(/quota disque \(5\d Mo écrits pour 40 Mo permis\)/);
    // Restarting is allowed, so the learner can clean up; the next poll is then satisfied.
    const again = await carol.open();
    await again.run('rm /root/big && echo cleaned-$((6*7))', 'cleaned-42');
    expect(await server.app.labs.lifecycle.disk.poll()).toEqual([]);
    await server.close();
    server = undefined;

    // A floor far above any real disk's free space: no new lab may start, nothing is created.
    server = await startTestServer({ env: { ATELIER_HOST_MIN_FREE_MB: '9000000' } });
    const dave = httpClient(server.url);
    await dave.post('/api/auth/register', { username: 'dave', password: 'correct horse' });
    const res = await dave.post('/api/labs', course);
    expect(res.status).toBe(503);
    expect(res.body.error.reason).toBe('host-disk-full');
    expect(await instanceContainers(server.instance)).toEqual([]);
  });
});
