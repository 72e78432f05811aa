import { z } from 'zod';
import { l } from '../localized.js';
import { GROUP, PASSWD, parseGroup, parsePasswd } from './accounts.js';
import type { CheckKind, Verdict } from './check-kind.js';
import { accountName, metaShape } from './check-meta.js';

export const groupSchema = z.strictObject({
  kind: z.literal('group'),
  name: accountName,
  exists: z.boolean().optional(),
  /** Users that must be members (supplementary, or with this group as primary). */
  members: z.array(accountName).min(1).optional(),
  gid: z.number().int().min(0).optional(),
  ...metaShape,
});
export type GroupCheckSpec = z.infer<typeof groupSchema>;

const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

export const groupCheck: CheckKind<GroupCheckSpec> = {
  kind: 'group',
  schema: groupSchema,
  plan: () => ({ reads: [GROUP, PASSWD] }),
  evaluate(s, facts) {
    const g = parseGroup(facts.read(GROUP)).find((e) => e.name === s.name);
    if (s.exists === false) {
      return g
        ? fail(`Le groupe ${s.name} existe encore.`, `Group ${s.name} still exists.`)
        : { passed: true, detail: l(`Le groupe ${s.name} n'existe pas.`, `Group ${s.name} does not exist.`) };
    }
    if (!g) return fail(`Le groupe ${s.name} n'existe pas.`, `There is no group ${s.name}.`);
    if (s.gid !== undefined && g.gid !== s.gid) {
      return fail(
        `Le groupe ${s.name} a le GID ${g.gid} (attendu : ${s.gid}).`,
        `Group ${s.name} has GID ${g.gid} (expected ${s.gid}).`,
      );
    }
    const users = parsePasswd(facts.read(PASSWD));
    for (const m of s.members ?? []) {
      const primary = users.some((u) => u.name === m && u.gid === g.gid);
      if (!primary && !g.members.includes(m)) {
        return fail(`${m} n'est pas membre du groupe ${s.name}.`, `${m} is not a member of group ${s.name}.`);
      }
    }
    const who = s.members?.length ? s.members.join(', ') : '';
    return {
      passed: true,
      detail: who
        ? l(`Le groupe ${s.name} existe, avec ${who}.`, `Group ${s.name} exists, with ${who}.`)
        : l(`Le groupe ${s.name} existe.`, `Group ${s.name} exists.`),
    };
  },
};
