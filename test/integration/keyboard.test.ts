// Help at the keyboard on the real engine: a trainer watching a learner's shell types in it only after
// the learner accepted, and no longer once they took it back; every step is in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, recordedSocket, userWithRole, type Recorder } from '../support/classes-support.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { collectOutput, type TestSocket } from '../support/socket-client.js';

const COURSE = 'premiers-pas';

describe('keyboard hand-over', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  let labId = '';
  let watchId = '';
  let trainer: Recorder;
  let learner: Recorder;
  let out: ReturnType<typeof collectOutput>;
  let admin: ReturnType<typeof httpClient>;
  let trainerHttp: ReturnType<typeof httpClient>;
  let learnerId = '';
  let alice: ReturnType<typeof httpClient>;

  const exists = async (file: string) =>
    (await server.runtime.exec(labId, ['test', '-e', file])).exitCode === 0;
  const type = (data: string) => trainer.socket.emitWithAck('keyboard:input', { watchId, data });

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_AUTO_CHECK_MS: '0' } });
    ({ client: admin } = await userWithRole(server, 'admin', 'admin'));
    ({ client: trainerHttp } = await userWithRole(server, 'formatrice', 'trainer'));
    const cls = await trainerHttp.post('/api/classes', { name: 'Clavier', courseIds: [COURSE] });
    alice = httpClient(server.url);
    const joined = await alice.post('/api/join', {
      code: cls.body.joinCode,
      displayName: 'Alice',
      password: PASSWORD,
    });
    learnerId = joined.body.user.id;
    labId = (await alice.post('/api/labs', { courseId: COURSE })).body.id;
    learner = await recordedSocket(server, alice.cookie, sockets);
    let terminalId = '';
    out = collectOutput(learner.socket, () => terminalId);
    const open = await learner.socket.emitWithAck('terminal:open', { labId, cols: 100, rows: 30 });
    if (!open.ok) throw new Error(`terminal:open refused: ${open.reason}`);
    terminalId = open.terminalId;
    await out.waitFor(/#\s*$/m, 30_000);
    trainer = await recordedSocket(server, trainerHttp.cookie, sockets);
    const watch = await trainer.socket.emitWithAck('terminal:watch', { labId });
    if (!watch.ok) throw new Error(`terminal:watch refused: ${watch.reason}`);
    watchId = watch.watchId;
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  it('refuses the trainer’s keys before the learner accepts; nothing reaches the shell', async () => {
    expect(await type('touch /tmp/avant-demande\r')).toMatchObject({ ok: false, reason: 'no-keyboard' });
    const asked = await trainer.socket.emitWithAck('keyboard:request', { watchId });
    expect(asked).toMatchObject({ ok: true, granted: false });
    const requested = await learner.next('keyboard:requested');
    expect(requested.payload).toMatchObject({ labId, by: 'formatrice' });
    expect(await type('touch /tmp/avant-accord\r')).toMatchObject({ ok: false, reason: 'no-keyboard' });

    // Someone else cannot answer for the learner.
    const other = await userWithRole(server, 'mallory', 'learner');
    const intruder = await recordedSocket(server, other.client.cookie, sockets);
    const requestId = (requested.payload as { requestId: string }).requestId;
    expect(await intruder.socket.emitWithAck('keyboard:answer', { requestId, accept: true })).toMatchObject({
      ok: false,
      reason: 'unknown-request',
    });
    expect(await type('touch /tmp/avant-accord\r')).toMatchObject({ ok: false, reason: 'no-keyboard' });

    // A decline is told to the trainer.
    expect(await learner.socket.emitWithAck('keyboard:answer', { requestId, accept: false })).toMatchObject({
      ok: true,
    });
    await trainer.next('keyboard:state', (p) => p.state === 'declined' && p.watchId === watchId);
    expect(await type('touch /tmp/apres-refus\r')).toMatchObject({ ok: false, reason: 'no-keyboard' });
    for (const f of ['/tmp/avant-demande', '/tmp/avant-accord', '/tmp/apres-refus'])
      expect(await exists(f)).toBe(false);
  });

  it('after acceptance the trainer’s command runs in the learner’s shell', async () => {
    const mark = learner.seen.length;
    const asked = await trainer.socket.emitWithAck('keyboard:request', { watchId });
    if (!asked.ok) throw new Error(asked.reason);
    await learner.next('keyboard:requested', (p) => p.requestId === asked.requestId, 10_000, mark);
    await learner.socket.emitWithAck('keyboard:answer', { requestId: asked.requestId, accept: true });
    await trainer.next('keyboard:state', (p) => p.state === 'granted' && p.watchId === watchId);
    await learner.next('keyboard:state', (p) => p.state === 'granted' && p.labId === labId);

    expect(await type('echo clavier-$((6*7)) && touch /tmp/apres-accord\r')).toMatchObject({ ok: true });
    await out.waitFor('clavier-42');
    await expect.poll(() => exists('/tmp/apres-accord')).toBe(true);
    // A reloaded learner page learns that the trainer holds the keyboard.
    const pending = await learner.socket.emitWithAck('keyboard:pending', {});
    expect(pending).toMatchObject({ ok: true, requests: [], grants: [{ labId, by: 'formatrice' }] });
  });

  it('after the learner takes it back, the trainer’s keys are refused again', async () => {
    expect(await learner.socket.emitWithAck('keyboard:revoke', { labId })).toMatchObject({ ok: true });
    await trainer.next('keyboard:state', (p) => p.state === 'ended' && p.reason === 'revoked');
    expect(await type('touch /tmp/apres-reprise\r')).toMatchObject({ ok: false, reason: 'no-keyboard' });
    expect(await exists('/tmp/apres-reprise')).toBe(false);
  });

  it('a lab reset ends the grant', async () => {
    const mark = learner.seen.length;
    const asked = await trainer.socket.emitWithAck('keyboard:request', { watchId });
    if (!asked.ok) throw new Error(asked.reason);
    await learner.next('keyboard:requested', (p) => p.requestId === asked.requestId, 10_000, mark);
    await learner.socket.emitWithAck('keyboard:answer', { requestId: asked.requestId, accept: true });
    await trainer.next('keyboard:state', (p) => p.state === 'granted' && p.requestId === asked.requestId);
    expect((await alice.post(`/api/labs/${labId}/reset`, {})).status).toBe(200);
    await trainer.next('keyboard:state', (p) => p.state === 'ended' && p.reason === 'lab-closed');
    await learner.next('keyboard:state', (p) => p.state === 'ended' && p.reason === 'lab-closed');
    expect(await type('echo x\r')).toMatchObject({ ok: false, reason: 'no-keyboard' });
  });

  it('keeps every request, grant, decline, revoke and end in the audit log (admins only)', async () => {
    expect((await trainerHttp.get('/api/admin/audit')).status).toBe(403);
    const res = await admin.get('/api/admin/audit?limit=50');
    expect(res.status).toBe(200);
    const entries = res.body.entries as {
      action: string;
      subjectId: string;
      labId: string;
      actorId: string;
    }[];
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'keyboard.request',
      'keyboard.decline',
      'keyboard.request',
      'keyboard.grant',
      'keyboard.revoke',
      'keyboard.request',
      'keyboard.grant',
      'keyboard.end',
    ]);
    for (const e of entries) expect(e).toMatchObject({ subjectId: learnerId, labId });
    expect(entries[0]).toMatchObject({
      actorId: null,
      detail: expect.objectContaining({ reason: 'lab-closed' }),
    });
    expect(entries[3]!.actorId).toBe(learnerId); // the revoke
  });
});
