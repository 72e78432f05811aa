// Time left before the idle cull, on the real Docker Engine: lab views carry the cull instant,
// « Je suis là » moves it, a trainer's extension for the day keeps a class's labs through a sweep that
// stops the others, and only the class's trainers may extend. Sweeps run with a `now` in the future.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfToday } from '../../server/labs/lab-keep-alive.js';
import { PASSWORD, recordedSocket, userWithRole, type Recorder } from '../support/classes-support.js';
import { instanceContainers } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import type { TestSocket } from '../support/socket-client.js';

const COURSE = 'premiers-pas';
const MIN = 60_000;
/** A class zone whose day still has hours to go now: its extension outlasts a 30-minute idle deadline. */
const zone = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo'].find(
  (z) => endOfToday(z) - Date.now() > 3 * 3_600_000,
)!;
type Client = ReturnType<typeof httpClient>;
interface LabView {
  id: string;
  state: string;
  cullAt: string | null;
  keepUntil: string | null;
  idleTimeoutMs: number;
  now: string;
}

describe('time left: keep-alive and a trainer’s extension (Docker)', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  let anna: Client; // trainer of the class
  let classId = '';
  let lea: Client; // in the class
  let leaSocket: Recorder;
  let leaLab: LabView;
  let sam: Client; // registered on their own, in no class
  let samLab: LabView;

  beforeAll(async () => {
    server = await startTestServer({ env: { ATELIER_IDLE_TIMEOUT_MIN: '30' } });
    ({ client: anna } = await userWithRole(server, 'anna', 'trainer'));
    const cls = (await anna.post('/api/classes', { name: 'Atelier', courseIds: [COURSE], timeZone: zone }))
      .body;
    classId = cls.id;
    lea = httpClient(server.url);
    await lea.post('/api/join', { code: cls.joinCode, displayName: 'Léa', password: PASSWORD });
    leaSocket = await recordedSocket(server, lea.cookie, sockets);
    sam = httpClient(server.url);
    await sam.post('/api/auth/register', { username: 'sam', password: 'correct horse' });
    [leaLab, samLab] = await Promise.all([
      lea.post('/api/labs', { courseId: COURSE }).then((r) => r.body as LabView),
      sam.post('/api/labs', { courseId: COURSE }).then((r) => r.body as LabView),
    ]);
  });

  afterAll(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    if (!server) return;
    const { instance } = server;
    await server.close();
    expect(await instanceContainers(instance)).toEqual([]);
  });

  it('gives the cull instant with the lab: its last activity plus the idle timeout', async () => {
    expect(leaLab).toMatchObject({ state: 'running', idleTimeoutMs: 30 * MIN, keepUntil: null });
    const lastActivity = server.app.repos.labs.get(leaLab.id)!.lastActivityAt;
    expect(Date.parse(leaLab.cullAt!)).toBe(lastActivity + 30 * MIN);
    const listed = (await lea.get('/api/labs')).body as LabView[];
    expect(listed.map((l) => [l.id, l.cullAt])).toEqual([[leaLab.id, leaLab.cullAt]]);
  });

  it('moves the cull on « Je suis là »: a sweep past the old deadline stops only the lab without it', async () => {
    const before = Date.parse(leaLab.cullAt!);
    await new Promise((r) => setTimeout(r, 5)); // a later millisecond than the starts' touches
    const res = await lea.post(`/api/labs/${leaLab.id}/keep-alive`);
    expect(res.status).toBe(200);
    const after = Date.parse(res.body.cullAt);
    expect(after).toBeGreaterThan(before);
    expect(after).toBe(server.app.repos.labs.get(leaLab.id)!.lastActivityAt + 30 * MIN);
    // The learner's other pages hear it.
    await leaSocket.next('lab:idle', (p) => p.labId === leaLab.id && p.cullAt === res.body.cullAt);

    // Past Léa's old deadline and Sam's (both started before the keep-alive), before Léa's new one.
    const r = await server.app.labs.lifecycle.sweep(Math.max(before, Date.parse(samLab.cullAt!)));
    expect(r.idle).toEqual([samLab.id]);
    expect((await server.runtime.poll(leaLab.id)).state).toBe('running');
    expect((await server.runtime.poll(samLab.id)).state).toBe('stopped');
  });

  it('refuses the extension to a learner and to a trainer of another class', async () => {
    expect((await lea.post(`/api/classes/${classId}/extend`)).status).toBe(403);
    const { client: bruno } = await userWithRole(server, 'bruno', 'trainer');
    expect((await bruno.post(`/api/classes/${classId}/extend`)).status).toBe(404);
    expect(server.app.repos.labs.get(leaLab.id)!.keepUntil).toBeNull();
  });

  it('keeps the class’s labs for the day: a sweep past the idle deadlines stops only the others', async () => {
    samLab = (await sam.post('/api/labs', { courseId: COURSE })).body as LabView; // Sam's lab runs again
    const res = await anna.post(`/api/classes/${classId}/extend`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ labs: 1, keepUntil: new Date(endOfToday(zone)).toISOString() });
    await leaSocket.next('lab:idle', (p) => p.labId === leaLab.id && p.keepUntil === res.body.keepUntil);

    const deadlines = [leaLab.id, samLab.id].map(
      (id) => server.app.repos.labs.get(id)!.lastActivityAt + 30 * MIN,
    );
    const r = await server.app.labs.lifecycle.sweep(Math.max(...deadlines) + 1);
    expect(r.idle).toEqual([samLab.id]);
    expect((await server.runtime.poll(leaLab.id)).state).toBe('running');
    const view = ((await lea.get('/api/labs')).body as LabView[])[0]!;
    expect(view).toMatchObject({ cullAt: res.body.keepUntil, keepUntil: res.body.keepUntil });
  });
});
