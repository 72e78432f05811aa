import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import {
  GROUP,
  PASSWD,
  SHADOW,
  nameOf,
  parseGroup,
  parsePasswd,
  parseShadow,
  resolveId,
  type PasswdEntry,
} from './accounts.js';
import type { CheckKind, Facts, Verdict } from './check-kind.js';
import { accountName, labPath, metaShape } from './check-meta.js';
import { chageSchema, checkChage, checkExpired, checkLocked } from './user-shadow.js';

export const userSchema = z.strictObject({
  kind: z.literal('user'),
  name: accountName,
  /** false: the account must NOT exist. */
  exists: z.boolean().optional(),
  shell: labPath.optional(),
  home: labPath.optional(),
  /** The home directory must exist as a directory owned by the user. */
  homeExists: z.boolean().optional(),
  /** Groups the user must belong to (primary or supplementary). */
  groups: z.array(accountName).min(1).optional(),
  /** The primary group (name or gid). */
  group: accountName.optional(),
  /** The GECOS field (full name…): exact text or a RegExp. */
  comment: z.union([z.string(), z.instanceof(RegExp)]).optional(),
  uid: z.number().int().min(0).optional(),
  /** Password ageing in /etc/shadow, as `chage` sets it. */
  chage: chageSchema.optional(),
  /** The password is locked (its /etc/shadow field starts with '!'), or not. */
  locked: z.boolean().optional(),
  /** The account's expiry date has passed, or the password must change at next login (or neither). */
  expired: z.boolean().optional(),
  ...metaShape,
});
export type UserCheckSpec = z.infer<typeof userSchema>;

const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });
const needsShadow = (s: UserCheckSpec): boolean =>
  s.chage !== undefined || s.locked !== undefined || s.expired !== undefined;

export const userCheck: CheckKind<UserCheckSpec> = {
  kind: 'user',
  schema: userSchema,
  plan: (s) => ({
    reads: [PASSWD, GROUP, ...(needsShadow(s) ? [SHADOW] : [])],
    ...(s.homeExists ? { stats: [s.home ?? `/home/${s.name}`] } : {}),
  }),
  evaluate(s, facts) {
    const u = parsePasswd(facts.read(PASSWD)).find((e) => e.name === s.name);
    if (s.exists === false) {
      return u
        ? fail(`Le compte ${s.name} existe encore.`, `The account ${s.name} still exists.`)
        : {
            passed: true,
            detail: l(`Le compte ${s.name} n'existe pas.`, `The account ${s.name} does not exist.`),
          };
    }
    if (!u) return fail(`Le compte ${s.name} n'existe pas.`, `There is no account ${s.name}.`);
    const said: Localized[] = [];
    const found = checkPasswd(s, u, facts, said) ?? checkShadow(s, facts, said);
    if (found) return found;
    const tail = (k: 'fr' | 'en'): string => (said.length ? ` (${said.map((x) => x[k]).join(', ')})` : '');
    return {
      passed: true,
      detail: l(`Le compte ${s.name} existe${tail('fr')}.`, `The account ${s.name} exists${tail('en')}.`),
    };
  },
};

function checkPasswd(s: UserCheckSpec, u: PasswdEntry, facts: Facts, said: Localized[]): Verdict | undefined {
  if (s.uid !== undefined && u.uid !== s.uid) {
    return fail(
      `${s.name} a l'UID ${u.uid} (attendu : ${s.uid}).`,
      `${s.name} has UID ${u.uid} (expected ${s.uid}).`,
    );
  }
  if (s.shell !== undefined) {
    if (u.shell !== s.shell)
      return fail(
        `Le shell de ${s.name} est ${u.shell} (attendu : ${s.shell}).`,
        `${s.name}'s shell is ${u.shell} (expected ${s.shell}).`,
      );
    said.push(l(`shell ${s.shell}`, `shell ${s.shell}`));
  }
  if (s.home !== undefined) {
    if (u.home !== s.home)
      return fail(
        `Le dossier personnel de ${s.name} est ${u.home} (attendu : ${s.home}).`,
        `${s.name}'s home is ${u.home} (expected ${s.home}).`,
      );
    said.push(l(`dossier ${s.home}`, `home ${s.home}`));
  }
  const homePath = s.home ?? `/home/${s.name}`;
  const home = s.homeExists ? facts.stat(homePath) : undefined;
  if (s.homeExists && (!home || home.type !== 'directory' || home.uid !== u.uid)) {
    return fail(
      `Le dossier ${homePath} n'existe pas ou n'appartient pas à ${s.name}.`,
      `${homePath} is missing or not owned by ${s.name}.`,
    );
  }
  const groups = parseGroup(facts.read(GROUP));
  if (s.group !== undefined) {
    const ids = groups.map((g) => ({ name: g.name, id: g.gid }));
    if (resolveId(s.group, ids) !== u.gid) {
      const got = nameOf(u.gid, ids);
      return fail(
        `Le groupe principal de ${s.name} est ${got} (attendu : ${s.group}).`,
        `${s.name}'s primary group is ${got} (expected ${s.group}).`,
      );
    }
    said.push(l(`groupe principal ${s.group}`, `primary group ${s.group}`));
  }
  for (const name of s.groups ?? []) {
    const g = groups.find((e) => e.name === name);
    if (!g || (g.gid !== u.gid && !g.members.includes(s.name))) {
      return fail(`${s.name} n'est pas dans le groupe ${name}.`, `${s.name} is not in group ${name}.`);
    }
    said.push(l(`groupe ${name}`, `group ${name}`));
  }
  return s.comment === undefined ? undefined : checkComment(s.name, u.comment, s.comment, said);
}

function checkComment(
  name: string,
  got: string,
  want: string | RegExp,
  said: Localized[],
): Verdict | undefined {
  const ok =
    typeof want === 'string' ? got === want : new RegExp(want.source, want.flags.replace('g', '')).test(got);
  if (ok) {
    said.push(l(`commentaire « ${got} »`, `comment "${got}"`));
    return undefined;
  }
  const exp =
    typeof want === 'string' ? l(`« ${want} »`, `"${want}"`) : l(`conforme à ${want}`, `matching ${want}`);
  return fail(
    `Le commentaire (GECOS) de ${name} est « ${got} » (attendu : ${exp.fr}).`,
    `${name}'s comment (GECOS) is "${got}" (expected ${exp.en}).`,
  );
}

function checkShadow(s: UserCheckSpec, facts: Facts, said: Localized[]): Verdict | undefined {
  if (!needsShadow(s)) return undefined;
  const e = parseShadow(facts.read(SHADOW)).find((x) => x.name === s.name);
  if (!e)
    return fail(`${s.name} n'a pas de ligne dans /etc/shadow.`, `${s.name} has no line in /etc/shadow.`);
  return (
    (s.chage ? checkChage(s.name, e, s.chage, said) : undefined) ??
    (s.locked !== undefined ? checkLocked(s.name, e, s.locked, said) : undefined) ??
    (s.expired !== undefined ? checkExpired(s.name, e, s.expired, said) : undefined)
  );
}
