// Pairs on one machine, on the real Docker Engine: two learners paired with a code share the host's lab
// (the partner reaches its routes and opens a shell on it, a third learner reaches nothing), each can type
// in the other's shell, a pass counts for both, the grid and the export show the pair, and leaving gives
// the learner a fresh lab of their own while their progress stays; a host who leaves hands the lab over.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import {
  PASSWORD,
  recordedSocket,
  solution,
  userWithRole,
  type Recorder,
} from '../support/classes-support.js';
import { collectOutput, type TestSocket } from '../support/socket-client.js';

const COURSE = 'premiers-pas';
type Client = ReturnType<typeof httpClient>;

describe('pairs on one machine (Docker)', () => {
  let server: TestServer;
  let anna: Client; // the trainer
  let lea: Client; // the host
  let marc: Client; // the partner
  let zoe: Client; // a learner of the class outside the pair
  const ids: Record<string, string> = {};
  let classId = '';
  let marcOwnLab = '';
  let sharedLab = '';
  const sockets: TestSocket[] = [];
  let leaSocket: Recorder;
  let marcSocket: Recorder;
  let marcTerminal = '';

  beforeAll(async () => {
    server = await startTestServer();
    ({ client: anna } = await userWithRole(server, 'anna', 'trainer'));
    const cls = (await anna.post('/api/classes', { name: 'Projet', courseIds: [COURSE] })).body;
    classId = cls.id;
    const join = async (name: string) => {
      const c = httpClient(server.url);
      const res = await c.post('/api/join', { code: cls.joinCode, displayName: name, password: PASSWORD });
      ids[name] = res.body.user.id;
      return c;
    };
    [lea, marc, zoe] = [await join('Léa'), await join('Marc'), await join('Zoé')];
    // Marc worked alone first: his own lab goes when he leaves the pair.
    marcOwnLab = (await marc.post('/api/labs', { courseId: COURSE })).body.id;
    leaSocket = await recordedSocket(server, lea.cookie, sockets);
    marcSocket = await recordedSocket(server, marc.cookie, sockets);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  it('pairs with a code only where the class allows it', async () => {
    expect((await lea.post('/api/pairs/code', { classId })).body.error.reason).toBe('pairing-not-allowed');
    const patched = await anna.patch(`/api/classes/${classId}`, { learnerPairing: true });
    expect(patched.body.learnerPairing).toBe(true);
    const made = await lea.post('/api/pairs/code', { classId });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body).toMatchObject({ classId, host: true, partner: null });
    expect((await marc.post('/api/pairs/join', { code: 'ZZZZZZ' })).body.error.reason).toBe(
      'unknown-pair-code',
    );
    const joined = await marc.post('/api/pairs/join', { code: made.body.code.toLowerCase() });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toMatchObject({ host: false, partner: 'Léa', partnerId: ids['Léa'] });
    await marcSocket.next('pair:changed', (p) => p.classId === classId);
    const again = await anna.post(`/api/classes/${classId}/pairs`, { userIds: [ids['Léa'], ids['Zoé']] });
    expect(again.body.error.reason).toBe('already-paired');
    const mine = (await lea.get('/api/pairs')).body;
    expect(mine.pairs).toMatchObject([{ partner: 'Marc', host: true, className: 'Projet' }]);
  });

  it('gives both members the host’s lab; another learner reaches nothing of it', async () => {
    sharedLab = (await lea.post('/api/labs', { courseId: COURSE })).body.id;
    const marcStart = await marc.post('/api/labs', { courseId: COURSE });
    expect(marcStart.body.id).toBe(sharedLab);
    const listed = (await marc.get('/api/labs')).body as { id: string }[];
    expect(listed.map((l) => l.id)).toEqual([sharedLab]);
    expect((await marc.post(`/api/labs/${sharedLab}/preview`, {})).status).not.toBe(404);
    expect((await marc.get(`/api/labs/${sharedLab}/checkpoints`)).status).toBe(200);

    expect((await zoe.post(`/api/labs/${sharedLab}/check`, { exerciseId: 'se-reperer' })).status).toBe(404);
    expect((await zoe.post(`/api/labs/${sharedLab}/reset`)).status).toBe(404);
    const zoeSocket = await recordedSocket(server, zoe.cookie, sockets);
    const denied = await zoeSocket.socket.emitWithAck('terminal:open', {
      labId: sharedLab,
      cols: 80,
      rows: 24,
    });
    expect(denied).toMatchObject({ ok: false, reason: 'unknown-lab' });
    const list = await zoeSocket.socket.emitWithAck('pair:terminals', { labId: sharedLab });
    expect(list).toMatchObject({ ok: false, reason: 'unknown-lab' });
  });

  it('opens each member’s shell on the one machine; each can type in the other’s', async () => {
    const marcOut = collectOutput(marcSocket.socket, () => marcTerminal);
    const opened = await marcSocket.socket.emitWithAck('terminal:open', {
      labId: sharedLab,
      cols: 80,
      rows: 24,
    });
    if (!opened.ok) throw new Error(opened.message);
    marcTerminal = opened.terminalId;
    marcSocket.socket.emit('terminal:input', { terminalId: marcTerminal, data: 'echo marc-$((40+2))\r' });
    await marcOut.waitFor('marc-42');

    let leaTerminal = '';
    const leaOut = collectOutput(leaSocket.socket, () => leaTerminal);
    const own = await leaSocket.socket.emitWithAck('terminal:open', { labId: sharedLab, cols: 80, rows: 24 });
    if (!own.ok) throw new Error(own.message);
    leaTerminal = own.terminalId;
    leaSocket.socket.emit('terminal:input', {
      terminalId: leaTerminal,
      data: 'hostname > /tmp/h; echo lea-ok\r',
    });
    await leaOut.waitFor('lea-ok');

    const shells = await leaSocket.socket.emitWithAck('pair:terminals', { labId: sharedLab });
    if (!shells.ok) throw new Error(shells.message);
    const his = shells.terminals.find((t) => !t.mine);
    expect(his).toMatchObject({ terminalId: marcTerminal, name: 'Marc', userId: ids['Marc'] });
    expect(shells.terminals.filter((t) => t.mine)).toHaveLength(1);

    let viewed = '';
    leaSocket.socket.on('pair:output', (p) => (viewed += Buffer.from(p.data as ArrayBuffer).toString()));
    const view = await leaSocket.socket.emitWithAck('pair:attach', {
      labId: sharedLab,
      terminalId: marcTerminal,
    });
    if (!view.ok) throw new Error(view.message);
    expect(view.owner).toBe('Marc');
    const typed = await leaSocket.socket.emitWithAck('pair:input', {
      viewId: view.viewId,
      data: 'cat /tmp/h; echo from-lea-$((20+3))\r',
    });
    expect(typed.ok).toBe(true);
    await marcOut.waitFor('from-lea-23'); // in Marc's own shell, on the machine Léa's shell wrote to
    for (let i = 0; i < 200 && !viewed.includes('from-lea-23'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(viewed).toContain('from-lea-23');
    const zoeSocket = await recordedSocket(server, zoe.cookie, sockets);
    const refused = await zoeSocket.socket.emitWithAck('pair:attach', {
      labId: sharedLab,
      terminalId: marcTerminal,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'unknown-lab' });
  });

  it('counts a pass on the pair’s lab for both members; the grid and the export show the pair', async () => {
    const solved = await server.runtime.exec(sharedLab, ['bash', '-s'], {
      stdin: solution(COURSE, 'se-reperer'),
    });
    expect(solved.exitCode).toBe(0);
    const from = leaSocket.seen.length;
    const res = await marc.post(`/api/labs/${sharedLab}/check`, { exerciseId: 'se-reperer' });
    expect(res.body.passed).toBe(true);
    await leaSocket.next('check:result', (p) => p.labId === sharedLab && p.passed, 10_000, from);
    for (const c of [lea, marc]) {
      const progress = (await c.get('/api/progress')).body as { exerciseId: string; completedAt: string }[];
      expect(progress.find((p) => p.exerciseId === 'se-reperer')?.completedAt).toBeTruthy();
    }
    const grid = (await anna.get(`/api/classes/${classId}/progress`)).body;
    const row = (name: string) => grid.learners.find((l: { displayName: string }) => l.displayName === name);
    expect(row('Léa').pair).toMatchObject({ partner: 'Marc', host: true });
    expect(row('Marc').pair).toMatchObject({ partner: 'Léa', host: false });
    expect(row('Zoé').pair).toBeUndefined();
    expect(row('Marc').cells[`${COURSE}/se-reperer`].status).toBe('done');
    const csv = await fetch(`${server.url}/api/classes/${classId}/export?sep=semicolon`, {
      headers: { cookie: anna.cookie },
    }).then((r) => r.text());
    expect(csv.split('\r\n')[0]).toMatch(/;Binôme$/);
    expect(csv).toMatch(/Marc;.*;Léa\r\n/);
  });

  it('leaving gives a fresh lab of one’s own and keeps the progress', async () => {
    const from = marcSocket.seen.length;
    const left = await marc.post('/api/pairs/leave', { classId });
    expect(left.status, JSON.stringify(left.body)).toBe(204);
    await marcSocket.next('terminal:exit', (p) => p.terminalId === marcTerminal, 10_000, from);
    expect(server.app.repos.labs.get(marcOwnLab)).toBeUndefined();
    expect((await marc.get('/api/labs')).body).toEqual([]);
    expect((await marc.post(`/api/labs/${sharedLab}/check`, { exerciseId: 'se-reperer' })).status).toBe(404);
    const fresh = (await marc.post('/api/labs', { courseId: COURSE })).body.id;
    expect([sharedLab, marcOwnLab]).not.toContain(fresh);
    const absent = await server.runtime.exec(fresh, ['bash', '-c', 'test -e /root/reponse.txt; echo $?']);
    expect(absent.stdout.trim()).toBe('1');
    const progress = (await marc.get('/api/progress')).body as { exerciseId: string; completedAt: string }[];
    expect(progress.find((p) => p.exerciseId === 'se-reperer')?.completedAt).toBeTruthy();
    expect((await lea.post('/api/labs', { courseId: COURSE })).body.id).toBe(sharedLab);
    expect((await marc.post('/api/pairs/leave', { classId })).body.error.reason).toBe('not-paired');
    expect((await lea.get('/api/pairs')).body.pairs).toEqual([]);
  });

  it('when the host leaves, the pair’s lab stays with the other member', async () => {
    const paired = await anna.post(`/api/classes/${classId}/pairs`, { userIds: [ids['Léa'], ids['Zoé']] });
    expect(paired.status, JSON.stringify(paired.body)).toBe(201);
    expect((await zoe.post('/api/labs', { courseId: COURSE })).body.id).toBe(sharedLab);
    expect((await lea.post('/api/pairs/leave', { classId })).status).toBe(204);
    expect(server.app.repos.labs.get(sharedLab)?.userId).toBe(ids['Zoé']);
    expect((await zoe.post('/api/labs', { courseId: COURSE })).body.id).toBe(sharedLab);
    expect((await lea.get('/api/labs')).body).toEqual([]);
    expect((await lea.post(`/api/labs/${sharedLab}/check`, { exerciseId: 'se-reperer' })).status).toBe(404);
  });

  it('a learner taken out of the class leaves their pair there', async () => {
    const paired = await anna.post(`/api/classes/${classId}/pairs`, { userIds: [ids['Léa'], ids['Marc']] });
    expect(paired.status, JSON.stringify(paired.body)).toBe(201);
    expect((await anna.del(`/api/classes/${classId}/learners/${ids['Marc']}`)).status).toBe(204);
    await vi.waitFor(async () => expect((await lea.get('/api/pairs')).body.pairs).toEqual([]));
  });
});
