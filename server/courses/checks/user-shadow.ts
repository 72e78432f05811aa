import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import type { ShadowEntry } from './accounts.js';
import type { Verdict } from './check-kind.js';

const days = z.number().int().min(0).max(99999);
const never = z.literal('never');
const isoDate = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "a date is 'YYYY-MM-DD'")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');

/** Password ageing as `chage` sets it (/etc/shadow); 'never' is an empty field. */
export const chageSchema = z.strictObject({
  minDays: days.optional(),
  maxDays: z.union([days, never]).optional(),
  warnDays: days.optional(),
  inactiveDays: z.union([days, never]).optional(),
  expires: z.union([isoDate, never]).optional(),
});
export type Chage = z.infer<typeof chageSchema>;

const DAY_MS = 86_400_000;
const dateOf = (d: number): string => new Date(d * DAY_MS).toISOString().slice(0, 10);
const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

const count = (n: number | undefined): Localized =>
  n === undefined || n < 0
    ? l('non défini', 'not set')
    : l(`${n} jour${n > 1 ? 's' : ''}`, `${n} day${n === 1 ? '' : 's'}`);

const FIELDS = {
  minDays: l(
    'le délai minimal entre deux changements de mot de passe',
    'minimum days between password changes',
  ),
  maxDays: l('la durée de validité du mot de passe', 'maximum password age'),
  warnDays: l("le préavis avant l'expiration du mot de passe", 'password expiry warning'),
  inactiveDays: l(
    "le délai de désactivation après l'expiration du mot de passe",
    'inactivity period after expiry',
  ),
} as const;

/** The chage fields, in the order chage lists them; the first mismatch fails. */
export function checkChage(
  name: string,
  e: ShadowEntry,
  want: Chage,
  said: Localized[],
): Verdict | undefined {
  for (const key of ['minDays', 'maxDays', 'warnDays', 'inactiveDays'] as const) {
    const w = want[key];
    if (w === undefined) continue;
    const got = e[key];
    // 99999 is how Debian writes "no maximum" in a fresh account.
    const ok = w === 'never' ? got === undefined || got < 0 || got >= 99999 : got === w;
    if (ok) continue;
    const [what, g, x] = [FIELDS[key], count(got), w === 'never' ? l('aucun', 'none') : count(w)];
    return fail(
      `Pour ${name}, ${what.fr} est ${g.fr} (attendu : ${x.fr}).`,
      `${name}'s ${what.en} is ${g.en} (expected ${x.en}).`,
    );
  }
  if (want.expires !== undefined) {
    const got = e.expires === undefined || e.expires < 0 ? 'never' : dateOf(e.expires);
    if (got !== want.expires) {
      const say = (d: string): Localized => (d === 'never' ? l('jamais', 'never') : l(`le ${d}`, `on ${d}`));
      return fail(
        `Le compte ${name} expire ${say(got).fr} (attendu : ${say(want.expires).fr}).`,
        `The account ${name} expires ${say(got).en} (expected ${say(want.expires).en}).`,
      );
    }
  }
  if (Object.keys(want).length) said.push(l('âge du mot de passe conforme', 'password ageing as expected'));
  return undefined;
}

/** `locked`: the password field starts with '!' (passwd -l, usermod -L). */
export function checkLocked(
  name: string,
  e: ShadowEntry,
  want: boolean,
  said: Localized[],
): Verdict | undefined {
  const locked = e.password.startsWith('!');
  if (locked === want) {
    said.push(
      want ? l('mot de passe verrouillé', 'password locked') : l('mot de passe actif', 'password unlocked'),
    );
    return undefined;
  }
  return want
    ? fail(`Le mot de passe de ${name} n'est pas verrouillé.`, `${name}'s password is not locked.`)
    : fail(`Le mot de passe de ${name} est verrouillé.`, `${name}'s password is locked.`);
}

/** `expired`: the account's expiry date has come, or the password must change at next login. */
export function checkExpired(
  name: string,
  e: ShadowEntry,
  want: boolean,
  said: Localized[],
  today = Math.floor(Date.now() / DAY_MS),
): Verdict | undefined {
  const accountGone = e.expires !== undefined && e.expires >= 0 && today >= e.expires;
  const mustChange = e.lastChange === 0;
  const on = dateOf(e.expires ?? 0);
  const why = accountGone
    ? l(`Le compte ${name} a expiré le ${on}.`, `The account ${name} expired on ${on}.`)
    : mustChange
      ? l(
          `${name} doit changer son mot de passe à la prochaine connexion.`,
          `${name} must change their password at next login.`,
        )
      : undefined;
  if (want && !why) {
    return fail(
      `Le compte ${name} n'a pas expiré et son mot de passe n'est pas à changer.`,
      `The account ${name} has not expired and its password need not change.`,
    );
  }
  if (!want && why) return { passed: false, detail: why };
  said.push(
    accountGone
      ? l(`expiré le ${on}`, `expired on ${on}`)
      : mustChange
        ? l('mot de passe à changer', 'password to change')
        : l('non expiré', 'not expired'),
  );
  return undefined;
}
