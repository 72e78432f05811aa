// A class's timetable on the real server and Engine, with a fake clock given to the lifecycle: a session
// scheduled for tomorrow grows its course's pool to `expected` from its lead time on, a learner's start
// takes one (the session then wants one fewer), and after the session the pool shrinks back after the
// hold time. Then joining closes by itself once the class's end date is past. Counts, not timings.
import { afterAll, describe, expect, it } from 'vitest';
import { utcToZoned, zonedToUtc } from '../../server/classes/zoned-time.js';
import { POOL_HOLD_MS } from '../../server/labs/lab-lifecycle.js';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { instanceContainers, waitFor } from '../support/instance-containers.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const COURSE = 'premiers-pas';
const LEAD_MS = 10 * 60_000;
let server: TestServer | undefined;

async function poolContainers() {
  const all = await instanceContainers(server!.instance);
  return all.filter((c) => c.labels['atelier.pool'] === COURSE && c.labId.startsWith('pool-'));
}

afterAll(async () => {
  if (!server) return;
  const { instance } = server;
  await server.close();
  expect(await instanceContainers(instance)).toEqual([]);
});

describe('sessions on a timetable (real Docker)', () => {
  it('warm the course ahead of the start, within the host cap, and shrink back after the end', async () => {
    server = await startTestServer({ env: { ATELIER_POOL_SIZE: '0', ATELIER_MAX_LABS: '20' } });
    const { lifecycle } = server.app.labs;
    // The pool fills when told (no periodic tick on the real clock): the test moves `now` itself.
    lifecycle.pool.start();
    const stats = (now: number) => lifecycle.poolStats(now).find((s) => s.courseId === COURSE)!;
    const { client: trainer } = await userWithRole(server, 'formatrice', 'trainer');
    const cls = (
      await trainer.post('/api/classes', { name: 'Semaine', courseIds: [COURSE], timeZone: 'europe/paris' })
    ).body;
    expect(cls).toMatchObject({ timeZone: 'Europe/Paris', learnerCatchUp: false, joiningClosesAt: null });

    const tomorrow = utcToZoned(Date.now() + 86_400_000, 'Europe/Paris').date;
    const created = await trainer.post('/api/classes/' + cls.id + '/sessions', {
      courseId: COURSE,
      date: tomorrow,
      start: '09:00',
      end: '10:30',
      expected: 3,
      repeatDays: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body.sessions).toHaveLength(2);
    const [first, second] = created.body.sessions;
    expect(first).toMatchObject({
      date: tomorrow,
      start: '09:00',
      end: '10:30',
      expected: 3,
      state: 'upcoming',
    });
    expect(first).toMatchObject({ pool: null, hostCanHold: 20, fits: true });
    const listed = (await trainer.get(`/api/classes/${cls.id}/sessions`)).body;
    expect(listed).toMatchObject({ leadMinutes: 10, maxLabs: 20 });
    expect(listed.sessions.map((s: { id: string }) => s.id)).toEqual([first.id, second.id]);
    expect((await trainer.get(`/api/classes/${cls.id}`)).body.joiningClosesAt).toBe(second.endsAt);
    // A session too big for the host is still created, with a note.
    const big = await trainer.post(`/api/classes/${cls.id}/sessions?lang=en`, {
      courseId: COURSE,
      date: tomorrow,
      start: '14:00',
      end: '15:00',
      expected: 25,
    });
    expect(big.body.sessions[0]).toMatchObject({ hostCanHold: 20, fits: false });
    expect(big.body.sessions[0].capacityNote).toMatch(/room for 20 of the 25 learners/);
    expect((await trainer.del(`/api/classes/${cls.id}/sessions/${big.body.sessions[0].id}`)).status).toBe(
      204,
    );
    expect((await trainer.del(`/api/classes/${cls.id}/sessions/${big.body.sessions[0].id}`)).status).toBe(
      404,
    );
    expect(
      (
        await trainer.post(`/api/classes/${cls.id}/sessions`, {
          courseId: 'nope',
          date: tomorrow,
          start: '09:00',
          end: '10:00',
          expected: 3,
        })
      ).status,
    ).toBe(400);

    // Before the lead time nothing is warmed; from it on the pool grows to the 3 expected.
    const startsAt = Date.parse(first.startsAt);
    const endsAt = Date.parse(first.endsAt);
    await lifecycle.rebalance(startsAt - LEAD_MS - 60_000);
    expect(stats(startsAt - LEAD_MS - 60_000)).toMatchObject({ demand: 0, target: 0 });
    const warming = startsAt - LEAD_MS + 1_000;
    await lifecycle.rebalance(warming);
    expect(stats(warming)).toMatchObject({ demand: 3, target: 3 });
    expect(stats(warming).demandFrom).toMatchObject({ scheduled: 3 });
    await waitFor('pool of 3 ready', () => stats(warming).ready === 3, 120_000);
    expect(await poolContainers()).toHaveLength(3);

    // A learner of the class joins and starts: a hit, and the session now wants 2 more.
    const learner = httpClient(server.url);
    const joined = await learner.post('/api/join', {
      code: cls.joinCode,
      displayName: 'Léa',
      password: PASSWORD,
    });
    expect(joined.status).toBe(201);
    const lab = (await learner.post('/api/labs', { courseId: COURSE })).body;
    expect(lab.state).toBe('running');
    const during = startsAt + 60_000;
    await lifecycle.rebalance(during);
    expect(stats(during)).toMatchObject({ hits: 1, misses: 0, ready: 2, target: 2 });
    expect(stats(during).demandFrom).toMatchObject({ scheduled: 2 });

    // After the session: no demand, and after the hold time the pool is empty again.
    await lifecycle.rebalance(endsAt);
    expect(stats(endsAt)).toMatchObject({ demand: 0, target: 0, ready: 2 });
    await lifecycle.rebalance(endsAt + POOL_HOLD_MS);
    expect(stats(endsAt + POOL_HOLD_MS)).toMatchObject({ target: 0, ready: 0, preparing: 0 });
    expect(await poolContainers()).toHaveLength(0);

    // PATCH and a zone change keep the wall clock.
    const patched = await trainer.patch(`/api/classes/${cls.id}/sessions/${second.id}`, {
      expected: 5,
      start: '08:30',
    });
    expect(patched.body).toMatchObject({ expected: 5, start: '08:30', end: '10:30' });
    expect((await trainer.patch(`/api/classes/${cls.id}`, { timeZone: 'Mars/Olympus' })).status).toBe(400);
    const ny = await trainer.patch(`/api/classes/${cls.id}`, {
      timeZone: 'America/New_York',
      learnerCatchUp: true,
    });
    expect(ny.body).toMatchObject({ timeZone: 'America/New_York', learnerCatchUp: true });
    const moved = (await trainer.get(`/api/classes/${cls.id}/sessions`)).body.sessions[1];
    expect(moved.startsAt).toBe(new Date(zonedToUtc(moved.date, '08:30', 'America/New_York')).toISOString());
    expect(moved.startsAt).not.toBe(patched.body.startsAt);
  });

  it('closes joining by itself once the end date is past, and says why', async () => {
    const { client: trainer } = await userWithRole(server!, 'formateur', 'trainer');
    const yesterday = utcToZoned(Date.now() - 86_400_000, 'Europe/Paris').date;
    const cls = (await trainer.post('/api/classes', { name: 'Finie', courseIds: [COURSE] })).body;
    const open = (await httpClient(server!.url).get(`/api/join/${cls.joinCode}`)).body;
    expect(open).toMatchObject({
      joiningOpen: true,
      closedReason: null,
      joiningClosesAt: null,
      timeZone: 'Europe/Paris',
    });

    const ended = await trainer.patch(`/api/classes/${cls.id}`, { startsOn: yesterday, endsOn: yesterday });
    expect(ended.body.joiningOpen).toBe(true); // the trainer's switch is untouched
    expect(Date.parse(ended.body.joiningClosesAt)).toBeLessThan(Date.now());
    const preview = (await httpClient(server!.url).get(`/api/join/${cls.joinCode}`)).body;
    expect(preview).toMatchObject({
      joiningOpen: false,
      closedReason: 'ended',
      joiningClosesAt: ended.body.joiningClosesAt,
    });
    const refused = await httpClient(server!.url).post('/api/join', {
      code: cls.joinCode,
      displayName: 'Tardif',
      password: PASSWORD,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      reason: 'joining-closed',
      message: 'Les inscriptions à cette classe sont closes : la formation est terminée.',
    });
    // The class list and grid keep working.
    expect((await trainer.get('/api/classes')).body.map((c: { id: string }) => c.id)).toContain(cls.id);
    expect((await trainer.get(`/api/classes/${cls.id}/progress`)).status).toBe(200);
    // Archived says so.
    await trainer.patch(`/api/classes/${cls.id}`, { archived: true });
    expect((await httpClient(server!.url).get(`/api/join/${cls.joinCode}`)).body.closedReason).toBe(
      'archived',
    );
  });
});
