// The trainer's demo on the real server and Engine: a learner of the class sees the trainer's own shell
// live, a learner who joins late gets the screen replayed, someone outside the class is refused, and no
// watcher can ever write to the trainer's shell.
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, recordedSocket, userWithRole, type Recorder } from '../support/classes-support.js';
import { instanceContainers } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { collectOutput, type TestSocket } from '../support/socket-client.js';

const COURSE = 'premiers-pas';
let server: TestServer | undefined;
const sockets: TestSocket[] = [];

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  if (!server) return;
  const { instance } = server;
  await server.close();
  expect(await instanceContainers(instance)).toEqual([]);
});

/** Everything a watcher received of the demo, as text. */
const demoText = (r: Recorder, from = 0) =>
  r.seen
    .slice(from)
    .filter((s) => s.event === 'demo:output')
    .map((s) => Buffer.from((s.payload as { data: ArrayBuffer }).data).toString('utf8'))
    .join('');

async function joinClass(url: string, code: string, name: string) {
  const client = httpClient(url);
  const res = await client.post('/api/join', { code, displayName: name, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return client;
}

describe('trainer demo (real Docker)', () => {
  it('shows the trainer’s own shell to the class, read-only, replayed for late joiners', async () => {
    server = await startTestServer();
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = (await trainer.post('/api/classes', { name: 'Démo', courseIds: [COURSE] })).body;
    const other = (await trainer.post('/api/classes', { name: 'Autre', courseIds: [COURSE] })).body;
    const lea = await joinClass(server.url, cls.joinCode, 'Léa');
    const tom = await joinClass(server.url, cls.joinCode, 'Tom');
    const outsider = await joinClass(server.url, other.joinCode, 'Zoé');

    // The trainer starts a lab on the course like a learner, and opens its shell.
    const lab = (await trainer.post('/api/labs', { courseId: COURSE })).body;
    expect(lab.state).toBe('running');
    const t = await recordedSocket(server, trainer.cookie, sockets);
    const term = { id: '' };
    const shell = collectOutput(t.socket, () => term.id);
    const opened = await t.socket.emitWithAck('terminal:open', { labId: lab.id, cols: 100, rows: 30 });
    if (!opened.ok) throw new Error(opened.message);
    const terminalId = (term.id = opened.terminalId);
    await shell.waitFor('#');

    // Only a trainer of the class, with their own lab.
    const l = await recordedSocket(server, lea.cookie, sockets);
    const refused = await l.socket.emitWithAck('demo:start', { classId: cls.id, labId: lab.id });
    expect(refused).toMatchObject({ ok: false, reason: 'forbidden' });
    const notHers = await t.socket.emitWithAck('demo:start', { classId: cls.id, labId: 'abcdef0123456789' });
    expect(notHers).toMatchObject({ ok: false, reason: 'unknown-lab' });

    const started = await t.socket.emitWithAck('demo:start', { classId: cls.id, labId: lab.id });
    expect(started).toMatchObject({ ok: true, watchers: 0 });
    await l.next('demo:state', (p) => p.classId === cls.id && p.active && p.by === 'formatrice');
    const current = await l.socket.emitWithAck('demo:current', {});
    expect(current.ok && current.demos.map((d) => [d.classId, d.courseIds])).toEqual([[cls.id, [COURSE]]]);

    // Léa watches: the trainer's size, then the live output.
    const watch = await l.socket.emitWithAck('demo:watch', { classId: cls.id });
    expect(watch).toMatchObject({ ok: true, cols: 100, rows: 30, by: 'formatrice' });
    await t.next('demo:watchers', (p) => p.classId === cls.id && p.count === 1);
    t.socket.emit('terminal:input', { terminalId, data: 'echo demo-$((40+2))\r' });
    await l.next('demo:output');
    await expect.poll(() => demoText(l), { timeout: 10_000 }).toContain('demo-42');

    // Tom opens the page late: the first thing he gets is the whole screen, replayed.
    const m = await recordedSocket(server, tom.cookie, sockets);
    const late = await m.socket.emitWithAck('demo:watch', { classId: cls.id });
    expect(late.ok).toBe(true);
    const first = await m.next('demo:output');
    expect((first.payload as { reset: boolean }).reset).toBe(true);
    expect(demoText(m)).toContain('demo-42');

    // Someone outside the class hears of no demo.
    const z = await recordedSocket(server, outsider.cookie, sockets);
    expect(await z.socket.emitWithAck('demo:watch', { classId: cls.id })).toMatchObject({
      ok: false,
      reason: 'no-demo',
    });
    expect(await z.socket.emitWithAck('demo:current', {})).toEqual({ ok: true, demos: [] });

    // Watchers can never write: there is no demo input, and the trainer's terminal is not theirs.
    const serverSide = server.app.io.sockets.sockets.get(l.socket.id!)!;
    expect(serverSide.listeners('demo:input' as never)).toHaveLength(0);
    const typed = await l.socket.emitWithAck('terminal:input', { terminalId, data: 'echo intrus\r' });
    expect(typed).toMatchObject({ ok: false, reason: 'unknown-terminal' });
    t.socket.emit('terminal:input', { terminalId, data: 'echo fin-$((1+1))\r' });
    await shell.waitFor('fin-2');
    await expect.poll(() => demoText(l), { timeout: 10_000 }).toContain('fin-2');
    expect(shell.text).not.toContain('intrus');

    // The trainer stops: both learners are told, the stream ends.
    const before = l.seen.length;
    expect(await t.socket.emitWithAck('demo:stop', { classId: cls.id })).toEqual({ ok: true });
    await l.next('demo:state', (p) => p.classId === cls.id && !p.active, 10_000, before);
    await m.next('demo:state', (p) => p.classId === cls.id && !p.active);
    expect(await l.socket.emitWithAck('demo:watch', { classId: cls.id })).toMatchObject({
      reason: 'no-demo',
    });
  });
});
