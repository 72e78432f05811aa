import type { LabFact, ProgressFact, TimeFact } from '../store/class-progress-repo.js';
import type { Member } from '../store/class-member-repo.js';
import type { CellStatus, CurrentExercise, GridCell, GridColumn, LearnerRow } from './class-types.js';

/** Everything the grid of one class is computed from; a pure function of it (unit-tested). */
export interface GridFacts {
  columns: GridColumn[];
  learners: Member[];
  progress: ProgressFact[];
  times: TimeFact[];
  labs: LabFact[];
  now: number;
  stuckAfterMs: number;
  activeWindowMs: number;
  /** Current pairs by learner (class-pairs.ts); absent: nobody is paired. */
  pairs?: Map<string, { pairId: string; partner: string; host: boolean }>;
}

export const cellKey = (courseId: string, exerciseId: string): string => `${courseId}/${exerciseId}`;
const iso = (ms: number | null | undefined): string | null => (ms ? new Date(ms).toISOString() : null);

/**
 * What the first failing check of a stored attempt (`last_result` JSON) found, for the trainer: its full
 * detail (a command's exit code and output) when it has one, else the message the learner saw.
 */
export function firstFailure(lastResult: string | null): string | undefined {
  if (!lastResult) return undefined;
  try {
    const checks = JSON.parse(lastResult) as unknown;
    if (!Array.isArray(checks)) return undefined;
    const failed = checks.find((c): c is { message: string; detail?: unknown } => {
      const x = c as { passed?: unknown; message?: unknown };
      return x.passed === false && typeof x.message === 'string';
    });
    return typeof failed?.detail === 'string' ? failed.detail : failed?.message;
  } catch {
    return undefined;
  }
}

const isCompleted = (s: CellStatus | undefined): boolean => s === 'done' || s === 'skipped';

function byUser<T extends { userId: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(i.userId, [...(out.get(i.userId) ?? []), i]);
  return out;
}

export function buildRows(f: GridFacts): LearnerRow[] {
  const progress = byUser(f.progress);
  const times = byUser(f.times);
  const labs = byUser(f.labs);
  return f.learners.map((m) =>
    buildRow(f, m, progress.get(m.userId) ?? [], times.get(m.userId) ?? [], labs.get(m.userId) ?? []),
  );
}

function buildRow(f: GridFacts, m: Member, progress: ProgressFact[], times: TimeFact[], labs: LabFact[]) {
  const p = new Map(progress.map((x) => [cellKey(x.courseId, x.exerciseId), x]));
  const t = new Map(times.map((x) => [cellKey(x.courseId, x.exerciseId), x]));
  const cells: Record<string, GridCell> = {};
  for (const c of f.columns) {
    const key = cellKey(c.courseId, c.exerciseId);
    const pf = p.get(key);
    const tf = t.get(key);
    const message = pf && !pf.completedAt && pf.attempts > 0 ? firstFailure(pf.lastResult) : undefined;
    // Skipped: a catch-up ran the solution for them (it stays so even if they pass it afterwards).
    const completed = pf?.completedAt ? (pf.skipped ? 'skipped' : 'done') : undefined;
    cells[key] = {
      status: completed ?? (message ? 'failing' : tf ? 'in-progress' : 'not-started'),
      attempts: pf?.attempts ?? 0,
      completedAt: iso(pf?.completedAt),
      ...(message ? { message } : {}),
      activeMs: tf?.activeMs ?? 0,
    };
  }
  // Recency per course: the learner's current exercise is in the course they touched last.
  const recency = new Map<string, number>();
  const seen = (courseId: string, at: number) =>
    recency.set(courseId, Math.max(recency.get(courseId) ?? 0, at));
  progress.forEach((x) => seen(x.courseId, x.updatedAt));
  times.forEach((x) => seen(x.courseId, x.lastActiveAt));
  labs.forEach((x) => seen(x.courseId, x.lastActivityAt));
  const lastActive = Math.max(0, ...recency.values());

  let current: CurrentExercise | null = null;
  for (const [courseId] of [...recency].sort((a, b) => b[1] - a[1])) {
    const col = f.columns.find(
      (c) => c.courseId === courseId && !isCompleted(cells[cellKey(courseId, c.exerciseId)]?.status),
    );
    if (!col) continue;
    const key = cellKey(courseId, col.exerciseId);
    const cell = cells[key]!;
    if (cell.status === 'not-started') cell.status = 'in-progress';
    const started = t.get(key)?.startedAt ?? null;
    current = { courseId, exerciseId: col.exerciseId, activeMs: cell.activeMs, startedAt: iso(started) };
    break;
  }
  // The learner's own passes only: exercises skipped by a catch-up are not theirs.
  const done = Object.values(cells).filter((c) => c.status === 'done').length;
  const active = lastActive > 0 && f.now - lastActive <= f.activeWindowMs;
  return {
    userId: m.userId,
    username: m.username,
    displayName: m.displayName,
    joinedAt: new Date(m.joinedAt).toISOString(),
    labs: labs.map((l) => ({ courseId: l.courseId, labId: l.labId, state: l.state })),
    cells,
    done,
    total: f.columns.length,
    current,
    lastActiveAt: iso(lastActive),
    stuck: !!current && active && current.activeMs >= f.stuckAfterMs,
    ...(f.pairs?.has(m.userId) && { pair: f.pairs.get(m.userId) }),
  } satisfies LearnerRow;
}
