import { posix } from 'node:path';
import type { PathStat, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { Probe, ProbeResult } from './checks/check-kind.js';
import { shq } from './checks/check-meta.js';

/**
 * A runtime with the port's optional `statPath`. Without it, checks fall back to `stat` inside the lab
 * (a root learner could replace it): docs/COURSES.md.
 */
export type PathStatReader = Required<Pick<SandboxRuntime, 'statPath'>>;

export function canStatOutside(runtime: SandboxRuntime): runtime is SandboxRuntime & PathStatReader {
  return runtime.statPath !== undefined;
}

export interface StatPair {
  lstat: PathStat | null;
  /** Symlinks followed (null for a missing path or a broken link). */
  stat: PathStat | null;
}

/** Largest file content a check reads (dpkg's status database is ~150 KiB). */
export const MAX_READ_BYTES = 1024 * 1024;

/** Reads a regular file inside the batch with bash builtins only (no cat/head to trust). */
export function readProbe(path: string): Probe {
  const p = shq(path);
  const script = `[ -f ${p} ] && [ -r ${p} ] || exit 3
read -r -N ${MAX_READ_BYTES} __x < ${p}; printf '%s' "$__x"`;
  return { key: `read ${path}`, builtin: true, script, maxBytes: MAX_READ_BYTES };
}

export function contentOf(result: ProbeResult | undefined): Buffer | null {
  return result && result.exitCode !== 3 ? Buffer.from(result.output, 'utf8') : null;
}

export async function readAllOutside(
  runtime: SandboxRuntime,
  labId: string,
  paths: string[],
): Promise<Map<string, Buffer | null>> {
  const entries = await Promise.all(
    paths.map(async (p) => [p, await runtime.readFile(labId, p, MAX_READ_BYTES)] as const),
  );
  return new Map(entries);
}

async function statFollowing(
  reader: PathStatReader,
  labId: string,
  path: string,
  owner: boolean,
): Promise<StatPair> {
  const lstat = await reader.statPath(labId, path, { owner });
  let [current, st] = [path, lstat];
  for (let hops = 0; st?.type === 'symlink' && st.linkTarget !== undefined && hops < 8; hops++) {
    current = posix.resolve(posix.dirname(current), st.linkTarget);
    st = await reader.statPath(labId, current, { owner });
  }
  return { lstat, stat: st?.type === 'symlink' ? null : st };
}

export async function statAllOutside(
  reader: PathStatReader,
  labId: string,
  paths: string[],
  owners: Set<string>,
): Promise<Map<string, StatPair>> {
  const entries = await Promise.all(
    paths.map(async (p) => [p, await statFollowing(reader, labId, p, owners.has(p))] as const),
  );
  return new Map(entries);
}

/** Fallback when the runtime cannot stat from outside: one probe, two `stat` runs in the lab. */
export function inLabStatProbe(paths: string[]): Probe {
  const quoted = paths.map(shq).join(' ');
  const script = `stat -c 'L %f %u %g %s %n' -- ${quoted} 2>/dev/null; stat -L -c 'F %f %u %g %s %n' -- ${quoted} 2>/dev/null
for p in ${quoted}; do [ -L "$p" ] && printf 'T %s\\t%s\\n' "$(readlink -- "$p")" "$p"; done; true`;
  return { key: `stat ${quoted}`, script, timeoutS: 3 };
}

function fromStat(f: string[], linkTarget: string | undefined): PathStat {
  const raw = parseInt(f[1] ?? '', 16);
  const fmt = raw & 0o170000;
  const type =
    fmt === 0o100000 ? 'file' : fmt === 0o040000 ? 'directory' : fmt === 0o120000 ? 'symlink' : 'other';
  const link = type === 'symlink' ? { linkTarget } : {};
  return { type, mode: raw & 0o7777, uid: Number(f[2]), gid: Number(f[3]), size: Number(f[4]), ...link };
}

/** Lines `L|F <hex mode> <uid> <gid> <size> <path>` and `T <target>\t<path>`. */
export function parseInLabStat(paths: string[], result: ProbeResult | undefined): Map<string, StatPair> {
  const map = new Map<string, StatPair>(paths.map((p) => [p, { lstat: null, stat: null }]));
  const lines = result?.output.split('\n') ?? [];
  const targets = new Map(
    lines
      .filter((x) => x.startsWith('T '))
      .map((x) => [x.slice(x.indexOf('\t') + 1), x.slice(2, x.indexOf('\t'))]),
  );
  for (const line of lines) {
    const f = line.split(' ');
    const path = f.slice(5).join(' ');
    const pair = map.get(path);
    if (!pair || f.length < 6 || (f[0] !== 'L' && f[0] !== 'F')) continue;
    if (f[0] === 'L') pair.lstat = fromStat(f, targets.get(path));
    else pair.stat = fromStat(f, undefined);
  }
  return map;
}
