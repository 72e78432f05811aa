// The catch-up and checkpoint routes on the real server over the in-memory FakeRuntime: the learner's
// own (allowed only by their class), the trainer's for one learner or a bring-to, and who may call them.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../../support/server.js';
import { PASSWORD, recordedSocket, userWithRole, type Recorder } from '../../support/classes-support.js';
import type { TestSocket } from '../../support/socket-client.js';

const COURSE = 'premiers-pas';
type Client = ReturnType<typeof httpClient>;

describe('catch-up and checkpoint routes', () => {
  let server: AnyTestServer<FakeRuntime>;
  const sockets: TestSocket[] = [];
  let anna: Client; // trainer of class A
  let bruno: Client; // trainer of class B
  let lea: Client; // learner in A
  let leaId = '';
  let leaLab = '';
  let leaFeed: Recorder;
  let max: Client; // learner in B
  let maxId = '';
  let classA = '';
  let classB = '';

  /** learner_catch_up is the class's switch (PATCH /api/classes/:id); set in the store here. */
  const allowCatchUp = (classId: string, on: boolean) => {
    const db = new Database(path.join(server.dataDir, 'atelier.db'));
    db.prepare('UPDATE classes SET learner_catch_up = ? WHERE id = ?').run(on ? 1 : 0, classId);
    db.close();
  };

  beforeAll(async () => {
    server = await startTestServer({ runtime: new FakeRuntime() });
    ({ client: anna } = await userWithRole(server, 'anna', 'trainer'));
    ({ client: bruno } = await userWithRole(server, 'bruno', 'trainer'));
    const a = (await anna.post('/api/classes', { name: 'Classe A', courseIds: [COURSE] })).body;
    const b = (await bruno.post('/api/classes', { name: 'Classe B', courseIds: [COURSE] })).body;
    classA = a.id;
    classB = b.id;
    lea = httpClient(server.url);
    leaId = (await lea.post('/api/join', { code: a.joinCode, displayName: 'Léa', password: PASSWORD })).body
      .user.id;
    max = httpClient(server.url);
    maxId = (await max.post('/api/join', { code: b.joinCode, displayName: 'Max', password: PASSWORD })).body
      .user.id;
    leaLab = (await lea.post('/api/labs', { courseId: COURSE })).body.id;
    leaFeed = await recordedSocket(server, lea.cookie, sockets);
  }, 60_000); // loading the real courses takes a few seconds on a busy machine
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  it('lets a learner catch up only when their class allows it', async () => {
    expect((await lea.get(`/api/labs/${leaLab}/checkpoints`)).body).toEqual({
      checkpoints: [],
      catchUp: false,
    });
    const refused = await lea.post(`/api/labs/${leaLab}/catch-up`, { exerciseId: 'fichiers' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.reason).toBe('catch-up-not-allowed');
    allowCatchUp(classA, true);
    expect((await lea.get(`/api/labs/${leaLab}/checkpoints`)).body.catchUp).toBe(true);
    const res = await lea.post(`/api/labs/${leaLab}/catch-up`, { exerciseId: 'fichiers' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: leaLab, courseId: COURSE, state: 'running' });
    const progress = (await lea.get('/api/progress')).body as { exerciseId: string; skipped: boolean }[];
    expect(progress.map((p) => [p.exerciseId, p.skipped]).sort()).toEqual([
      ['dossiers', true],
      ['se-reperer', true],
    ]);
    await leaFeed.next('lab:status', (p) => p.reason === 'catch-up' && p.phase === 'solving');
  });

  it('refuses bad bodies, unknown exercises, missing checkpoints and other people’s labs', async () => {
    expect((await lea.post(`/api/labs/${leaLab}/catch-up`, { exerciseId: 'Nope!' })).status).toBe(400);
    expect((await lea.post(`/api/labs/${leaLab}/catch-up`, {})).status).toBe(400);
    const unknown = await lea.post(`/api/labs/${leaLab}/catch-up`, { exerciseId: 'nope' });
    expect(unknown.body.error.reason).toBe('unknown-exercise');
    const none = await lea.post(`/api/labs/${leaLab}/restore`, { exerciseId: 'editer' });
    expect([none.status, none.body.error.reason]).toEqual([404, 'unknown-checkpoint']);
    for (const [method, url] of [
      ['GET', `/api/labs/${leaLab}/checkpoints`],
      ['POST', `/api/labs/${leaLab}/catch-up`],
      ['POST', `/api/labs/${leaLab}/restore`],
    ] as const) {
      const res = method === 'GET' ? await max.get(url) : await max.post(url, { exerciseId: 'dossiers' });
      expect([res.status, res.body.error.reason], url).toEqual([404, 'unknown-lab']);
    }
  });

  it('lets the class’s trainer catch a learner up with a message; another trainer gets 404, a learner 403', async () => {
    const url = `/api/classes/${classA}/learners/${leaId}/catch-up`;
    const body = { courseId: COURSE, exerciseId: 'editer', message: 'On avance ensemble' };
    expect((await bruno.post(url, body)).status).toBe(404);
    expect((await lea.post(url, body)).status).toBe(403);
    expect((await anna.post(`/api/classes/${classA}/learners/${maxId}/catch-up`, body)).status).toBe(404);
    const bad = await anna.post(url, { ...body, exerciseId: 'nope' });
    expect(bad.body.error.reason).toBe('unknown-exercise');
    const res = await anna.post(url, body);
    expect([res.status, res.body.state]).toEqual([200, 'running']);
    const msg = await leaFeed.next('message:received', (p) => p.kind === 'lab-catch-up');
    expect(msg.payload).toMatchObject({
      kind: 'lab-catch-up',
      exerciseId: 'editer',
      text: 'On avance ensemble',
      classId: classA,
      courseId: COURSE,
    });
  });

  it('lists a learner’s checkpoints for their trainer and restores one', async () => {
    await server.runtime.saveCheckpoint(leaLab, 'se-reperer');
    const list = await anna.get(`/api/classes/${classA}/learners/${leaId}/checkpoints?courseId=${COURSE}`);
    expect(list.body.checkpoints).toEqual([
      { exerciseId: 'se-reperer', createdAt: expect.any(String), bytes: expect.any(Number) },
    ]);
    expect(
      (await bruno.get(`/api/classes/${classA}/learners/${leaId}/checkpoints?courseId=${COURSE}`)).status,
    ).toBe(404);
    expect(
      (await anna.get(`/api/classes/${classA}/learners/${leaId}/checkpoints?courseId=nginx`)).status,
    ).toBe(404);
    const res = await anna.post(`/api/classes/${classA}/learners/${leaId}/restore`, {
      courseId: COURSE,
      exerciseId: 'se-reperer',
    });
    expect([res.status, res.body.state]).toEqual([200, 'running']);
    const msg = await leaFeed.next('message:received', (p) => p.kind === 'lab-restore');
    expect(msg.payload).toMatchObject({ exerciseId: 'se-reperer', text: '' });
    await leaFeed.next('lab:status', (p) => p.reason === 'restore');
  });

  it('brings the learners behind exercise N there in the background (202)', async () => {
    const url = `/api/classes/${classA}/bring-to`;
    expect(
      (await bruno.post(url, { courseId: COURSE, exerciseId: 'chercher', mode: 'catch-up' })).status,
    ).toBe(404);
    // Léa's first unfinished exercise is « editer » (after the trainer's catch-up): behind « chercher ».
    const res = await anna.post(url, {
      courseId: COURSE,
      exerciseId: 'chercher',
      mode: 'catch-up',
      message: 'Tout le monde à « chercher »',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: [leaId], skipped: [] });
    await leaFeed.next('message:received', (p) => p.kind === 'lab-catch-up' && p.exerciseId === 'chercher');
    // Now at « chercher »: not behind it any more.
    const again = await anna.post(url, { courseId: COURSE, exerciseId: 'chercher', mode: 'catch-up' });
    expect(again.body).toEqual({ queued: [], skipped: [{ userId: leaId, reason: 'not-behind' }] });
    // Restore: the newest checkpoint before N; a user of another class is not one of its learners.
    const restore = await anna.post(url, {
      courseId: COURSE,
      exerciseId: 'permissions',
      mode: 'restore',
      learners: [leaId, maxId],
    });
    expect(restore.body).toEqual({ queued: [leaId], skipped: [{ userId: maxId, reason: 'not-a-learner' }] });
    await leaFeed.next('message:received', (p) => p.kind === 'lab-restore' && p.exerciseId === 'se-reperer');
    const bad = await anna.post(url, { courseId: COURSE, exerciseId: 'chercher', mode: 'rewind' });
    expect(bad.status).toBe(400);
    expect(classB).not.toBe(classA);
  });
});
