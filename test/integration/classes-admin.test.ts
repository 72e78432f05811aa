// First-start setup link, account management by the admin (roles, deletion with the lab containers),
// and what survives a server restart (accounts, classes, progress, labs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, solution } from '../support/classes-support.js';

const COURSE = 'premiers-pas';
type Client = ReturnType<typeof httpClient>;

describe('classes: first admin, account management, restart', () => {
  let server: TestServer;
  let admin: Client;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates the first admin through the one-time setup link only', async () => {
    const anon = httpClient(server.url);
    expect((await anon.get('/api/setup')).body).toEqual({ needed: true });
    const link = server.app.classes.setup.link('http://atelier.test');
    const token = new URL(link!).searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const wrong = await anon.post('/api/setup', {
      token: 'x'.repeat(token.length),
      username: 'chef',
      password: PASSWORD,
    });
    expect(wrong.body.error.reason).toBe('bad-setup-token');
    admin = httpClient(server.url);
    const ok = await admin.post('/api/setup', { token, username: 'chef', password: PASSWORD });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ username: 'chef', role: 'admin' });
    expect((await admin.get('/api/me')).body.role).toBe('admin');
    const again = await anon.post('/api/setup', { token, username: 'chef2', password: PASSWORD });
    expect(again.body.error.reason).toBe('setup-done');
    expect((await anon.get('/api/setup')).body).toEqual({ needed: false });
    expect(server.app.classes.setup.link('http://atelier.test')).toBeUndefined();
  });

  it('lets the admin create a trainer, list accounts and change roles', async () => {
    const created = await admin.post('/api/admin/users', {
      username: 'formateur',
      password: PASSWORD,
      role: 'trainer',
      displayName: 'Paul Formateur',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'formateur',
      role: 'trainer',
      displayName: 'Paul Formateur',
    });
    const dup = await admin.post('/api/admin/users', {
      username: 'FORMATEUR',
      password: PASSWORD,
      role: 'learner',
    });
    expect(dup.body.error.reason).toBe('username-taken');
    const list = (await admin.get('/api/admin/users')).body;
    expect(list.map((u: { username: string }) => u.username)).toEqual(['chef', 'formateur']);
    const promoted = await admin.patch(`/api/admin/users/${created.body.id}`, { role: 'admin' });
    expect(promoted.body.role).toBe('admin');
    await admin.patch(`/api/admin/users/${created.body.id}`, { role: 'trainer' });
    const bad = await admin.patch(`/api/admin/users/${created.body.id}`, { role: 'root' });
    expect(bad.status).toBe(400);
  });

  it('deleting a learner removes their lab containers, sessions and progress', async () => {
    const trainer = httpClient(server.url);
    await trainer.post('/api/auth/login', { username: 'formateur', password: PASSWORD });
    const cls = (await trainer.post('/api/classes', { name: 'Semaine Linux', courseIds: [COURSE] })).body;
    const gone = httpClient(server.url);
    const id = (
      await gone.post('/api/join', { code: cls.joinCode, displayName: 'Partant', password: PASSWORD })
    ).body.user.id;
    const lab = (await gone.post('/api/labs', { courseId: COURSE })).body;
    expect((await server.runtime.poll(lab.id)).state).toBe('running');
    expect((await admin.del(`/api/admin/users/${id}`)).status).toBe(204);
    expect((await server.runtime.poll(lab.id)).state).toBe('missing');
    expect((await gone.get('/api/me')).status).toBe(401);
    expect(server.app.repos.labs.listByUser(id)).toEqual([]);
    expect((await trainer.get(`/api/classes/${cls.id}/progress`)).body.learners).toEqual([]);
    expect((await admin.del(`/api/admin/users/${id}`)).body.error.reason).toBe('unknown-user');
  });

  it('keeps accounts, classes, progress and the lab across a restart', async () => {
    const trainer = httpClient(server.url);
    await trainer.post('/api/auth/login', { username: 'formateur', password: PASSWORD });
    const cls = (await trainer.get('/api/classes')).body[0];
    const ines = httpClient(server.url);
    await ines.post('/api/join', { code: cls.joinCode, displayName: 'Inès', password: PASSWORD });
    const lab = (await ines.post('/api/labs', { courseId: COURSE })).body;
    await server.runtime.exec(lab.id, ['bash', '-c', solution(COURSE, 'se-reperer')]);
    expect((await ines.post(`/api/labs/${lab.id}/check`, { exerciseId: 'se-reperer' })).body.passed).toBe(
      true,
    );

    const { dataDir, instance } = server;
    await server.close({ keepLabs: true });
    server = await startTestServer({ dataDir, instance });
    await server.app.labs.reconcile();
    expect(server.app.classes.setup.link('http://x')).toBeUndefined();

    const back = httpClient(server.url);
    expect((await back.post('/api/auth/login', { username: 'ines', password: PASSWORD })).status).toBe(200);
    expect((await back.get('/api/me/classes')).body[0]).toMatchObject({ id: cls.id, name: 'Semaine Linux' });
    expect((await back.post('/api/labs', { courseId: COURSE })).body.id).toBe(lab.id);
    expect((await server.runtime.readFile(lab.id, '/root/reponse.txt'))?.toString()).toBe('tournesol\n');
    const t2 = httpClient(server.url);
    await t2.post('/api/auth/login', { username: 'formateur', password: PASSWORD });
    const grid = (await t2.get(`/api/classes/${cls.id}/progress`)).body;
    expect(grid.learners[0].cells[`${COURSE}/se-reperer`]).toMatchObject({ status: 'done', attempts: 1 });
  });
});
