// Co-trainers on the real server and Engine: a trainer added by username sees and acts on the class like
// its creator (grid, a learner's lab reset, export); once removed, or for another class's trainer, the
// class answers 404; a learner account cannot be made a co-trainer; the last trainer stays.
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { instanceContainers } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const COURSE = 'premiers-pas';
let server: TestServer | undefined;

afterAll(async () => {
  if (!server) return;
  const { instance } = server;
  await server.close();
  expect(await instanceContainers(instance)).toEqual([]);
});

describe('co-trainers (real Docker)', () => {
  it('act on the class like its creator until removed', async () => {
    server = await startTestServer();
    const { client: anna, user: annaUser } = await userWithRole(server, 'anna', 'trainer');
    const { client: paul, user: paulUser } = await userWithRole(server, 'paul', 'trainer');
    const { client: other } = await userWithRole(server, 'zoe', 'trainer');
    await userWithRole(server, 'lucas', 'learner');
    const cls = (await anna.post('/api/classes', { name: 'Semaine', courseIds: [COURSE] })).body;
    const learner = httpClient(server.url);
    const joined = await learner.post('/api/join', {
      code: cls.joinCode,
      displayName: 'Léa',
      password: PASSWORD,
    });
    expect(joined.status).toBe(201);
    const leaId = joined.body.user.id as string;
    const lab = (await learner.post('/api/labs', { courseId: COURSE })).body;
    expect(lab.state).toBe('running');

    // Before being added, Paul does not see the class.
    expect((await paul.get(`/api/classes/${cls.id}/progress`)).status).toBe(404);
    expect((await paul.post(`/api/classes/${cls.id}/trainers`, { username: 'paul' })).status).toBe(404);

    // Refusals: unknown account, a learner account, a learner of the class.
    expect(
      (await anna.post(`/api/classes/${cls.id}/trainers`, { username: 'personne' })).body.error.reason,
    ).toBe('unknown-user');
    const refused = await anna.post(`/api/classes/${cls.id}/trainers`, { username: 'lucas' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.reason).toBe('not-a-trainer');
    const leaUsername = joined.body.user.username as string;
    expect((await anna.post(`/api/classes/${cls.id}/trainers`, { username: leaUsername })).status).toBe(400);

    const added = await anna.post(`/api/classes/${cls.id}/trainers`, { username: 'paul' });
    expect(added.status).toBe(200);
    expect(added.body.trainerAccounts).toEqual([
      { userId: annaUser.id, username: 'anna', displayName: 'anna' },
      { userId: paulUser.id, username: 'paul', displayName: 'paul' },
    ]);

    // Paul sees the class, its grid and its export, and resets Léa's lab.
    expect((await paul.get('/api/classes')).body.map((c: { id: string }) => c.id)).toEqual([cls.id]);
    const grid = await paul.get(`/api/classes/${cls.id}/progress`);
    expect(grid.status).toBe(200);
    expect(grid.body.learners.map((l: { userId: string }) => l.userId)).toEqual([leaId]);
    const csv = await paul.get(`/api/classes/${cls.id}/export`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('Léa');
    const reset = await paul.post(`/api/classes/${cls.id}/learners/${leaId}/reset`, { courseId: COURSE });
    expect(reset.status).toBe(200);
    expect(reset.body.state).toBe('running');

    // A trainer of another class still gets 404 on everything of this one.
    expect((await other.get(`/api/classes/${cls.id}`)).status).toBe(404);
    expect((await other.get(`/api/classes/${cls.id}/sessions`)).status).toBe(404);
    expect((await other.del(`/api/classes/${cls.id}/trainers/${paulUser.id}`)).status).toBe(404);

    // Paul removes Anna; he is then the last trainer and cannot remove himself.
    expect((await paul.del(`/api/classes/${cls.id}/trainers/${annaUser.id}`)).body.trainers).toEqual([
      'paul',
    ]);
    expect((await anna.get(`/api/classes/${cls.id}/progress`)).status).toBe(404);
    const last = await paul.del(`/api/classes/${cls.id}/trainers/${paulUser.id}`);
    expect(last.status).toBe(409);
    expect(last.body.error.reason).toBe('last-trainer');

    // Anna back, Paul removed: Paul gets 404.
    expect((await paul.post(`/api/classes/${cls.id}/trainers`, { username: 'anna' })).status).toBe(200);
    expect((await anna.del(`/api/classes/${cls.id}/trainers/${paulUser.id}`)).status).toBe(200);
    expect((await paul.get(`/api/classes/${cls.id}/progress`)).status).toBe(404);
    expect((await paul.get(`/api/classes/${cls.id}/export`)).status).toBe(404);
    expect(
      (await paul.post(`/api/classes/${cls.id}/learners/${leaId}/reset`, { courseId: COURSE })).status,
    ).toBe(404);
    // A learner reaches none of it.
    expect((await learner.post(`/api/classes/${cls.id}/trainers`, { username: 'zoe' })).status).toBe(403);
  });
});
