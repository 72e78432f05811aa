import { beforeEach, describe, expect, it } from 'vitest';
import {
  courseOfRow,
  dayIn,
  endsAfterStart,
  exercisesOf,
  firstOpenIndex,
  formatInZone,
  isTimeZone,
  learnersBehind,
  readyMachines,
} from '../../../client/src/lib/class-week.js';
import { i18n } from '../../../client/src/lib/i18n.js';
import { isRecreating, recoverStatusText } from '../../../client/src/lib/lab-progress.js';
import type { CellStatus, ClassGrid, LearnerRow, SessionView } from '../../../client/src/lib/types.js';

const COLUMNS = ['a', 'b', 'c', 'd'].map((id, i) => ({
  courseId: 'k',
  courseTitle: 'Cours K',
  exerciseId: id,
  title: `Exercice ${i + 1}`,
}));

/** A learner whose cells of course k have these statuses, in order (a, b, c, d). */
function learner(id: string, statuses: CellStatus[], hasLab = true): LearnerRow {
  const cells = Object.fromEntries(
    statuses.map((status, i) => [
      `k/${COLUMNS[i]!.exerciseId}`,
      { status, attempts: 0, completedAt: null, activeMs: 0 },
    ]),
  );
  return {
    userId: id,
    username: id,
    displayName: id,
    joinedAt: '2027-03-01T08:00:00Z',
    labs: hasLab ? [{ courseId: 'k', labId: `lab-${id}`, state: 'running' }] : [],
    cells,
    done: 0,
    total: 4,
    current: null,
    lastActiveAt: null,
    stuck: false,
  };
}

const grid = (learners: LearnerRow[]): ClassGrid => ({
  class: { id: 'c1', courseIds: ['k'] } as ClassGrid['class'],
  columns: [...COLUMNS, { courseId: 'other', courseTitle: 'Autre', exerciseId: 'x', title: 'X' }],
  learners,
  stuckAfterMs: 0,
  activeWindowMs: 0,
  generatedAt: '2027-03-01T08:00:00Z',
});

describe('the trainer’s week on the client', () => {
  beforeEach(() => i18n.set('fr'));

  it('finds each learner’s first exercise not done, a caught-up one counting as past', () => {
    const cols = exercisesOf(grid([]), 'k');
    expect(cols.map((c) => c.exerciseId)).toEqual(['a', 'b', 'c', 'd']);
    expect(firstOpenIndex(learner('z', ['done', 'skipped', 'failing']), cols)).toBe(2);
    expect(firstOpenIndex(learner('z', ['done', 'done', 'done', 'done']), cols)).toBe(4);
    expect(firstOpenIndex(learner('z', []), cols)).toBe(0);
  });

  it('counts the learners behind exercise N as bring-to does (no lab and no progress: behind)', () => {
    const g = grid([
      learner('ahead', ['done', 'done', 'done']),
      learner('at-c', ['done', 'skipped', 'in-progress']),
      learner('at-b', ['done', 'failing']),
      learner('nothing', [], false),
    ]);
    expect(learnersBehind(g, 'k', 'c').map((r) => r.userId)).toEqual(['at-b', 'nothing']);
    expect(learnersBehind(g, 'k', 'a')).toEqual([learner('nothing', [], false)]);
    expect(learnersBehind(g, 'k', 'nope')).toEqual([]);
  });

  it('picks the course of a learner’s row, else the class’s first', () => {
    const g = grid([]);
    expect(courseOfRow(g)).toBe('k');
    expect(
      courseOfRow(g, { ...learner('z', []), labs: [{ courseId: 'other', labId: 'l', state: 'x' }] }),
    ).toBe('other');
  });

  it('reads days and instants in the class’s time zone', () => {
    const late = Date.parse('2027-03-01T23:30:00Z');
    expect(dayIn('Europe/Paris', late)).toBe('2027-03-02');
    expect(dayIn('America/New_York', late)).toBe('2027-03-01');
    expect(formatInZone('2027-03-12T22:59:59.999Z', 'Europe/Paris', 'fr')).toBe('12 mars 2027');
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(endsAfterStart('09:00', '17:00')).toBe(true);
    expect(endsAfterStart('14:00', '09:30')).toBe(false);
  });

  it('shows ready machines only while a session warms or runs', () => {
    const s = {
      expected: 40,
      state: 'warming',
      pool: { ready: 38, preparing: 2, target: 40 },
    } as SessionView;
    expect(readyMachines(s)).toEqual({ ready: 38, expected: 40 });
    expect(readyMachines({ ...s, state: 'upcoming' })).toBeUndefined();
    expect(readyMachines({ ...s, pool: null })).toBeUndefined();
  });

  it('treats catch-up and restore like a reset, and words their phases', () => {
    expect(isRecreating({ state: 'starting', reason: 'catch-up' })).toBe(true);
    expect(isRecreating({ state: 'starting', reason: 'restore' })).toBe(true);
    expect(isRecreating({ state: 'starting', reason: 'reset' })).toBe(true);
    expect(isRecreating({ state: 'starting' })).toBe(false);
    expect(isRecreating({ state: 'running', reason: 'catch-up' })).toBe(false);
    expect(recoverStatusText('catch-up', 'solving')).toBe(
      'Rattrapage — Exécution des solutions de référence…',
    );
    expect(recoverStatusText('restore', undefined)).toBe('Restauration — Remise en place de la sauvegarde…');
    expect(recoverStatusText('reset', 'creating')).toBe('');
    i18n.set('en');
    expect(recoverStatusText('catch-up', 'solving')).toBe('Catch-up — Running the reference solutions…');
  });
});
