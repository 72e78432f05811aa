// The timetable's domain on an in-memory database with a fake clock: instants in the class's zone, the
// warm pool's wish per course, capacity against the host cap, and when joining closes by itself.
import { describe, expect, it } from 'vitest';
import { ClassJoin } from '../../../server/classes/class-join.js';
import { ClassSessions } from '../../../server/classes/class-sessions.js';
import { peakLoad } from '../../../server/classes/session-capacity.js';
import { AccountRepo } from '../../../server/store/account-repo.js';
import { ClassMemberRepo } from '../../../server/store/class-member-repo.js';
import { ClassRepo } from '../../../server/store/class-repo.js';
import { ClassSessionRepo } from '../../../server/store/class-session-repo.js';
import { openDatabase } from '../../../server/store/database.js';
import { LabsRepo } from '../../../server/store/labs-repo.js';
import { UsersRepo } from '../../../server/store/users-repo.js';

const LEAD = 10 * 60_000;

function setup(maxLabs = 100) {
  const db = openDatabase(':memory:');
  const users = new UsersRepo(db);
  const classes = new ClassRepo(db);
  const members = new ClassMemberRepo(db);
  const labs = new LabsRepo(db);
  const trainer = users.create('t', 'h', 'trainer')!;
  let changes = 0;
  const sessions = new ClassSessions({
    sessions: new ClassSessionRepo(db),
    machinesOf: (c) => (c === 'duo' ? 2 : 1),
    leadMs: LEAD,
    maxLabs,
    defaultTimeZone: 'Europe/Paris',
    poolOf: () => ({ ready: 2, preparing: 1, target: 3 }),
    demandChanged: () => void changes++,
  });
  const newClass = (name: string, code: string, courseIds = ['solo', 'duo']) =>
    classes.create({ name, courseIds }, code, trainer.id)!;
  return { db, users, classes, members, labs, sessions, newClass, changes: () => changes };
}

