import { randomInt } from 'node:crypto';

/**
 * Join codes a trainer can read aloud and write on a whiteboard: a word and four digits, `NGINX-4821`.
 * The word comes from the class name (or its first course); the digits are random. Learners may type
 * it in any case, with or without the dash or spaces.
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

/** A fresh candidate code; `digits` grows when the four-digit space of a word is crowded. */
export function newJoinCode(word: string, digits = 4): string {
  const n = randomInt(10 ** (digits - 1), 10 ** digits);
  return `${word}-${n}`;
}

/** The canonical form of what a learner typed (`nginx 4821` → `NGINX-4821`), or undefined if malformed. */
export function normalizeJoinCode(input: string): string | undefined {
  const compact = ascii(input).replace(/[^A-Z0-9]/g, '');
  const m = /^([A-Z]{1,12})(\d{4,6})$/.exec(compact);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/** Tries candidates until `tryCode` accepts one (unique in the database); widens after 20 collisions. */
export function allocateJoinCode(word: string, tryCode: (code: string) => boolean): string {
  for (let attempt = 0; attempt < 60; attempt++) {
    const code = newJoinCode(word, attempt < 20 ? 4 : attempt < 40 ? 5 : 6);
    if (tryCode(code)) return code;
  }
  throw new Error(`no free join code for ${word} after 60 attempts`);
}
