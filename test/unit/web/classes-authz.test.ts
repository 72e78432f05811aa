// Authorization of every trainer/admin route and socket event, against a real server: learners reach
// nothing of trainers, trainers reach only their own classes and those classes' learners, roles are
// read from the database at each request, and learners never see each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSocket } from '../../support/socket-client.js';
import { connectSocket } from '../../support/socket-client.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../../support/server.js';
import { PASSWORD, recordedSocket, userWithRole } from '../../support/classes-support.js';

const COURSE = 'premiers-pas';
type Client = ReturnType<typeof httpClient>;

describe('classes: authorization', () => {
  let server: AnyTestServer<FakeRuntime>;
  const sockets: TestSocket[] = [];
  let anna: Client; // trainer of class A
  let bruno: Client; // trainer of class B
  let admin: Client;
  let lea: Client; // learner in A
  let leaId = '';
  let leaLab = '';
  let max: Client; // learner in B
  let maxId = '';
  let loner: Client; // learner in no class
  let lonerLab = '';
  let classA = '';
  let classB = '';

  beforeAll(async () => {
    server = await startTestServer({ runtime: new FakeRuntime() });
    ({ client: anna } = await userWithRole(server, 'anna', 'trainer'));
    ({ client: bruno } = await userWithRole(server, 'bruno', 'trainer'));
    ({ client: admin } = await userWithRole(server, 'root-admin', 'admin'));
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
    ({ client: loner } = await userWithRole(server, 'loner', 'learner'));
    leaLab = (await lea.post('/api/labs', { courseId: COURSE })).body.id;
    lonerLab = (await loner.post('/api/labs', { courseId: COURSE })).body.id;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  const trainerRoutes = (classId: string, learnerId: string): [string, string, unknown?][] => [
    ['GET', '/api/classes'],
    ['POST', '/api/classes', { name: 'Pirate', courseIds: [COURSE] }],
    ['GET', `/api/classes/${classId}`],
    ['PATCH', `/api/classes/${classId}`, { joiningOpen: true }],
    ['POST', `/api/classes/${classId}/code`],
    ['GET', `/api/classes/${classId}/progress`],
    ['GET', `/api/classes/${classId}/export`],
    ['POST', `/api/classes/${classId}/learners/${learnerId}/reset`, { courseId: COURSE }],
    ['DELETE', `/api/classes/${classId}/learners/${learnerId}`],
  ];
  const call = (c: Client, [method, url, body]: [string, string, unknown?]) =>
    method === 'GET'
      ? c.get(url)
      : method === 'DELETE'
        ? c.del(url)
        : method === 'PATCH'
          ? c.patch(url, body)
          : c.post(url, body);

  it('refuses every trainer route to anonymous (401) and learners (403)', async () => {
    for (const route of trainerRoutes(classA, leaId)) {
      expect((await call(httpClient(server.url), route)).status, route.join(' ')).toBe(401);
      const res = await call(lea, route);
      expect(res.status, route.join(' ')).toBe(403);
      expect(res.body.error.reason).toBe('forbidden');
    }
    for (const url of ['/api/admin/users', '/api/me/classes'])
      expect((await httpClient(server.url).get(url)).status).toBe(401);
  });

  it('hides another trainer’s class and its learners (404, like a missing one)', async () => {
    const list = (await bruno.get('/api/classes')).body.map((c: { id: string }) => c.id);
    expect(list).toEqual([classB]);
    for (const route of trainerRoutes(classA, leaId).slice(2)) {
      const res = await call(bruno, route);
      expect(res.status, route.join(' ')).toBe(404);
      expect(res.body.error.reason).toBe('unknown-class');
    }
    // Own class, but a learner of another class: unknown-learner.
    const reset = await bruno.post(`/api/classes/${classB}/learners/${leaId}/reset`, { courseId: COURSE });
    expect(reset.body.error.reason).toBe('unknown-learner');
  });

  it('checks the class, the learner and the lab at every trainer socket event', async () => {
    const b = await recordedSocket(server, bruno.cookie, sockets);
    expect(await b.socket.emitWithAck('class:subscribe', { classId: classA })).toMatchObject({
      ok: false,
      reason: 'unknown-class',
    });
    expect(await b.socket.emitWithAck('terminal:watch', { labId: leaLab })).toMatchObject({
      ok: false,
      reason: 'unknown-lab',
    });
    expect(await b.socket.emitWithAck('terminal:watch', { labId: lonerLab })).toMatchObject({
      ok: false,
      reason: 'unknown-lab',
    });
    expect(await b.socket.emitWithAck('message:send', { classId: classA, text: 'hé' })).toMatchObject({
      ok: false,
      reason: 'unknown-class',
    });
    const toOther = await b.socket.emitWithAck('message:send', {
      classId: classB,
      userId: leaId,
      text: 'hé',
    });
    expect(toOther).toMatchObject({ ok: false, reason: 'unknown-learner' });
    expect(await b.socket.emitWithAck('terminal:watch', { labId: '../../x' } as never)).toMatchObject({
      reason: 'invalid-payload',
    });

    const l = await recordedSocket(server, lea.cookie, sockets);
    for (const [event, payload] of [
      ['class:subscribe', { classId: classA }],
      ['terminal:watch', { labId: leaLab }],
      ['message:send', { classId: classA, text: 'spam' }],
    ] as const)
      expect(await l.socket.emitWithAck(event as 'class:subscribe', payload as never), event).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });

    // The admin reaches every class.
    const a = await recordedSocket(server, admin.cookie, sockets);
    expect(await a.socket.emitWithAck('class:subscribe', { classId: classA })).toMatchObject({ ok: true });
    expect((await admin.get('/api/classes')).body).toHaveLength(2);
  });

  it('keeps learners apart: progress, labs and terminals of others are out of reach', async () => {
    await lea.post(`/api/labs/${leaLab}/check`, { exerciseId: 'se-reperer' });
    expect((await max.get('/api/progress')).body).toEqual([]);
    expect((await max.get('/api/labs')).body).toEqual([]);
    expect((await max.post(`/api/labs/${leaLab}/check`, { exerciseId: 'se-reperer' })).status).toBe(404);
    expect((await max.post(`/api/labs/${leaLab}/reset`)).status).toBe(404);
    const s = await connectSocket(server.url, max.cookie);
    sockets.push(s);
    expect(await s.emitWithAck('terminal:open', { labId: leaLab, cols: 80, rows: 24 })).toMatchObject({
      ok: false,
      reason: 'unknown-lab',
    });
    // A learner only sees their own classes, without join codes.
    const mine = (await max.get('/api/me/classes')).body;
    expect(mine.map((c: { id: string }) => c.id)).toEqual([classB]);
    expect(JSON.stringify(mine)).not.toMatch(/joinCode/);
  });

  it('reads the role at every request: a demoted trainer loses access at once', async () => {
    const { user, client } = await userWithRole(server, 'temp-trainer', 'trainer');
    const cls = (await client.post('/api/classes', { name: 'Temp', courseIds: [COURSE] })).body;
    const s = await recordedSocket(server, client.cookie, sockets);
    expect(await s.socket.emitWithAck('class:subscribe', { classId: cls.id })).toMatchObject({ ok: true });
    const disconnected = new Promise((r) => s.socket.once('disconnect', r));
    expect((await admin.patch(`/api/admin/users/${user.id}`, { role: 'learner' })).status).toBe(200);
    await disconnected;
    expect((await client.get(`/api/classes/${cls.id}`)).status).toBe(403);
    // Account management is for admins only; an admin cannot demote or delete themself.
    expect((await anna.get('/api/admin/users')).status).toBe(403);
    expect((await anna.patch(`/api/admin/users/${maxId}`, { role: 'admin' })).status).toBe(403);
    const me = (await admin.get('/api/me')).body;
    expect((await admin.patch(`/api/admin/users/${me.id}`, { role: 'learner' })).body.error.reason).toBe(
      'cannot-change-self',
    );
    expect((await admin.del(`/api/admin/users/${me.id}`)).body.error.reason).toBe('cannot-change-self');
  });
});
