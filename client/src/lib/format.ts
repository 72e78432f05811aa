import { durationParts } from './class-grid-model.js';
import { i18n, t } from './i18n.js';

/** `2025-03-04` → `4 mars 2025` / `Mar 4, 2025` (a calendar day: no time zone shift). */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(i18n.lang, { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

/** An instant in the reader's time zone, short. */
export function formatInstant(iso: string | number): string {
  return new Intl.DateTimeFormat(i18n.lang, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return t('time.lessMin');
  const { h, m } = durationParts(ms);
  return h > 0 ? t('time.hours', { h, m: String(m).padStart(2, '0') }) : t('time.min', { m });
}

export function formatDates(startsOn: string | null, endsOn: string | null): string {
  if (startsOn && endsOn) return t('classes.dates', { from: formatDay(startsOn), to: formatDay(endsOn) });
  return startsOn ? formatDay(startsOn) : endsOn ? formatDay(endsOn) : '';
}
