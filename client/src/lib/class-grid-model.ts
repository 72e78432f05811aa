// The trainer's grid, computed on the client from the server's facts: order, filter, the stuck flag
// (recomputed as time passes, with the server's clock) and the short texts of each row. Pure, unit-tested.
import type { ClassGrid, ClassProgressPayload, LearnerRow } from './types.js';

export type SortKey = 'name' | 'progress';

/** Server time minus local time, from the moment a grid arrived. */
export const clockSkew = (grid: Pick<ClassGrid, 'generatedAt'>, receivedAt = Date.now()): number =>
  Date.parse(grid.generatedAt) - receivedAt;

/** Same rule as the server (class-grid.ts): active lately and long on one exercise without passing it. */
export function isStuck(
  row: LearnerRow,
  grid: Pick<ClassGrid, 'stuckAfterMs' | 'activeWindowMs'>,
  now: number,
): boolean {
  if (!row.current || !row.lastActiveAt) return false;
  const active = now - Date.parse(row.lastActiveAt) <= grid.activeWindowMs;
  return active && row.current.activeMs >= grid.stuckAfterMs;
}

const byName = (a: LearnerRow, b: LearnerRow): number =>
  a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' }) ||
  a.username.localeCompare(b.username);

/** Rows in display order: by name, or most exercises done first (ties: least time on the current one). */
export function orderRows(rows: LearnerRow[], sort: SortKey): LearnerRow[] {
  const copy = [...rows];
  if (sort === 'name') return copy.sort(byName);
  return copy.sort(
    (a, b) => b.done - a.done || (a.current?.activeMs ?? 0) - (b.current?.activeMs ?? 0) || byName(a, b),
  );
}

export function visibleRows(
  grid: ClassGrid,
  opts: { sort: SortKey; onlyStuck: boolean; now: number },
): LearnerRow[] {
  const rows = opts.onlyStuck ? grid.learners.filter((r) => isStuck(r, grid, opts.now)) : grid.learners;
  return orderRows(rows, opts.sort);
}

/** Applies one `class:progress` message to a grid (a new learner is appended). */
export function applyProgress(grid: ClassGrid, p: ClassProgressPayload): ClassGrid {
  if (p.classId !== grid.class.id) return grid;
  if ('removed' in p) return { ...grid, learners: grid.learners.filter((l) => l.userId !== p.removed) };
  const i = grid.learners.findIndex((l) => l.userId === p.learner.userId);
  const learners = [...grid.learners];
  if (i >= 0) learners[i] = p.learner;
  else learners.push(p.learner);
  return { ...grid, learners };
}

/** `< 1 min`, `12 min`, `1 h 05` (language-neutral pieces; the caller picks the words). */
export function durationParts(ms: number): { h: number; m: number } {
  const minutes = Math.floor(ms / 60_000);
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** Totals for the summary line. */
export function summary(grid: ClassGrid, now: number) {
  return {
    learners: grid.learners.length,
    stuck: grid.learners.filter((r) => isStuck(r, grid, now)).length,
    done: grid.learners.reduce((n, r) => n + r.done, 0),
  };
}

/** The lab to watch or reset for a row: the one of the current course, else the first. */
export function labOf(row: LearnerRow, courseId?: string) {
  const wanted = courseId ?? row.current?.courseId;
  return row.labs.find((l) => l.courseId === wanted) ?? row.labs[0];
}
