import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOutput, connectSocket, type TestSocket } from '../support/socket-client.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

describe('server + terminal over Socket.IO (real Docker)', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  const open = async (cookie: string) => {
    const s = await connectSocket(server.url, cookie);
    sockets.push(s);
    return s;
  };

  it('answers health with the Docker version', async () => {
    const res = await httpClient(server.url).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', docker: { ok: true } });
  });

  it('rejects bad input with a reason', async () => {
    const alice = httpClient(server.url);
    expect((await alice.post('/api/auth/register', '{"username":')).body.error.reason).toBe('malformed-json');
    expect((await alice.post('/api/auth/register', { username: 'a', password: 'x' })).status).toBe(400);
    await alice.post('/api/auth/register', { username: 'nobody-course', password: 'long enough pw' });
    const res = await alice.post('/api/labs', { courseId: 'no-such-course' });
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toBe('unknown-course');
    expect((await httpClient(server.url).post('/api/labs', { courseId: 'premiers-pas' })).status).toBe(401);
  });

  it('registers, starts a lab, types, reconnects with replay; another user cannot reach it', async () => {
    const alice = httpClient(server.url);
    expect(
      (await alice.post('/api/auth/register', { username: 'alice', password: 'correct horse' })).status,
    ).toBe(201);
    const lab = await alice.post('/api/labs', { courseId: 'premiers-pas' });
    expect(lab.status).toBe(200);
    expect(lab.body).toMatchObject({ courseId: 'premiers-pas', state: 'running' });
    const again = await alice.post('/api/labs', { courseId: 'premiers-pas' });
    expect(again.body.id).toBe(lab.body.id);

    const ids: { first?: string; second?: string } = {};
    const s1 = await open(alice.cookie);
    const out = collectOutput(s1, () => ids.first);
    const ack = await s1.emitWithAck('terminal:open', { labId: lab.body.id, cols: 80, rows: 24 });
    expect(ack.ok).toBe(true);
    ids.first = ack.ok ? ack.terminalId : undefined;
    const terminalId = ids.first;
    s1.emit('terminal:input', {
      terminalId: terminalId!,
      data: 'echo $((6*7)) > /root/answer; cat /root/answer\r',
    });
    await out.waitFor(/[\r\n]42\r\n/);

    // Page reload: a new socket for the same lab gets the same shell and the recent screen back.
    s1.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    const s2 = await open(alice.cookie);
    // The replay arrives before the ack: accept output for the shell we expect back.
    const out2 = collectOutput(s2, () => ids.second ?? terminalId);
    const ack2 = await s2.emitWithAck('terminal:open', { labId: lab.body.id, cols: 100, rows: 30 });
    expect(ack2).toMatchObject({ ok: true, terminalId, replayed: true });
    ids.second = terminalId;
    const id2 = ids.second;
    await out2.waitFor('42');
    s2.emit('terminal:input', { terminalId: id2!, data: 'stty size\r' });
    await out2.waitFor('30 100');

    // Bob cannot open a terminal on Alice's lab, nor type into her terminal, nor check it.
    const bob = httpClient(server.url);
    await bob.post('/api/auth/register', { username: 'bob', password: 'correct horse' });
    const sb = await open(bob.cookie);
    const denied = await sb.emitWithAck('terminal:open', { labId: lab.body.id, cols: 80, rows: 24 });
    expect(denied).toMatchObject({ ok: false, reason: 'unknown-lab' });
    const typed = await sb.emitWithAck('terminal:input', { terminalId: terminalId!, data: 'id\r' });
    expect(typed).toMatchObject({ ok: false, reason: 'unknown-terminal' });
    expect((await bob.post(`/api/labs/${lab.body.id}/reset`)).status).toBe(404);
    const bad = await sb.emitWithAck('terminal:open', { labId: '../../etc', cols: 9999, rows: 24 });
    expect(bad).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('refuses a socket without a session and a foreign Origin', async () => {
    await expect(connectSocket(server.url, '')).rejects.toThrow(/not-authenticated/);
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps files across a server restart and adopts the same container', async () => {
    const carol = httpClient(server.url);
    await carol.post('/api/auth/register', { username: 'carol', password: 'correct horse' });
    const lab = await carol.post('/api/labs', { courseId: 'premiers-pas' });
    const before = await server.runtime.poll(lab.body.id);
    await server.runtime.exec(lab.body.id, ['sh', '-c', 'echo kept > /root/kept.txt']);
    // A shell the server never closed: it outlives the server, for the browser to reattach.
    const shell = await server.runtime.openTerminal(lab.body.id, { cols: 80, rows: 24 });
    shell.write('echo before-restart\n');
    const bashes = async () =>
      (await server.runtime.exec(lab.body.id, ['sh', '-c', 'pgrep -c -x bash || true'])).stdout.trim();
    expect(await bashes()).toBe('1');
    const { dataDir, instance } = server;
    await server.close({ keepLabs: true });
    server = await startTestServer({ dataDir, instance });
    const r = await server.app.labs.reconcile();
    expect(r).toMatchObject({ adopted: 2, orphansRemoved: 0 }); // alice's and carol's
    expect(await bashes()).toBe('1');
    const back = await server.runtime.openTerminal(lab.body.id, { cols: 80, rows: 24 }, undefined, shell.id);
    expect(back.id).toBe(shell.id);
    expect(back.replay.toString()).toContain('before-restart');
    await back.close();
    expect(await bashes()).toBe('0');
    const login = httpClient(server.url);
    expect(
      (await login.post('/api/auth/login', { username: 'carol', password: 'correct horse' })).status,
    ).toBe(200);
    const again = await login.post('/api/labs', { courseId: 'premiers-pas' });
    expect(again.body.id).toBe(lab.body.id);
    expect((await server.runtime.poll(lab.body.id)).containerId).toBe(before.containerId);
    const file = await server.runtime.readFile(lab.body.id, '/root/kept.txt');
    expect(file?.toString()).toBe('kept\n');
  });
});
