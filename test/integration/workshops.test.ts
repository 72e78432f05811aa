// Workshops on the real Docker Engine: visitors enter without an account (30 behind one address, up to
// the seats), are refused before, after and when full, cannot log in with a password nor leave their
// workshop; the workshop's end removes the visitors' labs and records and keeps the counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';
import { utcToZoned } from '../../server/classes/zoned-time.js';

const COURSE = 'lab-lent';

/** A zone whose clocks are far from midnight now, so "an hour ago to two hours from now" is one day. */
function zoneAwayFromMidnight(now = Date.now()): string {
  for (const zone of ['UTC', 'Etc/GMT-12', 'Etc/GMT+10']) {
    const hour = Number(utcToZoned(now, zone).time.slice(0, 2));
    if (hour >= 2 && hour <= 20) return zone;
  }
  throw new Error('no zone away from midnight');
}

/** The window from an hour ago to two hours from now (`offsetDays` moves it), on `zone`'s clocks. */
function windowAround(zone: string, offsetDays = 0) {
  const now = Date.now() + offsetDays * 86_400_000;
  const from = utcToZoned(now - 3_600_000, zone);
  const to = utcToZoned(now + 2 * 3_600_000, zone);
  return { date: from.date, start: from.time, end: to.time, timeZone: zone };
}

