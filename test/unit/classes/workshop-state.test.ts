// Where a workshop stands for someone opening its link: before, during, full, after.
import { describe, expect, it } from 'vitest';
import { workshopState } from '../../../server/classes/workshop-state.js';
import type { ClassRecord } from '../../../server/store/class-repo.js';

const HOUR = 3_600_000;
const opensAt = Date.UTC(2026, 9, 10, 12);
const workshop = (over: Partial<ClassRecord> = {}): ClassRecord => ({
  id: 'w',
  name: 'Fête de la science',
  joinCode: 'FETE-0000-0000',
  joiningOpen: true,
  startsOn: null,
  endsOn: null,
  capacity: 2,
  archivedAt: null,
  createdBy: null,
  createdAt: opensAt - 24 * HOUR,
  courseIds: ['c'],
  timeZone: null,
  learnerCatchUp: false,
  kind: 'workshop',
  opensAt,
  closesAt: opensAt + 2 * HOUR,
  graceMin: 15,
  learnerPairing: false,
  endedAt: null,
  visitorsTotal: null,
  passesTotal: null,
  ...over,
});

describe('workshopState', () => {
  it('is not-open before the window, open in it, ended from its end', () => {
    expect(workshopState(workshop(), 0, opensAt - 1)).toBe('not-open');
    expect(workshopState(workshop(), 0, opensAt)).toBe('open');
    expect(workshopState(workshop(), 0, opensAt + 2 * HOUR - 1)).toBe('open');
    expect(workshopState(workshop(), 0, opensAt + 2 * HOUR)).toBe('ended');
  });

  it('is full once the seats are taken or joining is closed', () => {
    expect(workshopState(workshop(), 1, opensAt)).toBe('open');
    expect(workshopState(workshop(), 2, opensAt)).toBe('full');
    expect(workshopState(workshop({ joiningOpen: false }), 0, opensAt)).toBe('full');
  });

  it('is ended once its records are gone or it is archived, even within the window', () => {
    expect(workshopState(workshop({ endedAt: opensAt }), 0, opensAt + HOUR)).toBe('ended');
    expect(workshopState(workshop({ archivedAt: opensAt }), 0, opensAt + HOUR)).toBe('ended');
  });
});
