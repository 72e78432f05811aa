// Wall-clock dates and times in an IANA time zone ↔ UTC milliseconds, with Intl only (no library).
// A class's timetable is written in its own zone (« lundi 9:00 à Paris »); the server compares UTC.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's canonical name (`europe/paris` → `Europe/Paris`); undefined when Intl does not know it. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The wall clock of `ms` in the zone, read as if it were UTC (so offsets are plain differences). */
function wallAsUtc(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year, month, day, hour, minute, second } = parts as Record<string, number>;
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) + (((ms % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at instant `ms` (Paris in summer: +7 200 000). */
export function offsetAt(ms: number, timeZone: string): number {
  return wallAsUtc(ms, timeZone) - ms;
}

const DAY_MS = 86_400_000;

/**
 * The instant when the zone's clocks show `date` (`YYYY-MM-DD`) at `time` (`HH:MM`). Like Temporal's
 * 'compatible': a time skipped by a spring-forward gap moves forward by the gap (02:30 → 03:30 in Paris),
 * a time shown twice in autumn is the earlier one. Assumes at most one offset change within a day.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!, hh!, mm!);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [wall - before, wall - after].filter((t) => wallAsUtc(t, timeZone) === wall);
  return valid.length ? Math.min(...valid) : wall - before;
}

/** `ms` as the zone's wall clock: `{date: 'YYYY-MM-DD', time: 'HH:MM'}`. */
export function utcToZoned(ms: number, timeZone: string): { date: string; time: string } {
  const iso = new Date(wallAsUtc(ms, timeZone)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** `date` plus `days` calendar days (`YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The last millisecond of `date` in the zone (23:59:59.999 on its clocks, whatever the day's length). */
export function endOfDay(date: string, timeZone: string): number {
  return zonedToUtc(addDays(date, 1), '00:00', timeZone) - 1;
}

/** A real calendar date (`2026-02-30` is not). */
export function isCalendarDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && addDays(date, 0) === date;
}