describe('workshops', () => {
  let server: TestServer;
  let trainer: ReturnType<typeof httpClient>;
  const zone = zoneAwayFromMidnight();

  const create = (name: string, seats: number, offsetDays = 0) =>
    trainer.post('/api/workshops', { name, courseIds: [COURSE], seats, ...windowAround(zone, offsetDays) });
  const enter = (code: string, firstName?: string) => {
    const visitor = httpClient(server.url);
    return visitor
      .post(`/api/workshops/${code}/enter`, firstName === undefined ? {} : { firstName })
      .then((res) => ({ res, visitor }));
  };

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        ATELIER_COURSES_DIR: 'test/fixtures/courses-lab',
        ATELIER_MAX_LABS: '40',
        // Every client here is 127.0.0.1: one lab per address, which visitors do not count against.
        ATELIER_LABS_PER_IP: '1',
      },
    });
    trainer = (await userWithRole(server, 'formatrice-atelier', 'trainer')).client;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('refuses a workshop the host cannot hold, at creation', async () => {
    const res = await create('Atelier trop grand', 41);
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('workshop-too-big');
    expect(res.body.error.params.max).toBe(40);
  });

  it('admits 30 visitors from one address up to the seats, then says it is full', async () => {
    const made = await create('Fête de la science', 30);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: 'workshop', capacity: 30, graceMin: 15, seatsTaken: 0 });
    const code = made.body.joinCode as string;
    const entered = await Promise.all(Array.from({ length: 30 }, (_, i) => enter(code, `Élève ${i + 1}`)));
    expect(entered.map((e) => e.res.status)).toEqual(Array(30).fill(201));
    expect(entered[0]!.res.body.courseId).toBe(COURSE);
    const refused = await enter(code);
    expect(refused.res.status).toBe(409);
    expect(refused.res.body.error.reason).toBe('workshop-full');
    const preview = await httpClient(server.url).get(`/api/workshops/${code}`);
    expect(preview.body).toMatchObject({ state: 'full', seats: 30, seatsTaken: 30 });
    const view = await trainer.get(`/api/classes/${made.body.id}`);
    expect(view.body.seatsTaken).toBe(30);
    // The planned session warms the pool for the window.
    const sessions = await trainer.get(`/api/classes/${made.body.id}/sessions`);
    expect(sessions.body.sessions ?? sessions.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ courseId: COURSE, expected: 30 })]),
    );
  });

  it('refuses visitors before the window and after it', async () => {
    const later = await create('Atelier de demain', 2, 1);
    expect(later.status).toBe(201);
    const before = await enter(later.body.joinCode);
    expect(before.res.status).toBe(403);
    expect(before.res.body.error.reason).toBe('workshop-not-open');
    expect(before.res.body.error.params.opensAt).toBe(later.body.opensAt);

    const past = await create('Atelier fini', 2);
    const now = Date.now();
    server.app.classes.repos.classes.update(past.body.id, { opensAt: now - 7_200_000, closesAt: now - 1000 });
    const after = await enter(past.body.joinCode);
    expect(after.res.status).toBe(403);
    expect(after.res.body.error.reason).toBe('workshop-ended');
    expect((await httpClient(server.url).get(`/api/workshops/${past.body.joinCode}`)).body.state).toBe(
      'ended',
    );
  });

  it('keeps a visitor inside the workshop, with no password login', async () => {
    const made = await create('Atelier fermé', 2);
    const { res, visitor } = await enter(made.body.joinCode);
    expect(res.body.user.displayName).toBe('Visiteur 1');
    expect((await visitor.get('/api/me')).body.id).toBe(res.body.user.id);
    expect((await visitor.get('/api/classes')).status).toBe(403);
    expect((await visitor.get('/api/admin/users')).status).toBe(403);
    // Visitors are not accounts to manage: the admin's list leaves them out.
    const { client: admin } = await userWithRole(server, 'admin-atelier', 'admin');
    const accounts = (await admin.get('/api/admin/users')).body as { id: string }[];
    expect(accounts.map((a) => a.id)).not.toContain(res.body.user.id);
    expect((await visitor.post('/api/workshops', {})).status).toBe(403);
    const courses = (await visitor.get('/api/courses')).body as { id: string }[];
    expect(courses.map((c) => c.id)).toEqual([COURSE]);
    expect((await visitor.get('/api/courses/lab-casse')).status).toBe(404);
    expect((await visitor.post('/api/labs', { courseId: 'lab-casse' })).status).toBe(403);
    // The account has no password: no guess, however long, opens it.
    const login = await httpClient(server.url).post('/api/auth/login', {
      username: res.body.user.username,
      password: '!visitor',
    });
    expect(login.status).toBe(401);
    expect(login.body.error.reason).toBe('bad-credentials');
    // The class join route does not take a workshop's code.
    expect((await httpClient(server.url).get(`/api/join/${made.body.joinCode}`)).status).toBe(404);
  });

  it('ends a workshop: visitor labs and records go, the counts stay', async () => {
    const made = await create('Atelier en salle', 3);
    const code = made.body.joinCode as string;
    const a = await enter(code, 'Zoé');
    const b = await enter(code);
    // Two labs from one address while ATELIER_LABS_PER_IP is 1: visitors are bounded by the seats instead.
    const labA = await a.visitor.post('/api/labs', { courseId: COURSE });
    const labB = await b.visitor.post('/api/labs', { courseId: COURSE });
    expect([labA.status, labB.status]).toEqual([200, 200]);
    await server.runtime.exec(labA.body.id, ['touch', '/root/un']);
    const check = await a.visitor.post(`/api/labs/${labA.body.id}/check`, { exerciseId: 'un' });
    expect(check.body.passed).toBe(true);

    // An account that joined keeps its records.
    const { client: member, user } = await userWithRole(server, 'eleve-inscrite', 'learner');
    expect((await member.post(`/api/workshops/${code}/enter`, {})).status).toBe(200);

    // Not due yet: nothing happens.
    expect(await server.app.workshops.endDue()).not.toContain(made.body.id);
    const after = Date.parse(made.body.closesAt) + 15 * 60_000 + 1;
    expect(await server.app.workshops.endDue(after)).toContain(made.body.id);

    for (const labId of [labA.body.id, labB.body.id])
      expect((await server.runtime.poll(labId)).state).toBe('missing');
    expect(server.app.repos.labs.listAll().map((l) => l.id)).not.toContain(labA.body.id);
    for (const id of [a.res.body.user.id, b.res.body.user.id])
      expect(server.app.repos.users.findById(id)).toBeUndefined();
    expect((await a.visitor.get('/api/me')).status).toBe(401);
    expect(server.app.repos.users.findById(user.id)).toBeDefined();

    const view = (await trainer.get(`/api/classes/${made.body.id}`)).body;
    expect(view).toMatchObject({ visitorsTotal: 3, passesTotal: 1, seatsTaken: 1 });
    expect(view.endedAt).not.toBeNull();
    // Idempotent: a second run (a restart) changes nothing.
    expect(await server.app.workshops.endDue(after)).not.toContain(made.body.id);
    expect((await enter(code)).res.body.error.reason).toBe('workshop-ended');
  });

  it('shows the trainer a QR code of the link, as SVG', async () => {
    const made = await create('Atelier projeté', 2);
    const res = await fetch(`${server.url}/api/classes/${made.body.id}/workshop-qr.svg`, {
      headers: { cookie: trainer.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toMatch(/^<svg[^>]*viewBox/);
  });
});
