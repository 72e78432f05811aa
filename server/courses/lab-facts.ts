import type { LabStat, Probe, ProbeResult } from './checks/check-kind.js';
import { shq } from './checks/check-meta.js';
import { l, type Localized } from './localized.js';

/** Largest file a check reads whole; a longer one is "too large to check", never half-read. */
export const MAX_READ_BYTES = 1024 * 1024;

/** Thrown by Facts.read for a file over MAX_READ_BYTES: the check fails saying so. */
export class FileTooLarge extends Error {
  readonly text: Localized;
  constructor(path: string) {
    super(`${path} is too large to check`);
    const mib = MAX_READ_BYTES / 1024 / 1024;
    this.text = l(
      `${path} est trop gros pour être vérifié (plus de ${mib} Mio).`,
      `${path} is too large to check (over ${mib} MiB).`,
    );
  }
}

/**
 * Reads a regular file through the lab's root in the grader. Symbolic links on the way are resolved
 * inside the lab's root (`__res`, check-script.ts); exit 3: missing or not a regular file, 5: too large.
 */
export function readProbe(path: string): Probe {
  return { key: `read ${path}`, builtin: true, script: readScript(shq(path)), maxBytes: MAX_READ_BYTES };
}

/** The read probe's script for a path given as a shell word (quoted literal or "$var"). */
function readScript(word: string): string {
  return `__res ${word} 1 || exit 3; p=$__r; [ -f "$R$p" ] && [ ! -L "$R$p" ] || exit 3
__x=; read -r -N ${MAX_READ_BYTES + 1} __x < "$R$p"; [ "\${#__x}" -le ${MAX_READ_BYTES} ] || exit 5
printf '%s' "$__x"`;
}

/** Content, null (missing, not a regular file), or FileTooLarge thrown when read. */
export function contentOf(path: string, result: ProbeResult | undefined): Buffer | null {
  if (result?.exitCode === 5) throw new FileTooLarge(path);
  return result && result.exitCode === 0 ? Buffer.from(result.output, 'utf8') : null;
}

export interface StatPair {
  lstat: LabStat | null;
  /** Symlinks followed inside the lab's root (null for a missing path or a broken link). */
  stat: LabStat | null;
}

/**
 * Metadata of a path, read by the grader's own `stat` through the lab's root: `L` for the path itself,
 * `F` once links are followed, then a symlink's target as written, length first (a target may hold a
 * newline: it must not pass for another line).
 */
export function statProbe(path: string): Probe {
  return { key: `stat ${path}`, builtin: true, script: statScript(shq(path)) };
}

function statScript(word: string): string {
  return `__res ${word} 0 || exit 3; p=$__r
s=$(/usr/bin/stat -c '%f %u %g %s %h' -- "$R$p" 2>/dev/null) || exit 3; printf 'L %s\\n' "$s"
if [ ! -L "$R$p" ]; then printf 'F %s\\n' "$s"
else
  { __res ${word} 1 && /usr/bin/stat -c 'F %f %u %g %s %h' -- "$R$__r" 2>/dev/null; } || echo N
  t=$(/usr/bin/readlink -- "$R$p") && printf 'T%d %s' "\${#t}" "$t"
fi; true`;
}

function fromStat(f: string[], linkTarget: string | undefined): LabStat {
  const raw = parseInt(f[1] ?? '', 16);
  const fmt = raw & 0o170000;
  const type =
    fmt === 0o100000 ? 'file' : fmt === 0o040000 ? 'directory' : fmt === 0o120000 ? 'symlink' : 'other';
  const link = type === 'symlink' ? { linkTarget } : {};
  const links = f.length === 6 ? { links: Number(f[5]) } : {};
  return {
    type,
    mode: raw & 0o7777,
    uid: Number(f[2]),
    gid: Number(f[3]),
    size: Number(f[4]),
    ...link,
    ...links,
  };
}

