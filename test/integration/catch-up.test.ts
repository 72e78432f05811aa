// Catch-up and checkpoints on the real Docker Engine, through the API: a learner caught up to exercise N
// has the exercises before it passing and N not yet; a pass saves a checkpoint that brings back a file the
// learner deleted; trainers of another class reach nothing; the checkpoints go with the lab.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, solution, userWithRole } from '../support/classes-support.js';

const COURSE = 'premiers-pas';
const N = 'editer'; // 4th exercise: se-reperer, dossiers, fichiers before it
type Client = ReturnType<typeof httpClient>;

describe('catch-up and checkpoints (Docker)', () => {
  let server: TestServer;
  let anna: Client; // trainer of the class
  let bruno: Client; // trainer of another class
  let lea: Client;
  let leaId = '';
  let labId = '';
  let classId = '';
  let otherClass = '';

  const sh = async (script: string) => {
    const r = await server.runtime.exec(labId, ['bash', '-s'], { stdin: script });
    return { code: r.exitCode, out: r.stdout.trim() };
  };
  const check = async (exerciseId: string) =>
    (await lea.post(`/api/labs/${labId}/check`, { exerciseId })).body as { passed: boolean };

  beforeAll(async () => {
    server = await startTestServer();
    ({ client: anna } = await userWithRole(server, 'anna', 'trainer'));
    ({ client: bruno } = await userWithRole(server, 'bruno', 'trainer'));
    const cls = (await anna.post('/api/classes', { name: 'Semaine', courseIds: [COURSE] })).body;
    classId = cls.id;
    otherClass = (await bruno.post('/api/classes', { name: 'Autre', courseIds: [COURSE] })).body.id;
    // The class lets its learners catch up by themselves (the class's switch, set in the store here).
    const db = new Database(path.join(server.dataDir, 'atelier.db'));
    db.prepare('UPDATE classes SET learner_catch_up = 1 WHERE id = ?').run(classId);
    db.close();
    lea = httpClient(server.url);
    const joined = await lea.post('/api/join', {
      code: cls.joinCode,
      displayName: 'Léa',
      password: PASSWORD,
    });
    leaId = joined.body.user.id;
    labId = (await lea.post('/api/labs', { courseId: COURSE })).body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lands at the start of exercise N: the exercises before it pass, N does not yet', async () => {
    const res = await lea.post(`/api/labs/${labId}/catch-up`, { exerciseId: N });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ id: labId, courseId: COURSE, state: 'running' });
    for (const e of ['se-reperer', 'dossiers', 'fichiers']) expect((await check(e)).passed, e).toBe(true);
    expect((await check(N)).passed).toBe(false);
    const progress = (await lea.get('/api/progress')).body as { exerciseId: string; skipped: boolean }[];
    expect(
      progress
        .filter((p) => p.skipped)
        .map((p) => p.exerciseId)
        .sort(),
    ).toEqual(['dossiers', 'fichiers', 'se-reperer']);
  });

  it('saves a checkpoint when N passes, which brings back a file the learner deleted', async () => {
    const solved = await sh(solution(COURSE, N));
    expect(solved.code).toBe(0);
    expect((await check(N)).passed).toBe(true);
    // The save runs in the background after the result: wait for it to be listed.
    let listed: { exerciseId: string; bytes: number }[] = [];
    for (let i = 0; i < 300 && !listed.some((c) => c.exerciseId === N); i++) {
      await new Promise((r) => setTimeout(r, 200));
      listed = (await lea.get(`/api/labs/${labId}/checkpoints`)).body.checkpoints;
    }
    expect(listed.map((c) => c.exerciseId)).toEqual([N]);
    await sh('rm /etc/monapp/monapp.conf.orig && echo cassé > /etc/monapp/monapp.conf');
    expect((await sh('test -e /etc/monapp/monapp.conf.orig; echo $?')).out).toBe('1');
    const res = await lea.post(`/api/labs/${labId}/restore`, { exerciseId: N });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await sh('test -e /etc/monapp/monapp.conf.orig; echo $?')).out).toBe('0');
    expect((await sh('grep -c "^mode = production" /etc/monapp/monapp.conf')).out).toBe('1');
    expect((await check(N)).passed).toBe(true);
  });

  it('brings back an installed package with its checkpoint', async () => {
    const lab = (await lea.post('/api/labs', { courseId: 'paquets' })).body.id as string;
    const run = (script: string) => server.runtime.exec(lab, ['bash', '-s'], { stdin: script });
    expect((await run(solution('paquets', 'installer'))).exitCode).toBe(0);
    const passed = await lea.post(`/api/labs/${lab}/check`, { exerciseId: 'installer' });
    expect(passed.body.passed).toBe(true);
    for (let i = 0; i < 300; i++) {
      const listed = (await lea.get(`/api/labs/${lab}/checkpoints`)).body.checkpoints as unknown[];
      if (listed.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(
      (await run('apt-get remove -y htop >/dev/null 2>&1; command -v htop; echo $?')).stdout.trim(),
    ).toBe('1');
    expect((await lea.post(`/api/labs/${lab}/restore`, { exerciseId: 'installer' })).status).toBe(200);
    expect((await run('command -v htop && dpkg -s htop | grep -c "^Status: install ok"')).stdout).toContain(
      '/usr/bin/htop',
    );
    expect((await lea.del(`/api/labs/${lab}`)).status).toBe(204);
  });

  it('answers 404 to a trainer of another class, and serves the class’s own trainer', async () => {
    const base = `/api/classes/${classId}`;
    const body = { courseId: COURSE, exerciseId: N };
    for (const res of [
      await bruno.post(`${base}/learners/${leaId}/catch-up`, body),
      await bruno.post(`${base}/learners/${leaId}/restore`, body),
      await bruno.get(`${base}/learners/${leaId}/checkpoints?courseId=${COURSE}`),
      await bruno.post(`${base}/bring-to`, { ...body, mode: 'catch-up' }),
      await bruno.post(`/api/classes/${otherClass}/learners/${leaId}/catch-up`, body),
    ])
      expect(res.status).toBe(404);
    const own = await anna.get(`${base}/learners/${leaId}/checkpoints?courseId=${COURSE}`);
    expect(own.body.checkpoints.map((c: { exerciseId: string }) => c.exerciseId)).toEqual([N]);
  });

  it('drops the lab’s checkpoints with the lab', async () => {
    expect((await lea.del(`/api/labs/${labId}`)).status).toBe(204);
    expect(await server.runtime.listCheckpoints(labId)).toEqual([]);
  });
});
