import { z } from 'zod';
import { DISPLAY_NAME, shapeOf } from './credential-limits.js';

/** What a learner may call themselves when joining: 2–40 letters, digits, spaces, `.`, `'`, `-`, `_`. */
export const displayNameSchema = z
  .string()
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(DISPLAY_NAME.min, `au moins ${DISPLAY_NAME.min} caractères`)
      .max(DISPLAY_NAME.max, `au plus ${DISPLAY_NAME.max} caractères`)
      .regex(shapeOf(DISPLAY_NAME), "lettres, chiffres, espaces, « . », « ' » ou « - » seulement"),
  );

const USERNAME_MAX = 24;

/** The login derived from a display name: `Zoé Martin` → `zoe-martin` (ASCII, lower case). */
export function usernameBase(displayName: string): string {
  const slug = displayName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, USERNAME_MAX);
  return slug.length >= 2 ? slug : 'apprenant';
}

/** Candidate logins for a display name, in order: the base, then numbered variants. */
export function* usernameCandidates(displayName: string): Generator<string> {
  const base = usernameBase(displayName);
  yield base;
  for (let i = 2; i < 100; i++) yield `${base.slice(0, USERNAME_MAX - 3)}-${i}`;
  for (;;) yield `${base.slice(0, USERNAME_MAX - 7)}-${Math.random().toString(36).slice(2, 8)}`;
}
