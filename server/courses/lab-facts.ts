import type { PathStat } from '../sandbox/sandbox-runtime.js';
import type { Probe, ProbeResult } from './checks/check-kind.js';
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
  const p = shq(path);
  const script = `__res ${p} 1 || exit 3; p=$__r; [ -f "$R$p" ] && [ ! -L "$R$p" ] || exit 3
__x=; read -r -N ${MAX_READ_BYTES + 1} __x < "$R$p"; [ "\${#__x}" -le ${MAX_READ_BYTES} ] || exit 5
printf '%s' "$__x"`;
  return { key: `read ${path}`, builtin: true, script, maxBytes: MAX_READ_BYTES };
}

/** Content, null (missing, not a regular file), or FileTooLarge thrown when read. */
export function contentOf(path: string, result: ProbeResult | undefined): Buffer | null {
  if (result?.exitCode === 5) throw new FileTooLarge(path);
  return result && result.exitCode === 0 ? Buffer.from(result.output, 'utf8') : null;
}

export interface StatPair {
  lstat: PathStat | null;
  /** Symlinks followed inside the lab's root (null for a missing path or a broken link). */
  stat: PathStat | null;
}

/**
 * Metadata of a path, read by the grader's own `stat` through the lab's root: `L` for the path itself,
 * `F` once links are followed, then a symlink's target as written, length first (a target may hold a
 * newline: it must not pass for another line).
 */
export function statProbe(path: string): Probe {
  const p = shq(path);
  const script = `__res ${p} 0 || exit 3; p=$__r
s=$(/usr/bin/stat -c '%f %u %g %s' -- "$R$p" 2>/dev/null) || exit 3; printf 'L %s\\n' "$s"
if [ ! -L "$R$p" ]; then printf 'F %s\\n' "$s"
else
  { __res ${p} 1 && /usr/bin/stat -c 'F %f %u %g %s' -- "$R$__r" 2>/dev/null; } || echo N
  t=$(/usr/bin/readlink -- "$R$p") && printf 'T%d %s' "\${#t}" "$t"
fi; true`;
  return { key: `stat ${path}`, builtin: true, script };
}

function fromStat(f: string[], linkTarget: string | undefined): PathStat {
  const raw = parseInt(f[1] ?? '', 16);
  const fmt = raw & 0o170000;
  const type =
    fmt === 0o100000 ? 'file' : fmt === 0o040000 ? 'directory' : fmt === 0o120000 ? 'symlink' : 'other';
  const link = type === 'symlink' ? { linkTarget } : {};
  return { type, mode: raw & 0o7777, uid: Number(f[2]), gid: Number(f[3]), size: Number(f[4]), ...link };
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
  if (l1[0] === 'L' && l1.length === 5) pair.lstat = fromStat(l1, target);
  if (l2[0] === 'F' && l2.length === 5) pair.stat = fromStat(l2, undefined);
  if (pair.stat?.type === 'symlink') pair.stat = null;
  return pair;
}
