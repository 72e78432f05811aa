// A formation week through the API and Socket.IO, on a real server and real labs: a trainer creates a
// class, learners join with the code, the grid follows checks live, the trainer watches, messages,
// resets and exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSocket } from '../support/socket-client.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import {
  PASSWORD,
  recordedSocket,
  solution,
  userWithRole,
  type Recorder,
} from '../support/classes-support.js';

const COURSE = 'premiers-pas';
type Client = ReturnType<typeof httpClient>;

describe('classes: join, live grid, watch, message, reset, export', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  let trainer: Client;
  let classId = '';
  let code = '';
  let zoe: Client;
  let zoeId = '';
  let labId = '';
  let feed: Recorder;

  beforeAll(async () => {
    // 3 s of work on one exercise flags a learner as stuck.
    server = await startTestServer({ env: { ATELIER_STUCK_MINUTES: '0.05' } });
    ({ client: trainer } = await userWithRole(server, 'formatrice', 'trainer'));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  it('creates a class with a readable join code', async () => {
    const res = await trainer.post('/api/classes', {
      name: 'Formation Nginx mars',
      courseIds: [COURSE],
      startsOn: '2099-03-02',
      endsOn: '2099-03-06',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Formation Nginx mars', joiningOpen: true, learnerCount: 0 });
    expect(res.body.joinCode).toMatch(/^NGINX-\d{4}-\d{4}$/);
    ({ id: classId, joinCode: code } = res.body);
    expect((await trainer.get('/api/classes')).body.map((c: { id: string }) => c.id)).toEqual([classId]);
    const bad = await trainer.post('/api/classes', { name: 'x', courseIds: ['nope'] });
    expect(bad.status).toBe(400);
  });

  it('lets a learner join with the code, a display name and a password (no e-mail)', async () => {
    const typed = code.toLowerCase().replace('-', ' ');
    const preview = await httpClient(server.url).get(`/api/join/${encodeURIComponent(typed)}`);
    expect(preview.body).toMatchObject({ name: 'Formation Nginx mars', joiningOpen: true });
    zoe = httpClient(server.url);
    const res = await zoe.post('/api/join', {
      code: typed,
      displayName: ' Zoé  Martin ',
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      username: 'zoe-martin',
      role: 'learner',
      displayName: 'Zoé Martin',
    });
    zoeId = res.body.user.id;
    expect((await zoe.get('/api/me')).body.username).toBe('zoe-martin');
    const mine = await zoe.get('/api/me/classes');
    expect(mine.body).toEqual([
      expect.objectContaining({
        id: classId,
        trainers: ['formatrice'],
        courses: [expect.objectContaining({ id: COURSE })],
      }),
    ]);
    // The same name again gets another login; a weak password is refused.
    const twin = await httpClient(server.url).post('/api/join', {
      code,
      displayName: 'Zoé Martin',
      password: PASSWORD,
    });
    expect(twin.body.user.username).toBe('zoe-martin-2');
    const weak = await httpClient(server.url).post('/api/join', {
      code,
      displayName: 'Léo',
      password: 'court',
    });
    expect(weak.status).toBe(400);
    // Logging in later uses the derived login.
    const again = await httpClient(server.url).post('/api/auth/login', {
      username: 'zoe-martin',
      password: PASSWORD,
    });
    expect(again.status).toBe(200);
  });

  it('sends the grid on subscribe and pushes a failing check, then a pass, in under a second', async () => {
    feed = await recordedSocket(server, trainer.cookie, sockets);
    const sub = await feed.socket.emitWithAck('class:subscribe', { classId });
    expect(sub.ok).toBe(true);
    if (!sub.ok) return;
    expect(sub.grid.columns.map((c) => c.exerciseId)[0]).toBe('se-reperer');
    expect(sub.grid.learners.map((l) => l.displayName)).toEqual(['Zoé Martin', 'Zoé Martin']);
    expect(sub.grid.learners[0]!.cells[`${COURSE}/se-reperer`]!.status).toBe('not-started');

    labId = (await zoe.post('/api/labs', { courseId: COURSE })).body.id;
    const failed = await zoe.post(`/api/labs/${labId}/check`, { exerciseId: 'se-reperer' });
    expect(failed.body.passed).toBe(false);
    const failing = await feed.next(
      'class:progress',
      (p) => p.learner?.cells[`${COURSE}/se-reperer`].status === 'failing',
    );
    const cell = (failing.payload as { learner: { cells: Record<string, { message: string }> } }).learner
      .cells;
    expect(cell[`${COURSE}/se-reperer`]!.message).toMatch(/reponse\.txt/);

    await server.runtime.exec(labId, ['bash', '-c', solution(COURSE, 'se-reperer')]);
    const mark = feed.seen.length;
    const passed = await zoe.post(`/api/labs/${labId}/check`, { exerciseId: 'se-reperer' });
    const answeredAt = Date.now();
    expect(passed.body.passed).toBe(true);
    const done = await feed.next(
      'class:progress',
      (p) => p.learner?.cells[`${COURSE}/se-reperer`].status === 'done',
      1000,
      mark,
    );
    expect(done.at - answeredAt).toBeLessThan(1000);
    expect(
      (done.payload as { learner: { done: number; current: { exerciseId: string } } }).learner,
    ).toMatchObject({
      done: 1,
      current: { exerciseId: 'dossiers' },
    });
  });

  it('counts time on the current exercise from terminal activity and flags a stuck learner', async () => {
    const learner = await recordedSocket(server, zoe.cookie, sockets);
    const open = await learner.socket.emitWithAck('terminal:open', { labId, cols: 80, rows: 24 });
    expect(open.ok).toBe(true);
    const terminalId = open.ok ? open.terminalId : '';
    for (let i = 0; i < 4; i++) {
      learner.socket.emit('terminal:input', { terminalId, data: 'ls\r' });
      await new Promise((r) => setTimeout(r, 1100));
    }
    await zoe.post(`/api/labs/${labId}/check`, { exerciseId: 'dossiers' });
    const stuck = await feed.next('class:progress', (p) => p.learner?.stuck === true);
    const row = (stuck.payload as { learner: { current: { exerciseId: string; activeMs: number } } }).learner;
    expect(row.current.exerciseId).toBe('dossiers');
    expect(row.current.activeMs).toBeGreaterThanOrEqual(3000);

    // Watching: the learner sees the banner, the trainer sees the output and cannot type.
    const watch = await feed.socket.emitWithAck('terminal:watch', { labId });
    expect(watch).toMatchObject({ ok: true, learner: 'Zoé Martin', cols: 80, rows: 24, live: true });
    if (!watch.ok) return;
    await learner.next('trainer:watching', (p) => p.watching === true && p.by === 'formatrice');
    learner.socket.emit('terminal:input', { terminalId, data: 'echo mirror-$((2+3))\r' });
    await waitForMirror(feed, watch.watchId, 'mirror-5');
    const typed = await feed.socket.emitWithAck('terminal:input', { terminalId, data: 'reboot\r' });
    expect(typed).toMatchObject({ ok: false, reason: 'unknown-terminal' });
    expect(await feed.socket.emitWithAck('terminal:unwatch', { watchId: watch.watchId })).toMatchObject({
      ok: true,
    });
    await learner.next('trainer:watching', (p) => p.watching === false);

    // Messages: to the whole class and to one learner.
    const all = await feed.socket.emitWithAck('message:send', { classId, text: 'Pause café' });
    expect(all).toMatchObject({ ok: true, delivered: 2 });
    await learner.next('message:received', (p) => p.text === 'Pause café' && p.from === 'formatrice');
    const one = await feed.socket.emitWithAck('message:send', {
      classId,
      userId: zoeId,
      text: 'Regarde ls -l',
    });
    expect(one).toMatchObject({ ok: true, delivered: 1 });
    await learner.next('message:received', (p) => p.text === 'Regarde ls -l');
  });

  it('resets a learner’s lab (progress kept unless asked) and tells the learner', async () => {
    const learner = await recordedSocket(server, zoe.cookie, sockets);
    const res = await trainer.post(`/api/classes/${classId}/learners/${zoeId}/reset`, { courseId: COURSE });
    expect(res.status).toBe(200);
    expect(await server.runtime.readFile(labId, '/root/reponse.txt')).toBeNull();
    expect((await zoe.get('/api/progress')).body).toEqual([
      expect.objectContaining({ exerciseId: 'se-reperer', completedAt: expect.any(String) }),
      expect.objectContaining({ exerciseId: 'dossiers', completedAt: null }),
    ]);
    await learner.next('message:received', (p) => p.kind === 'lab-reset' && p.courseId === COURSE);
  });

  it('answers unknown-lab before a lab exists, and also erases the progress when asked', async () => {
    const twin = (await trainer.get(`/api/classes/${classId}/progress`)).body.learners.find(
      (l: { username: string }) => l.username === 'zoe-martin-2',
    );
    const none = await trainer.post(`/api/classes/${classId}/learners/${twin.userId}/reset`, {
      courseId: COURSE,
    });
    expect(none.body.error.reason).toBe('unknown-lab');
    const other = httpClient(server.url);
    await other.post('/api/auth/login', { username: 'zoe-martin-2', password: PASSWORD });
    const lab = (await other.post('/api/labs', { courseId: COURSE })).body.id;
    await other.post(`/api/labs/${lab}/check`, { exerciseId: 'se-reperer' });
    const res = await trainer.post(`/api/classes/${classId}/learners/${twin.userId}/reset`, {
      courseId: COURSE,
      clearProgress: true,
    });
    expect(res.status).toBe(200);
    expect((await other.get('/api/progress')).body).toEqual([]);
  });

  it('exports CSV (BOM, ; option) and JSON', async () => {
    const csv = await fetch(`${server.url}/api/classes/${classId}/export?sep=semicolon&tz=Europe/Paris`, {
      headers: { cookie: trainer.cookie },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="formation-nginx-mars-\d{8}\.csv"/,
    );
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Apprenant;Identifiant;Cours;Exercice;Statut;Terminé le;Tentatives;Temps passé (min)',
    );
    const first = lines.find((l) => l.startsWith('Zoé Martin;zoe-martin;'))!;
    expect(first).toMatch(/;terminé;\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2};2;\d+(,\d)?$/);
    expect(lines.filter(Boolean)).toHaveLength(1 + 2 * 6);
    const json = await trainer.get(`/api/classes/${classId}/export?format=json`);
    expect(json.body.rows[0]).toMatchObject({ learner: 'Zoé Martin', exerciseId: 'se-reperer', attempts: 2 });
  });

  it('enforces capacity, closing, a new code and archiving', async () => {
    expect((await trainer.patch(`/api/classes/${classId}`, { capacity: 2 })).body.capacity).toBe(2);
    const full = await httpClient(server.url).post('/api/join', {
      code,
      displayName: 'Noé',
      password: PASSWORD,
    });
    expect(full.body.error.reason).toBe('class-full');
    expect(
      (await httpClient(server.url).post('/api/auth/login', { username: 'noe', password: PASSWORD })).status,
    ).toBe(401);
    await trainer.patch(`/api/classes/${classId}`, { capacity: null, joiningOpen: false });
    const closed = await httpClient(server.url).post('/api/join', {
      code,
      displayName: 'Noé',
      password: PASSWORD,
    });
    expect(closed.body.error.reason).toBe('joining-closed');
    const fresh = (await trainer.post(`/api/classes/${classId}/code`)).body;
    expect(fresh.joinCode).not.toBe(code);
    expect((await httpClient(server.url).get(`/api/join/${code}`)).status).toBe(404);
    await trainer.patch(`/api/classes/${classId}`, { archived: true });
    expect((await trainer.get('/api/classes')).body).toEqual([]);
    expect((await trainer.get('/api/classes?archived=1')).body[0]).toMatchObject({
      archived: true,
      joiningOpen: false,
    });
    expect((await zoe.get('/api/me/classes')).body).toEqual([]);
  });
});

async function waitForMirror(feed: Recorder, watchId: string, text: string): Promise<void> {
  const start = Date.now();
  for (;;) {
    const out = feed.seen
      .filter((s) => s.event === 'terminal:mirror' && (s.payload as { watchId: string }).watchId === watchId)
      .map((s) => Buffer.from((s.payload as { data: ArrayBuffer }).data).toString('utf8'))
      .join('');
    if (out.includes(`\n${text}`) || out.includes(`\r${text}`)) return;
    if (Date.now() - start > 10_000)
      throw new Error(`mirror never showed ${text}: ${JSON.stringify(out.slice(-300))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
