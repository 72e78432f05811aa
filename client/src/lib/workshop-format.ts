// A workshop's times as people read them: on the workshop's clocks, in the page's language.

const safe = (lang: string, opts: Intl.DateTimeFormatOptions, timeZone?: string) => {
  try {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone });
  } catch {
    return new Intl.DateTimeFormat(lang, opts);
  }
};

/** `14:00` (or `2:00 PM`) in the zone. */
export const timeIn = (iso: string, timeZone: string | undefined, lang: string): string =>
  safe(lang, { timeStyle: 'short' }, timeZone).format(new Date(iso));

/** `6 décembre 2026` in the zone. */
export const dayIn = (iso: string, timeZone: string | undefined, lang: string): string =>
  safe(lang, { dateStyle: 'long' }, timeZone).format(new Date(iso));

/** `6 décembre 2026 à 14:00` in the zone. */
export const momentIn = (iso: string, timeZone: string | undefined, lang: string): string =>
  safe(lang, { dateStyle: 'long', timeStyle: 'short' }, timeZone).format(new Date(iso));
