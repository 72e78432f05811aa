import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import { GROUP, PASSWD, parseGroup, parsePasswd } from './accounts.js';
import type { CheckKind, Verdict } from './check-kind.js';
import { accountName, labPath, metaShape } from './check-meta.js';

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
  uid: z.number().int().min(0).optional(),
  ...metaShape,
});
export type UserCheckSpec = z.infer<typeof userSchema>;

const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

export const userCheck: CheckKind<UserCheckSpec> = {
  kind: 'user',
  schema: userSchema,
  plan: (s) => ({
    reads: [PASSWD, GROUP],
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
    for (const name of s.groups ?? []) {
      const g = groups.find((e) => e.name === name);
      if (!g || (g.gid !== u.gid && !g.members.includes(s.name))) {
        return fail(`${s.name} n'est pas dans le groupe ${name}.`, `${s.name} is not in group ${name}.`);
      }
      said.push(l(`groupe ${name}`, `group ${name}`));
    }
    const tail = (k: 'fr' | 'en'): string => (said.length ? ` (${said.map((x) => x[k]).join(', ')})` : '');
    return {
      passed: true,
      detail: l(`Le compte ${s.name} existe${tail('fr')}.`, `The account ${s.name} exists${tail('en')}.`),
    };
  },
};