describe('class sessions', () => {
  it('creates one session per consecutive day, in the class’s zone, across a DST change', () => {
    const t = setup();
    const cls = t.newClass('Semaine', 'S-1111');
    const week = t.sessions.create(
      cls,
      { courseId: 'solo', date: '2026-03-27', start: '09:00', end: '12:30', expected: 20, repeatDays: 3 },
      'fr',
      Date.UTC(2026, 0, 1),
    );
    expect(week.map((s) => [s.date, s.startsAt, s.endsAt])).toEqual([
      ['2026-03-27', '2026-03-27T08:00:00.000Z', '2026-03-27T11:30:00.000Z'],
      ['2026-03-28', '2026-03-28T08:00:00.000Z', '2026-03-28T11:30:00.000Z'],
      ['2026-03-29', '2026-03-29T07:00:00.000Z', '2026-03-29T10:30:00.000Z'], // summer time
    ]);
    expect(t.changes()).toBe(1);
    expect(week[0]).toMatchObject({ state: 'upcoming', pool: null, fits: true, hostCanHold: 100 });

    // Another zone keeps the wall clock: the instants move.
    t.classes.update(cls.id, { timeZone: 'America/New_York' });
    t.sessions.rezone(t.classes.get(cls.id)!);
    expect(t.sessions.list(t.classes.get(cls.id)!, 'fr')[0]!.startsAt).toBe('2026-03-27T13:00:00.000Z');
  });

  it('refuses a course outside the class, an end before the start and a session of another class', () => {
    const t = setup();
    const a = t.newClass('A', 'A-1111', ['solo']);
    const b = t.newClass('B', 'B-1111', ['solo']);
    const body = { courseId: 'solo', date: '2026-05-04', start: '09:00', end: '10:00', expected: 3 };
    expect(() => t.sessions.create(a, { ...body, courseId: 'duo' }, 'fr')).toThrow(
      expect.objectContaining({ reason: 'invalid-request', params: { courseId: 'invalid' } }),
    );
    expect(() => t.sessions.create(a, { ...body, end: '08:00' }, 'fr')).toThrow(
      expect.objectContaining({ reason: 'invalid-request', params: { end: 'invalid' } }),
    );
    const [s] = t.sessions.create(a, body, 'fr');
    expect(() => t.sessions.update(b, s!.id, { expected: 4 }, 'fr')).toThrow(
      expect.objectContaining({ reason: 'unknown-session' }),
    );
    expect(() => t.sessions.remove(b, s!.id)).toThrow(expect.objectContaining({ reason: 'unknown-session' }));
    expect(t.sessions.update(a, s!.id, { expected: 4, start: '08:30' }, 'fr')).toMatchObject({
      expected: 4,
      start: '08:30',
      startsAt: '2026-05-04T06:30:00.000Z',
    });
  });

  it('wants the expected learners from lead time to the end, minus those who have a lab', () => {
    const t = setup();
    const cls = t.newClass('Lundi', 'L-1111');
    const other = t.newClass('Autre', 'O-1111');
    const [s] = t.sessions.create(
      cls,
      { courseId: 'solo', date: '2026-05-04', start: '09:00', end: '12:00', expected: 5 },
      'fr',
    );
    t.sessions.create(
      other,
      { courseId: 'solo', date: '2026-05-04', start: '10:00', end: '11:00', expected: 2 },
      'fr',
    );
    const startsAt = Date.parse(s!.startsAt);
    expect(t.sessions.timetable(startsAt - LEAD - 1)).toEqual(new Map());
    expect(t.sessions.timetable(startsAt - LEAD)).toEqual(new Map([['solo', 5]]));
    expect(t.sessions.view(recordOf(t, s!.id), 'fr', startsAt - 60_000)).toMatchObject({
      state: 'warming',
      pool: { ready: 2, preparing: 1, target: 3 },
    });

    // Two learners of the class start the course (any lab counts); a learner of another class does not.
    for (const name of ['ana', 'bob', 'cid']) {
      const u = t.users.create(name, 'h')!;
      t.members.addLearner(name === 'cid' ? other.id : cls.id, u.id, null);
      if (name !== 'bob') t.labs.getOrCreate(u.id, 'solo', 'img');
    }
    const u = t.users.create('dan', 'h')!;
    t.members.addLearner(cls.id, u.id, null);
    t.labs.setState(t.labs.getOrCreate(u.id, 'solo', 'img').id, 'stopped');
    // Sessions of the same course add up: 5 - 2 (ana, dan) + 2 - 1 (cid) while both run.
    const both = Date.parse('2026-05-04T08:30:00.000Z');
    expect(t.sessions.timetable(both)).toEqual(new Map([['solo', 4]]));
    expect(t.sessions.timetable(Date.parse(s!.endsAt) - 1)).toEqual(new Map([['solo', 3]]));
    expect(t.sessions.timetable(Date.parse(s!.endsAt))).toEqual(new Map());
    expect(t.sessions.view(recordOf(t, s!.id), 'fr', Date.parse(s!.endsAt))).toMatchObject({
      state: 'over',
      pool: null,
    });

    // An archived class's sessions want nothing.
    t.classes.update(cls.id, { archived: true });
    t.classes.update(other.id, { archived: true });
    expect(t.sessions.timetable(both)).toEqual(new Map());
  });

  it('tells when the host cannot hold a session beside the overlapping ones (weighted by machines)', () => {
    const t = setup(50);
    const a = t.newClass('A', 'A-2222');
    const b = t.newClass('B', 'B-2222');
    const day = { date: '2026-05-04', start: '09:00', end: '12:00' };
    const [first] = t.sessions.create(a, { ...day, courseId: 'solo', expected: 30 }, 'fr');
    expect(first).toMatchObject({ hostCanHold: 50, fits: true });
    expect(first!.capacityNote).toBeUndefined();
    // 20 machines are left at 9:00; a 2-machine course fits 10 learners there: still created, with a note.
    const [second] = t.sessions.create(b, { ...day, courseId: 'duo', expected: 12 }, 'en');
    expect(second).toMatchObject({ hostCanHold: 10, fits: false });
    expect(second!.capacityNote).toMatch(/room for 10 of the 12 learners \(2 machines each\)/);
    expect(t.sessions.list(b, 'fr')[0]!.capacityNote).toMatch(/place pour 10 apprenant·es sur 12/);
    // The first one now shares the host with 24 machines: both are flagged.
    expect(t.sessions.list(a, 'fr')[0]).toMatchObject({ hostCanHold: 26, fits: false });
    // A session the afternoon does not meet them.
    const [pm] = t.sessions.create(
      b,
      { date: '2026-05-04', start: '14:00', end: '17:00', courseId: 'solo', expected: 50 },
      'fr',
    );
    expect(pm).toMatchObject({ hostCanHold: 50, fits: true });
  });

  it('adds the peak of the overlapping sessions, not their sum', () => {
    const span = { from: 0, to: 100 };
    expect(
      peakLoad(span, [
        { from: -10, to: 40, machines: 10 },
        { from: 50, to: 120, machines: 7 },
      ]),
    ).toBe(10);
    expect(
      peakLoad(span, [
        { from: 20, to: 60, machines: 10 },
        { from: 50, to: 120, machines: 7 },
      ]),
    ).toBe(17);
  });

  it('closes joining after the end date on the class’s clocks, else after the last session', () => {
    const t = setup();
    const accounts = new AccountRepo(t.db);
    const join = new ClassJoin({
      db: t.db,
      classes: t.classes,
      members: t.members,
      users: t.users,
      accounts,
      onJoined: () => undefined,
      closesAt: (c) => t.sessions.closesAt(c),
    });
    const cls = t.newClass('Fin', 'F-1111');
    expect(t.sessions.closesAt(cls)).toBeNull();
    t.sessions.create(
      cls,
      { courseId: 'solo', date: '2026-05-04', start: '09:00', end: '12:00', expected: 3, repeatDays: 2 },
      'fr',
    );
    expect(t.sessions.closesAt(t.classes.get(cls.id)!)).toBe(Date.parse('2026-05-05T10:00:00.000Z'));
    t.classes.update(cls.id, { endsOn: '2026-05-08' });
    const rec = t.classes.get(cls.id)!;
    const end = Date.parse('2026-05-08T21:59:59.999Z');
    expect(t.sessions.closesAt(rec)).toBe(end);
    expect(join.closedReason(rec, end - 1)).toBeNull();
    expect(join.closedReason(rec, end)).toBe('ended');
    t.classes.update(cls.id, { joiningOpen: false });
    expect(join.closedReason(t.classes.get(cls.id)!, 0)).toBe('closed');
  });
});

function recordOf(t: ReturnType<typeof setup>, id: string) {
  return new ClassSessionRepo(t.db).get(id)!;
}
