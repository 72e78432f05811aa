import { randomInt } from 'node:crypto';

/**
 * Join codes a trainer can read aloud and write on a whiteboard: a word and eight random digits in two
 * groups, `NGINX-4821-7395`. The word comes from the class name (or its first course), so it is guessable;
 * the digits are the secret: 10^8 per word. Learners may type it in any case, with or without dashes or
 * spaces. Codes made before (a word and 4 to 6 digits, `NGINX-4821`) stay valid until regenerated.
 */
const FILLER = new Set(
  `formation cours classe semaine session groupe atelier stage module initiation introduction
   the class course week training group workshop`.split(/\s+/),
);
const MAX_WORD = 12;
const FALLBACK = 'ATELIER';

const ascii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

/** The readable word of a class's codes. */
export function codeWord(className: string, firstCourseId?: string): string {
  const words = ascii(className)
    .split(/[^A-Z]+/)
    .filter((w) => w.length >= 3);
  const word =
    words.find((w) => !FILLER.has(w.toLowerCase())) ??
    ascii(firstCourseId ?? '')
      .split(/[^A-Z]+/)
      .find((w) => w.length >= 3) ??
    FALLBACK;
  return word.slice(0, MAX_WORD);
}

export const CODE_DIGITS = 8;

/**
 * Failed codes per IP per hour before that IP's lookups are all refused (FailureBudget). A class of 60
 * behind one address would need 16 typos each; an enumerator who knows the word and targets one class
 * needs on average 10^8 / 2 / 1 000 = 50 000 hours (5.7 years) per address (docs/SECURITY.md).
 */
export const JOIN_FAILURES = { max: 1_000, windowMs: 3_600_000 };

/** A fresh candidate code: the word and CODE_DIGITS random digits (leading zeros kept). */
export function newJoinCode(word: string): string {
  return canonical(word, String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0'));
}

/** The canonical form of what a learner typed (`nginx 48217395` → `NGINX-4821-7395`), or undefined. */
export function normalizeJoinCode(input: string): string | undefined {
  const compact = ascii(input).replace(/[^A-Z0-9]/g, '');
  const m = /^([A-Z]{1,12})(\d{4,6}|\d{8})$/.exec(compact);
  return m ? canonical(m[1]!, m[2]!) : undefined;
}

/** Old codes (4 to 6 digits) are kept as they were written; new ones are grouped by four. */
const canonical = (word: string, digits: string): string =>
  digits.length === CODE_DIGITS ? `${word}-${digits.slice(0, 4)}-${digits.slice(4)}` : `${word}-${digits}`;

/** Tries candidates until `tryCode` accepts one (unique in the database). */
export function allocateJoinCode(word: string, tryCode: (code: string) => boolean): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = newJoinCode(word);
    if (tryCode(code)) return code;
  }
  throw new Error(`no free join code for ${word} after 20 attempts`);
}
