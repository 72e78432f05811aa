import { l, type Localized } from '../localized.js';
import type { LabStat, Verdict } from './check-kind.js';

/** Octal as `chmod` shows it: 3 digits, 4 with special bits. */
export const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(3, '0');

/** Bits as chmod's symbolic form, e.g. 0o2002 → "g+s, o+w", so learners see what to change. */
export function symbolic(bits: number): string {
  const parts: string[] = [];
  const who = [
    ['u', 6, 0o4000, 's'],
    ['g', 3, 0o2000, 's'],
    ['o', 0, 0o1000, 't'],
  ] as const;
  for (const [w, shift, special, letter] of who) {
    const rwx = ['r', 'w', 'x'].filter((_, i) => bits & ((0o4 >> i) << shift)).join('');
    const extra = bits & special ? letter : '';
    if (rwx || extra) parts.push(`${w}+${rwx}${extra}`);
  }
  return parts.join(', ');
}

const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

/** modeHas / modeLacks: bits that must be set / clear, whatever the others. */
export function checkBits(
  p: string,
  st: LabStat,
  has: string | undefined,
  lacks: string | undefined,
  said: Localized[],
): Verdict | undefined {
  const got = octal(st.mode);
  if (has !== undefined) {
    const missing = parseInt(has, 8) & ~st.mode;
    if (missing) {
      const m = `${symbolic(missing)} (${octal(missing)})`;
      return fail(
        `Les droits de ${p} sont ${got} : il manque ${m}.`,
        `${p} has mode ${got}: ${m} is missing.`,
      );
    }
    said.push(l(`droits avec ${symbolic(parseInt(has, 8))}`, `mode with ${symbolic(parseInt(has, 8))}`));
  }
  if (lacks !== undefined) {
    const extra = parseInt(lacks, 8) & st.mode;
    if (extra) {
      const m = `${symbolic(extra)} (${octal(extra)})`;
      return fail(
        `Les droits de ${p} sont ${got} : ${m} est en trop.`,
        `${p} has mode ${got}: ${m} must go.`,
      );
    }
    const no = symbolic(parseInt(lacks, 8)).replace(/\+/g, '-');
    said.push(l(`droits sans ${no}`, `mode without ${no}`));
  }
  return undefined;
}

/** size: exact bytes or a range. */
export function checkSize(
  p: string,
  st: LabStat,
  want: number | { min?: number; max?: number },
  said: Localized[],
): Verdict | undefined {
  const got = st.size;
  const bytes = (n: number): Localized =>
    l(`${n} octet${n > 1 ? 's' : ''}`, `${n} byte${n === 1 ? '' : 's'}`);
  const range = typeof want === 'number' ? { min: want, max: want } : want;
  const ok = (range.min === undefined || got >= range.min) && (range.max === undefined || got <= range.max);
  if (ok) {
    said.push(bytes(got));
    return undefined;
  }
  const { min, max } = range;
  const expected: Localized =
    min !== undefined && max !== undefined && min === max
      ? bytes(min)
      : min !== undefined && max !== undefined
        ? l(`entre ${min} et ${bytes(max).fr}`, `between ${min} and ${bytes(max).en}`)
        : min !== undefined
          ? l(`au moins ${bytes(min).fr}`, `at least ${bytes(min).en}`)
          : l(`au plus ${bytes(max ?? 0).fr}`, `at most ${bytes(max ?? 0).en}`);
  return fail(
    `${p} fait ${bytes(got).fr} (attendu : ${expected.fr}).`,
    `${p} is ${bytes(got).en} (expected ${expected.en}).`,
  );
}

/** links: the hard-link count. */
export function checkLinks(p: string, st: LabStat, want: number, said: Localized[]): Verdict | undefined {
  const n = (k: number): Localized =>
    l(`${k} lien${k > 1 ? 's' : ''} physique${k > 1 ? 's' : ''}`, `${k} hard link${k === 1 ? '' : 's'}`);
  if (st.links === undefined)
    return fail(`Le nombre de liens de ${p} est inconnu.`, `${p}'s link count is unknown.`);
  if (st.links !== want) {
    return fail(
      `${p} a ${n(st.links).fr} (attendu : ${want}).`,
      `${p} has ${n(st.links).en} (expected ${want}).`,
    );
  }
  said.push(n(want));
  return undefined;
}
