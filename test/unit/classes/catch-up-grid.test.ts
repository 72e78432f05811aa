// Exercises skipped by a catch-up in the trainer's grid and export: their own status, not counted as the
// learner's, the current exercise after them, « rattrapé » / "caught up" in the export.
import { describe, expect, it } from 'vitest';
import { buildRows, type GridFacts } from '../../../server/classes/class-grid.js';
import { exportRows, toCsv } from '../../../server/classes/class-export.js';
import type { ClassGrid } from '../../../server/classes/class-types.js';
import type { ProgressFact } from '../../../server/store/class-progress-repo.js';

const MIN = 60_000;
const NOW = 1_000 * MIN;
const columns = ['a', 'b', 'c'].map((e) => ({
  courseId: 'k',
  courseTitle: 'K',
  exerciseId: e,
  title: e.toUpperCase(),
}));
const learner = { userId: 'u1', username: 'zoe', displayName: 'Zoé', role: 'learner' as const, joinedAt: 0 };
const row = (exerciseId: string, skipped: number): ProgressFact => ({
  userId: 'u1',
  courseId: 'k',
  exerciseId,
  attempts: skipped ? 0 : 1,
  completedAt: NOW - 5 * MIN,
  skipped,
  lastResult: null,
  updatedAt: NOW - 5 * MIN,
});
const facts: GridFacts = {
  columns,
  learners: [learner],
  progress: [row('a', 0), row('b', 1)],
  times: [],
  labs: [],
  now: NOW,
  stuckAfterMs: 10 * MIN,
  activeWindowMs: 5 * MIN,
};

describe('grid and export after a catch-up', () => {
  it('shows skipped exercises as skipped, counts only the learner’s own passes, and moves on after them', () => {
    const [r] = buildRows(facts);
    expect(Object.values(r!.cells).map((c) => c.status)).toEqual(['done', 'skipped', 'in-progress']);
    expect(r!.done).toBe(1);
    expect(r!.current).toMatchObject({ courseId: 'k', exerciseId: 'c' });
  });

  it('says « rattrapé » / "caught up" in the export’s status column', () => {
    const grid = {
      class: { name: 'X' },
      columns,
      learners: buildRows(facts),
    } as unknown as ClassGrid;
    const fr = exportRows(grid, 'fr');
    expect(fr.map((x) => [x.exerciseId, x.status, x.statusText])).toEqual([
      ['a', 'done', 'terminé'],
      ['b', 'skipped', 'rattrapé'],
      ['c', 'in-progress', 'en cours'],
    ]);
    expect(exportRows(grid, 'en')[1]?.statusText).toBe('caught up');
    const csv = toCsv(fr, { separator: ';', lang: 'fr', timeZone: 'UTC' }).slice(1).split('\r\n');
    expect(csv[0]).toBe(
      'Apprenant;Identifiant;Cours;Exercice;Statut;Terminé le;Tentatives;Temps passé (min)',
    );
    expect(csv[2]).toBe('Zoé;zoe;K;B;rattrapé;1970-01-01 16:35:00;0;0');
    expect(toCsv(fr, { separator: ',', lang: 'en', timeZone: 'UTC' }).split('\r\n')[2]).toContain(
      ',caught up,',
    );
  });
});