/** Lines in a fixed order: `L …`, `F …` or `N`, then `T<bytes> <target>` for a symlink. */
export function parseStat(result: ProbeResult | undefined): StatPair {
  const pair: StatPair = { lstat: null, stat: null };
  if (!result || result.exitCode !== 0) return pair;
  const [first = '', second = ''] = result.output.split('\n', 2);
  const rest = Buffer.from(result.output).subarray(first.length + second.length + 2);
  const l1 = first.split(' ');
  const l2 = second.split(' ');
  const t = /^T([0-9]+) /.exec(rest.toString('latin1'));
  const target = t?.[1] ? rest.subarray(t[0].length, t[0].length + Number(t[1])).toString('utf8') : undefined;
  // Five fields from an older grader script, six with the hard-link count.
  const ok = (f: string[], tag: string) => f[0] === tag && (f.length === 5 || f.length === 6);
  if (ok(l1, 'L')) pair.lstat = fromStat(l1, target);
  if (ok(l2, 'F')) pair.stat = fromStat(l2, undefined);
  if (pair.stat?.type === 'symlink') pair.stat = null;
  return pair;
}

/** Most matches a glob lists, and the most content it reads over all of them. */
export const MAX_GLOB_MATCHES = 200;
const MAX_GLOB_CONTENT = 4 * MAX_READ_BYTES;

/**
 * Expands a glob inside the lab's root (`__glob`, grader-lib.sh), then runs the stat probe (and the read
 * probe when `content`) on each match. Records are split by a random separator printed first, so a
 * file's content cannot pass for another record; an `E` record closes a complete listing.
 */
export function globProbe(pattern: string, content: boolean): Probe {
  // `printf .` keeps trailing newlines through $(…); a failing script exits before it.
  const run = (script: string) => `o=$(${script}
printf .); c=$?; o=\${o%.}`;
  const read = `${run(readScript('"$m"'))}
[ $c -ne 0 ] || [ $((t += \${#o})) -le ${MAX_GLOB_CONTENT} ] || { c=5; o=; }
printf '%s C %d\\n%s\\n' "$s" "$c" "$o"`;
  const script = `s=@$SRANDOM$SRANDOM$SRANDOM; t=0; printf '%s\\n' "$s"
__glob ${shq(pattern)} ${MAX_GLOB_MATCHES} || exit 3
for m in "\${__m[@]}"; do
printf '%s P %s\\n' "$s" "$m"
${run(statScript('"$m"'))}
printf '%s S %d\\n%s\\n' "$s" "$c" "$o"
${content ? read : ''}
done; printf '%s E\\n' "$s"`;
  return {
    key: `glob ${content ? 'C' : 'S'} ${pattern}`,
    builtin: true,
    script,
    maxBytes: MAX_GLOB_CONTENT + MAX_GLOB_MATCHES * 8192,
  };
}

export interface GlobMatch {
  path: string;
  stat?: ProbeResult;
  read?: ProbeResult;
}

/** The matches of a glob probe, or undefined when its listing is missing or incomplete. */
export function parseGlob(result: ProbeResult | undefined): GlobMatch[] | undefined {
  if (!result || result.exitCode !== 0) return undefined;
  const nl = result.output.indexOf('\n');
  const sep = result.output.slice(0, nl);
  if (!/^@[0-9]{3,}$/.test(sep)) return undefined;
  const records = result.output.slice(nl).split(`\n${sep} `).slice(1);
  if (records.at(-1) !== 'E\n') return undefined;
  const matches: GlobMatch[] = [];
  for (const rec of records.slice(0, -1)) {
    // Each record's last newline went with the separator that follows it.
    const head = /^([PSC]) (.*)(?:\n|$)/.exec(rec);
    if (!head) return undefined;
    const [, tag, arg = ''] = head;
    const body = rec.slice(head[0].length);
    const last = matches.at(-1);
    if (tag === 'P') matches.push({ path: arg });
    else if (!last) return undefined;
    else last[tag === 'S' ? 'stat' : 'read'] = { exitCode: Number(arg), output: body };
  }
  return matches;
}
