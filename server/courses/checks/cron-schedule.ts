/** Cron schedules compared field by field: `0 0 * * *` is `@daily`, `MON` is `1`, `05` is `5`. */

export const CRON_FIELDS = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const;
export type CronField = (typeof CRON_FIELDS)[number];
export type PartialSchedule = Partial<Record<CronField, string>>;

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** One field in a canonical spelling: names to numbers, no leading zeros, Sunday as 0. */
export function normalizeField(field: CronField, text: string): string {
  let t = text.trim().toLowerCase();
  if (field === 'month') t = t.replace(/[a-z]{3}/g, (m) => String(MONTHS.indexOf(m) + 1 || m));
  if (field === 'dayOfWeek')
    t = t.replace(/[a-z]{3}/g, (m) => (DAYS.includes(m) ? String(DAYS.indexOf(m)) : m));
  t = t.replace(/[0-9]+/g, (n) => String(Number(n)));
  if (field === 'dayOfWeek') t = t.replace(/(^|,)7(?=$|,)/g, (_, sep: string) => `${sep}0`);
  return t;
}

/** The five fields of a schedule (macros expanded), or undefined for `@reboot` and the like. */
export function fieldsOf(schedule: string): Record<CronField, string> | undefined {
  const s = schedule.trim().toLowerCase();
  const parts = (MACROS[s] ?? s).split(/\s+/);
  if (parts.length !== 5 || parts.some((p) => p.startsWith('@'))) return undefined;
  return Object.fromEntries(CRON_FIELDS.map((f, i) => [f, normalizeField(f, parts[i] ?? '')])) as Record<
    CronField,
    string
  >;
}

/** True when `got` has every field `want` gives (a string: every field, or the same `@reboot`). */
export function scheduleMatches(got: string, want: string | PartialSchedule): boolean {
  if (typeof want === 'string') {
    const [g, w] = [fieldsOf(got), fieldsOf(want)];
    if (!g || !w) return got.trim().toLowerCase() === want.trim().toLowerCase();
    return CRON_FIELDS.every((f) => g[f] === w[f]);
  }
  const g = fieldsOf(got);
  return !!g && CRON_FIELDS.every((f) => want[f] === undefined || g[f] === normalizeField(f, want[f]));
}

const NAMES_FR: Record<CronField, string> = {
  minute: 'minute',
  hour: 'heure',
  dayOfMonth: 'jour du mois',
  month: 'mois',
  dayOfWeek: 'jour de la semaine',
};

/** How the expected schedule reads in a message: `30 2 * * *` or `minute 30, hour 2`. */
export function describeSchedule(want: string | PartialSchedule, lang: 'fr' | 'en'): string {
  if (typeof want === 'string') return want;
  return CRON_FIELDS.filter((f) => want[f] !== undefined)
    .map((f) => `${lang === 'fr' ? NAMES_FR[f] : f} ${want[f]}`)
    .join(', ');
}
