import { z } from 'zod';
import { l } from '../localized.js';
import { GROUP, PASSWD } from './accounts.js';
import type { CheckKind, Facts, Plan, Verdict } from './check-kind.js';
import { accountName, labPath, metaShape } from './check-meta.js';
import { evaluateOne, needsContent } from './file-one.js';

const strings = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const octalBits = (what: string) =>
  z
    .string()
    .regex(/^0?[0-7]{1,4}$/, `${what} is octal, e.g. "2000" or "0002"`)
    .refine((m) => parseInt(m, 8) !== 0, `${what} names at least one bit`);
const bytes = z.number().int().min(0);

export const fileSchema = z.strictObject({
  kind: z.literal('file'),
  /**
   * A path, or a list meaning "one of these". A path holding `*`, `?` or `[...]` is a glob (within one
   * component, expanded inside the lab's root): some match must satisfy every condition.
   */
  path: z.union([labPath, z.array(labPath).min(1).max(20)]),
  /** false: the path must NOT exist (a glob: nothing matches; a list: none exists). Default true. */
  exists: z.boolean().optional(),
  type: z.enum(['file', 'directory', 'symlink']).optional(),
  contains: strings.optional(),
  notContains: strings.optional(),
  matches: z.instanceof(RegExp).optional(),
  /** Octal permission bits, e.g. '640' or '2775'. */
  mode: z
    .string()
    .regex(/^0?[0-7]{3,4}$/, 'mode is octal, e.g. "640" or "0755"')
    .optional(),
  /** Octal bits that must be set, whatever the others (e.g. '2000': setgid). */
  modeHas: octalBits('modeHas').optional(),
  /** Octal bits that must be clear (e.g. '0002': not writable by others). */
  modeLacks: octalBits('modeLacks').optional(),
  /** Size in bytes: exact, or a range. */
  size: z
    .union([bytes, z.strictObject({ min: bytes.optional(), max: bytes.optional() })])
    .refine(
      (s) => typeof s === 'number' || s.min !== undefined || s.max !== undefined,
      'size needs min or max',
    )
    .optional(),
  /** Hard-link count. */
  links: z.number().int().min(1).optional(),
  owner: accountName.optional(),
  group: accountName.optional(),
  /** For a symlink: where it must point (as written in the link). */
  target: z.string().min(1).optional(),
  /**
   * Judge what a symbolic link at `path` points to (inside the lab) rather than the link itself. Off by
   * default: `script.sh -> /usr/bin/true` is a link, not a mode-755 script of the learner's.
   */
  followSymlinks: z.boolean().optional(),
  ...metaShape,
});
export type FileCheckSpec = z.infer<typeof fileSchema>;

export const isGlob = (p: string): boolean => /[*?[]/.test(p);
const pathsOf = (s: FileCheckSpec): string[] => (Array.isArray(s.path) ? s.path : [s.path]);
const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

export const fileCheck: CheckKind<FileCheckSpec> = {
  kind: 'file',
  schema: fileSchema,
  plan(s) {
    const plain = pathsOf(s).filter((p) => !isGlob(p));
    const plan: Plan = { stats: plain, reads: needsContent(s) ? [...plain] : [] };
    const globs = pathsOf(s).filter(isGlob);
    if (globs.length) plan.globs = globs.map((pattern) => ({ pattern, content: needsContent(s) }));
    if (s.owner !== undefined) plan.reads?.push(PASSWD);
    if (s.group !== undefined) plan.reads?.push(GROUP);
    return plan;
  },
  evaluate(s, facts) {
    const paths = pathsOf(s);
    const [only] = paths;
    if (paths.length === 1 && only !== undefined && !isGlob(only)) return single(s, only, facts);
    const label = paths.join(', ');
    const listed = paths.map((p) => (isGlob(p) ? facts.glob(p) : [p]));
    const unlisted = paths.find((_, i) => listed[i] === undefined);
    if (unlisted !== undefined) {
      return fail(`Impossible de lister ${unlisted}.`, `${unlisted} could not be listed.`);
    }
    const found = [...new Set(listed.flat())].filter(
      (p): p is string => p !== undefined && facts.stat(p, false) !== null,
    );
    const none =
      paths.length === 1
        ? l(`Aucun chemin ne correspond à ${label}.`, `Nothing matches ${label}.`)
        : l(`Aucun de ces chemins n'existe : ${label}.`, `None of these paths exists: ${label}.`);
    if (s.exists === false) {
      const [first] = found;
      if (first === undefined) return { passed: true, detail: none };
      return paths.length === 1
        ? fail(`${first} existe (il correspond à ${label}).`, `${first} exists (it matches ${label}).`)
        : fail(`${first} existe encore.`, `${first} still exists.`);
    }
    if (!found.length) return { passed: false, detail: none };
    const verdicts = found.map((p) => evaluateOne(s, p, facts));
    const ok = verdicts.find((v) => v.passed);
    if (ok) return ok;
    const first = verdicts[0] as Verdict;
    if (verdicts.length === 1) return first;
    const n = verdicts.length;
    return fail(
      `${label} : aucun des ${n} chemins trouvés ne convient. ${first.detail.fr}`,
      `${label}: none of the ${n} paths found fits. ${first.detail.en}`,
    );
  },
};

/** One plain path: the messages authors knew before globs. */
function single(s: FileCheckSpec, p: string, facts: Facts): Verdict {
  const exists = facts.stat(p, false) !== null;
  if (s.exists === false) {
    return exists
      ? fail(`${p} existe encore.`, `${p} still exists.`)
      : { passed: true, detail: l(`${p} n'existe pas.`, `${p} does not exist.`) };
  }
  return evaluateOne(s, p, facts);
}
