import type { Lang } from '../courses/course-registry.js';
import { cellKey } from './class-grid.js';
import type { CellStatus, ClassGrid } from './class-types.js';

export interface ExportRow {
  learner: string;
  username: string;
  courseId: string;
  course: string;
  exerciseId: string;
  exercise: string;
  /** The grid's status; `skipped`: brought past it by a catch-up (« rattrapé »), not done by the learner. */
  status: CellStatus;
  /** `status` in the export's language. */
  statusText: string;
  completedAt: string | null;
  attempts: number;
  timeSpentSeconds: number;
  /** The learner's partner when they work in a pair (the « Binôme » column). */
  pair?: string;
}

export interface CsvOptions {
  /** `;` for spreadsheets in French (and other comma-decimal) locales; numbers then use a decimal comma. */
  separator: ',' | ';';
  lang: Lang;
  /** IANA time zone for the dates (the trainer's browser's); the server's when absent or unknown. */
  timeZone?: string;
}

const HEADERS: Record<Lang, string[]> = {
  fr: [
    'Apprenant',
    'Identifiant',
    'Cours',
    'Exercice',
    'Statut',
    'Terminé le',
    'Tentatives',
    'Temps passé (min)',
  ],
  en: ['Learner', 'Username', 'Course', 'Exercise', 'Status', 'Completed at', 'Attempts', 'Time spent (min)'],
};

const PAIR_HEADER: Record<Lang, string> = { fr: 'Binôme', en: 'Pair' };

const STATUS_TEXT: Record<Lang, Record<CellStatus, string>> = {
  fr: {
    done: 'terminé',
    skipped: 'rattrapé',
    'in-progress': 'en cours',
    failing: 'en échec',
    'not-started': 'pas commencé',
  },
  en: {
    done: 'done',
    skipped: 'caught up',
    'in-progress': 'in progress',
    failing: 'failing',
    'not-started': 'not started',
  },
};

/** A cell's status as the export words it (« rattrapé » / "caught up" for a catch-up's skip). */
export const statusText = (status: CellStatus, lang: Lang): string => STATUS_TEXT[lang][status];

/** One row per learner and exercise of the class, done or not. */
export function exportRows(grid: ClassGrid, lang: Lang = 'fr'): ExportRow[] {
  return grid.learners.flatMap((l) =>
    grid.columns.map((c) => {
      const cell = l.cells[cellKey(c.courseId, c.exerciseId)];
      const status = cell?.status ?? 'not-started';
      return {
        learner: l.displayName,
        username: l.username,
        courseId: c.courseId,
        course: c.courseTitle,
        exerciseId: c.exerciseId,
        exercise: c.title,
        status,
        statusText: statusText(status, lang),
        completedAt: cell?.completedAt ?? null,
        attempts: cell?.attempts ?? 0,
        timeSpentSeconds: Math.round((cell?.activeMs ?? 0) / 1000),
        ...(l.pair && { pair: l.pair.partner }),
      };
    }),
  );
}

/** Validates an IANA zone name; undefined when the runtime does not know it. */
export function knownTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

/** `2025-03-04 14:05:09`, which LibreOffice and Excel read as a date-time in every locale. */
export function spreadsheetDate(isoDate: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(isoDate));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** A CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula. */
export function csvField(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(separator) || /["\r\n]/.test(safe) || safe !== safe.trim()
    ? `"${safe.replace(/"/g, '""')}"`
    : safe;
}

/** UTF-8 CSV with a byte order mark and CRLF line ends (RFC 4180), as LibreOffice opens it cleanly. */
export function toCsv(rows: ExportRow[], o: CsvOptions): string {
  const num = (n: number) => (o.separator === ';' ? String(n).replace('.', ',') : String(n));
  // The « Binôme » column only when someone of the class works in a pair (older exports keep their shape).
  const paired = rows.some((r) => r.pair !== undefined);
  const lines = [paired ? [...HEADERS[o.lang], PAIR_HEADER[o.lang]] : HEADERS[o.lang]].concat(
    rows.map((r) => [
      r.learner,
      r.username,
      r.course,
      r.exercise,
      statusText(r.status, o.lang),
      r.completedAt ? spreadsheetDate(r.completedAt, o.timeZone) : '',
      String(r.attempts),
      num(Math.round(r.timeSpentSeconds / 6) / 10),
      ...(paired ? [r.pair ?? ''] : []),
    ]),
  );
  return (
    '\uFEFF' +
    lines.map((l) => l.map((f) => csvField(f, o.separator)).join(o.separator)).join('\r\n') +
    '\r\n'
  );
}

/** `classe-nginx-mars-20250304.csv`: an ASCII file name from the class name and the day. */
export function exportFileName(className: string, ext: 'csv' | 'json', now = new Date()): string {
  const slug =
    className
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'classe';
  return `${slug}-${now.toISOString().slice(0, 10).replace(/-/g, '')}.${ext}`;
}
