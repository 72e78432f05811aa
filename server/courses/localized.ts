import { z } from 'zod';
import type { Lang } from './course-registry.js';

/** A text in every language the platform speaks. French first, English too. */
export interface Localized {
  fr: string;
  en: string;
}

export const localizedSchema = z.strictObject({
  fr: z.string().trim().min(1, 'the French text is empty'),
  en: z.string().trim().min(1, 'the English text is empty'),
});

export function pick(text: Localized, lang: Lang): string {
  return text[lang];
}

/** Same text in both languages (paths, commands). */
export function same(text: string): Localized {
  return { fr: text, en: text };
}

/** Tagged helper: `l('Le fichier ' + p + ' existe', 'The file ' + p + ' exists')`. */
export function l(fr: string, en: string): Localized {
  return { fr, en };
}
