// The trainer's week, computed on the client from the server's facts: who is behind an exercise, the
// class's day and time zone, the exercises of a course. Pure (no DOM), unit-tested.
import type { ClassGrid, GridColumn, LearnerRow, SessionView } from './types.js';

/** A cell the learner is past: passed by them, or brought past by a catch-up. */
const isPast = (status: string | undefined): boolean => status === 'done' || status === 'skipped';

/** The grid's columns of one course, in the course's order. */
export function exercisesOf(grid: Pick<ClassGrid, 'columns'>, courseId: string): GridColumn[] {
  return grid.columns.filter((c) => c.courseId === courseId);
}

/** Index of the learner's first exercise not past in that course (the course's length when all are). */
export function firstOpenIndex(row: LearnerRow, columns: GridColumn[]): number {
  const i = columns.findIndex((c) => !isPast(row.cells[`${c.courseId}/${c.exerciseId}`]?.status));
  return i < 0 ? columns.length : i;
}

/**
 * Learners "behind exercise N" as the server counts them for bring-to: their first exercise not done in
 * that course comes before N, or they have no lab nor progress in it yet.
 */
export function learnersBehind(grid: ClassGrid, courseId: string, exerciseId: string): LearnerRow[] {
  const columns = exercisesOf(grid, courseId);
  const target = columns.findIndex((c) => c.exerciseId === exerciseId);
  if (target < 0) return [];
  return grid.learners.filter((row) => {
    const hasLab = row.labs.some((l) => l.courseId === courseId);
    const touched = columns.some((c) => row.cells[`${c.courseId}/${c.exerciseId}`]);
    return (!hasLab && !touched) || firstOpenIndex(row, columns) < target;
  });
}

/** The course a trainer acts on for a learner: the one they worked on last, else the class's first. */
export function courseOfRow(grid: ClassGrid, row?: LearnerRow): string {
  return row?.current?.courseId ?? row?.labs[0]?.courseId ?? grid.class.courseIds[0] ?? '';
}

/** `YYYY-MM-DD` of `now` in a time zone (the form's default day is the class's today). */
export function dayIn(timeZone: string, now: number | Date = Date.now()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** The browser's own time zone (suggested for a class), empty when the browser does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  } catch {
    return '';
  }
}

/** Every IANA zone the browser knows (for the settings' suggestions); a short list when it cannot say. */
export function knownTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? ['Europe/Paris', 'UTC'];
  } catch {
    return ['Europe/Paris', 'UTC'];
  }
}

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
};

/** An instant as a day (and time) read in the class's zone, e.g. `12 mars 2027 à 17:00`. */
export function formatInZone(
  iso: string,
  timeZone: string | undefined,
  lang: string,
  withTime = false,
): string {
  const opts: Intl.DateTimeFormatOptions = withTime
    ? { dateStyle: 'long', timeStyle: 'short' }
    : { dateStyle: 'long' };
  try {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(lang, opts).format(new Date(iso));
  }
}

/** « 38/40 machines prêtes »: shown while the session's pool warms or the session runs. */
export function readyMachines(s: SessionView): { ready: number; expected: number } | undefined {
  if (!s.pool || (s.state !== 'warming' && s.state !== 'running')) return undefined;
  return { ready: Math.min(s.pool.ready, s.expected), expected: s.expected };
}

/** `HH:MM` strings compare as times. */
export const endsAfterStart = (start: string, end: string): boolean => end > start;
