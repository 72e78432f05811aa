import { posix } from 'node:path';
import { l, type Localized } from '../localized.js';
import { GROUP, PASSWD, nameOf, parseGroup, parsePasswd, resolveId } from './accounts.js';
import type { Facts, LabStat, Verdict } from './check-kind.js';
import { asList } from './check-meta.js';
import { checkBits, checkLinks, checkSize, octal } from './file-bits.js';
import type { FileCheckSpec } from './file-check.js';

const TYPE_NAMES: Record<LabStat['type'], Localized> = {
  file: l('un fichier', 'a regular file'),
  directory: l('un dossier', 'a directory'),
  symlink: l('un lien symbolique', 'a symbolic link'),
  other: l('un fichier spécial', 'a special file'),
};

const fail = (fr: string, en: string): Verdict => ({ passed: false, detail: l(fr, en) });

export const needsContent = (s: FileCheckSpec): boolean =>
  s.contains !== undefined || s.notContains !== undefined || s.matches !== undefined;

const asksMeta = (s: FileCheckSpec): boolean =>
  [s.mode, s.owner, s.group, s.modeHas, s.modeLacks, s.size, s.links].some((x) => x !== undefined);

/** Every condition but `exists: false`, on one existing path `p`. */
export function evaluateOne(s: FileCheckSpec, p: string, facts: Facts): Verdict {
  const lstat = facts.stat(p, false);
  if (!lstat) return fail(`${p} n'existe pas.`, `${p} does not exist.`);
  const st = s.followSymlinks && s.type !== 'symlink' ? facts.stat(p, true) : lstat;
  if (!st) return fail(`${p} est un lien cassé.`, `${p} is a broken link.`);
  if (st.type === 'symlink' && s.type !== 'symlink' && asksMeta(s)) {
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
  const found =
    checkMetadata(s, p, st, facts, said) ??
    checkBits(p, st, s.modeHas, s.modeLacks, said) ??
    (s.size !== undefined ? checkSize(p, st, s.size, said) : undefined) ??
    (s.links !== undefined ? checkLinks(p, st, s.links, said) : undefined) ??
    (needsContent(s) ? checkContent(s, p, facts) : undefined);
  if (found) return found;
  return {
    passed: true,
    detail: l(`${p} : ${said.map((x) => x.fr).join(', ')}.`, `${p}: ${said.map((x) => x.en).join(', ')}.`),
  };
}

function checkMetadata(
  s: FileCheckSpec,
  p: string,
  st: LabStat,
  facts: Facts,
  said: Localized[],
): Verdict | undefined {
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

function checkContent(s: FileCheckSpec, p: string, facts: Facts): Verdict | undefined {
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
