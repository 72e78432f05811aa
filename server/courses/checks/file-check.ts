import { posix } from 'node:path';
import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import { GROUP, PASSWD, nameOf, parseGroup, parsePasswd, resolveId } from './accounts.js';
import type { PathStat } from '../../sandbox/sandbox-runtime.js';
import type { CheckKind, Facts, Verdict } from './check-kind.js';
import { accountName, asList, labPath, metaShape } from './check-meta.js';

const strings = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const fileSchema = z.strictObject({
  kind: z.literal('file'),
  path: labPath,
  /** false: the path must NOT exist. Default true. */
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

const TYPE_NAMES: Record<PathStat['type'], Localized> = {
  file: l('un fichier', 'a regular file'),
  directory: l('un dossier', 'a directory'),
  symlink: l('un lien symbolique', 'a symbolic link'),
  other: l('un fichier spécial', 'a special file'),
};

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(3, '0');
const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });
const needsContent = (s: FileCheckSpec): boolean =>
  s.contains !== undefined || s.notContains !== undefined || s.matches !== undefined;

export const fileCheck: CheckKind<FileCheckSpec> = {
  kind: 'file',
  schema: fileSchema,
  plan(s) {
    const reads = needsContent(s) ? [s.path] : [];
    if (s.owner !== undefined) reads.push(PASSWD);
    if (s.group !== undefined) reads.push(GROUP);
    return { stats: [s.path], reads };
  },
  evaluate(s, facts) {
    const p = s.path;
    const lstat = facts.stat(p, false);
    if (s.exists === false) {
      return lstat
        ? fail(`${p} existe encore.`, `${p} still exists.`)
        : passed(l(`${p} n'existe pas.`, `${p} does not exist.`));
    }
    if (!lstat) return fail(`${p} n'existe pas.`, `${p} does not exist.`);
    const st = s.followSymlinks && s.type !== 'symlink' ? facts.stat(p, true) : lstat;
    if (!st) return fail(`${p} est un lien cassé.`, `${p} is a broken link.`);
    const asksMeta = s.mode !== undefined || s.owner !== undefined || s.group !== undefined;
    if (st.type === 'symlink' && s.type !== 'symlink' && asksMeta) {
      const t = st.linkTarget ?? '?';
      return fail(
        `${p} est un lien symbolique vers ${t}, pas un fichier à part entière.`,
        `${p} is a symbolic link to ${t}, not a file of its own.`,
      );
    }
    const wanted = s.type ?? (needsContent(s) ? 'file' : undefined);
    if (wanted && st.type !== wanted) {
      const [found, want] = [TYPE_NAMES[st.type], TYPE_NAMES[wanted]];
      return fail(`${p} est ${found.fr}, pas ${want.fr}.`, `${p} is ${found.en}, not ${want.en}.`);
    }
    const said: Localized[] = [TYPE_NAMES[st.type]];
    const meta = checkMetadata(s, st, facts, said);
    if (meta) return meta;
    const content = needsContent(s) ? checkContent(s, facts) : undefined;
    if (content) return content;
    return passed(
      l(`${p} : ${said.map((x) => x.fr).join(', ')}.`, `${p}: ${said.map((x) => x.en).join(', ')}.`),
    );
  },
};

function passed(detail: Localized): Verdict {
  return { passed: true, detail };
}

function checkMetadata(s: FileCheckSpec, st: PathStat, facts: Facts, said: Localized[]): Verdict | undefined {
  const p = s.path;
  // Compared resolved, so `../x` and `/etc/x` name the same target.
  const resolved = (t: string | undefined) =>
    t === undefined ? undefined : posix.resolve(posix.dirname(p), t);
  if (s.target !== undefined && resolved(st.linkTarget) !== resolved(s.target)) {
    const t = st.linkTarget ?? '?';
    return fail(
      `${p} pointe vers ${t} (attendu : ${s.target}).`,
      `${p} points to ${t} (expected ${s.target}).`,
    );
  }
  if (s.owner !== undefined) {
    const users = parsePasswd(facts.read(PASSWD)).map((u) => ({ name: u.name, id: u.uid }));
    const want = resolveId(s.owner, users);
    if (want !== st.uid) {
      const who = nameOf(st.uid ?? -1, users);
      return fail(
        `${p} appartient à ${who} (attendu : ${s.owner}).`,
        `${p} is owned by ${who} (expected ${s.owner}).`,
      );
    }
    said.push(l(`propriétaire ${s.owner}`, `owner ${s.owner}`));
  }
  if (s.group !== undefined) {
    const groups = parseGroup(facts.read(GROUP)).map((g) => ({ name: g.name, id: g.gid }));
    const want = resolveId(s.group, groups);
    if (want !== st.gid) {
      const g = nameOf(st.gid ?? -1, groups);
      return fail(
        `Le groupe de ${p} est ${g} (attendu : ${s.group}).`,
        `${p} belongs to group ${g} (expected ${s.group}).`,
      );
    }
    said.push(l(`groupe ${s.group}`, `group ${s.group}`));
  }
  if (s.mode !== undefined) {
    const want = parseInt(s.mode, 8);
    if ((st.mode & 0o7777) !== want) {
      const [got, exp] = [octal(st.mode), octal(want)];
      return fail(
        `Les droits de ${p} sont ${got} (attendu : ${exp}).`,
        `${p} has mode ${got} (expected ${exp}).`,
      );
    }
    said.push(l(`droits ${octal(want)}`, `mode ${octal(want)}`));
  }
  return undefined;
}

function checkContent(s: FileCheckSpec, facts: Facts): Verdict | undefined {
  const p = s.path;
  const buf = facts.read(p);
  if (!buf) return fail(`Impossible de lire ${p}.`, `${p} could not be read.`);
  const text = buf.toString('utf8');
  for (const needle of asList(s.contains)) {
    if (!text.includes(needle))
      return fail(`${p} ne contient pas « ${needle} ».`, `${p} does not contain "${needle}".`);
  }
  for (const needle of asList(s.notContains)) {
    if (text.includes(needle))
      return fail(`${p} contient encore « ${needle} ».`, `${p} still contains "${needle}".`);
  }
  if (s.matches && !new RegExp(s.matches.source, s.matches.flags.replace('g', '')).test(text)) {
    return fail(`${p} ne contient pas ce qui est attendu.`, `${p} does not contain what is expected.`);
  }
  return undefined;
}
