// The pair in the class's export and the learner's pair code as typed: pure functions, no Docker.
import { describe, expect, it } from 'vitest';
import { learnerPairs, normalizePairCode } from '../../../server/classes/class-pairs.js';
import { toCsv, type ExportRow } from '../../../server/classes/class-export.js';
import type { PairRecord } from '../../../server/store/pair-repo.js';

const row = (learner: string, pair?: string): ExportRow => ({
  learner,
  username: learner.toLowerCase(),
  courseId: 'premiers-pas',
  course: 'Premiers pas',
  exerciseId: 'se-reperer',
  exercise: 'Se repérer',
  status: 'done',
  statusText: 'terminé',
  completedAt: null,
  attempts: 1,
  timeSpentSeconds: 60,
  ...(pair !== undefined && { pair }),
});

describe('pairs in the export', () => {
  it('adds a last « Binôme » column only when someone is paired', () => {
    const alone = toCsv([row('Zoé')], { separator: ';', lang: 'fr' });
    expect(alone.slice(1).split('\r\n')[0]).not.toContain('Binôme');
    const lines = toCsv([row('Léa', 'Marc'), row('Marc', 'Léa'), row('Zoé')], { separator: ',', lang: 'en' })
      .slice(1)
      .split('\r\n');
    expect(lines[0]).toMatch(/,Time spent \(min\),Pair$/);
    expect(lines[1]).toMatch(/,Marc$/);
    expect(lines[3]).toMatch(/,1,$/);
  });

  it('names each member’s partner and the host, complete pairs only', () => {
    const pairs: PairRecord[] = [
      { id: 'p1', classId: 'c', hostId: 'lea', code: null, createdAt: 0, members: ['lea', 'marc'] },
      { id: 'p2', classId: 'c', hostId: 'zoe', code: 'ABCDEF', createdAt: 0, members: ['zoe'] },
    ];
    const members = [
      { userId: 'lea', displayName: 'Léa' },
      { userId: 'marc', displayName: 'Marc' },
      { userId: 'zoe', displayName: 'Zoé' },
    ];
    const byLearner = learnerPairs(
      { ofClass: () => pairs },
      {
        list: () => members.map((m) => ({ ...m, username: m.userId, role: 'learner' as const, joinedAt: 0 })),
      },
      'c',
    );
    expect(Object.fromEntries(byLearner)).toEqual({
      lea: { pairId: 'p1', partner: 'Marc', host: true },
      marc: { pairId: 'p1', partner: 'Léa', host: false },
    });
  });

  it('reads a code typed in any case, with spaces or dashes', () => {
    expect(normalizePairCode(' ab3-k7 q ')).toBe('AB3K7Q');
  });
});
