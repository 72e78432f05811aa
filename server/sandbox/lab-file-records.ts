// What the editor's file tool (term-holder/atelier-file.c) prints, read back: NUL-separated fields, and
// its exit codes as the port's refusals. Pure, so unit tests cover it without a lab.
import {
  SandboxError,
  type DirEntry,
  type DirListing,
  type FileInfo,
  type SandboxErrorReason,
} from './sandbox-runtime.js';

const RECORD_FIELDS = 8;

const REFUSALS: Record<number, [SandboxErrorReason, string]> = {
  2: ['no-such-file', 'no such file'],
  3: ['no-such-directory', 'no such directory'],
  4: ['is-a-directory', 'is a directory'],
  5: ['not-a-regular-file', 'not a regular file'],
  6: ['file-too-big', 'file too big'],
  7: ['file-changed', 'the file changed since it was opened'],
  8: ['file-exists', 'the file exists'],
  9: ['not-a-directory', 'not a directory'],
};

/** The tool's exit code as an error (`stderr` says why a write failed); undefined for 0. */
export function refusalOf(code: number, path: string, stderr: string): SandboxError | undefined {
  if (code === 0) return undefined;
  const refusal = REFUSALS[code];
  if (refusal) return new SandboxError(refusal[0], `${path}: ${refusal[1]}`);
  const detail = stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
  if (code === 10) return new SandboxError('file-write-failed', detail || 'write failed');
  // 126/127: a lab made before the tool existed mounts an older volume without it.
  if (code === 126 || code === 127)
    return new SandboxError('lab-too-old', `${path}: this lab has no file tool (made before the editor)`);
  return new SandboxError('sandbox-error', `file tool failed on ${path} (exit ${code}) ${detail}`.trim());
}

/** Splits at NUL `count` fields from `offset`; the rest (a file's content) follows. */
function fields(out: Buffer, offset: number, count: number): { values: string[]; next: number } {
  const values: string[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    const end = out.indexOf(0, at);
    if (end < 0) throw new SandboxError('sandbox-error', 'file tool: truncated output');
    values.push(out.subarray(at, end).toString('utf8'));
    at = end + 1;
  }
  return { values, next: at };
}

const num = (s: string | undefined): number => {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new SandboxError('sandbox-error', `file tool: bad number ${s}`);
  return n;
};

/** A file's record and what follows it (its content, for `read`). */
export function parseRecord(out: Buffer): { file: FileInfo; rest: Buffer } {
  const { values: v, next } = fields(out, 0, RECORD_FIELDS);
  const file: FileInfo = {
    mode: num(v[0]),
    uid: num(v[1]),
    gid: num(v[2]),
    owner: v[3] ?? '',
    group: v[4] ?? '',
    size: num(v[5]),
    version: v[6] ?? '',
    realPath: v[7] ?? '',
  };
  return { file, rest: out.subarray(next) };
}

const TYPES: Record<string, DirEntry['type']> = { f: 'file', d: 'directory', l: 'symlink', o: 'other' };
const TARGETS: Record<string, NonNullable<DirEntry['target']>> = {
  f: 'file',
  d: 'directory',
  o: 'other',
  l: 'other',
  m: 'missing',
};

export function parseListing(out: Buffer): DirListing {
  const head = fields(out, 0, 2);
  if (head.values[0] !== 'D') throw new SandboxError('sandbox-error', 'file tool: not a listing');
  const listing: DirListing = { path: head.values[1] ?? '/', entries: [], truncated: false };
  let at = head.next;
  while (at < out.length) {
    if (out[at] === 0x54 && out[at + 1] === 0) return { ...listing, truncated: true }; // "T"
    const { values: v, next } = fields(out, at, 5);
    at = next;
    const target = v[3] ? TARGETS[v[3]] : undefined;
    listing.entries.push({
      name: v[4] ?? '',
      type: TYPES[v[0] ?? ''] ?? 'other',
      mode: num(v[1]),
      size: num(v[2]),
      ...(target ? { target } : {}),
    });
  }
  return listing;
}
