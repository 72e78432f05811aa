import type { ClassRecord } from '../store/class-repo.js';

/** The workshop fields of a ClassView (class-types.ts): its kind, window, grace, and the counts it keeps. */
export function workshopFields(rec: ClassRecord, learnerCount: number) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    kind: rec.kind,
    opensAt: iso(rec.opensAt),
    closesAt: iso(rec.closesAt),
    graceMin: rec.graceMin,
    seatsTaken: rec.kind === 'workshop' ? learnerCount : null,
    endedAt: iso(rec.endedAt),
    visitorsTotal: rec.visitorsTotal,
    passesTotal: rec.passesTotal,
  };
}
