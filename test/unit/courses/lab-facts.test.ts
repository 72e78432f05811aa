import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCheckScript, newNonce, parseCheckOutput } from '../../../server/courses/check-script.js';
import type { Probe } from '../../../server/courses/checks/check-kind.js';
import { contentOf, parseStat, readProbe, statProbe } from '../../../server/courses/lab-facts.js';

const GRADER_LIB = readFileSync(new URL('../../../server/courses/grader-lib.sh', import.meta.url), 'utf8');

describe('parseStat', () => {
  const ok = (output: string) => ({ exitCode: 0, output });

  it('reads a regular file, a symlink and a broken link', () => {
    const file = { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 12 };
    expect(parseStat(ok('L 81a4 0 0 12\nF 81a4 0 0 12\n'))).toEqual({ lstat: file, stat: file });
    expect(parseStat(ok('L 41ed 1000 33 4096\nF 41ed 1000 33 4096\n')).stat).toEqual({
      type: 'directory',
      mode: 0o755,
      uid: 1000,
      gid: 33,
      size: 4096,
    });
    expect(parseStat(ok('L a1ff 0 0 9\nF 81a4 1000 1000 5\nT9 notes.txt'))).toEqual({
      lstat: { type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 9, linkTarget: 'notes.txt' },
      stat: { type: 'file', mode: 0o644, uid: 1000, gid: 1000, size: 5 },
    });
    expect(parseStat(ok('L a1ff 0 0 4\nN\nT4 nope'))).toEqual({
      lstat: { type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 4, linkTarget: 'nope' },
      stat: null,
    });
  });

  it('keeps a target holding newlines whole: it never passes for an L or F line', () => {
    const target = 'x\nL 81a4 0 0 1\nF 81a4 0 0 1';
    const pair = parseStat(ok(`L a1ff 0 0 ${target.length}\nN\nT${target.length} ${target}`));
    expect(pair.lstat).toMatchObject({ type: 'symlink', linkTarget: target });
    expect(pair.stat).toBeNull();
    // The length is in bytes: a multi-byte target is cut where the probe said, not later.
    const utf = 'é\nL';
    const bytes = Buffer.byteLength(utf);
    expect(parseStat(ok(`L a1ff 0 0 ${bytes}\nN\nT${bytes} ${utf}\nF 81a4 0 0 1`)).lstat?.linkTarget).toBe(
      utf,
    );
  });

  it('gives nothing for a failed, missing or malformed probe', () => {
    const none = { lstat: null, stat: null };
    expect(parseStat(undefined)).toEqual(none);
    expect(parseStat({ exitCode: 3, output: 'L 81a4 0 0 1\nF 81a4 0 0 1\n' })).toEqual(none);
    expect(parseStat(ok('garbage\nF 81a4 0 0\n'))).toEqual(none);
    // A followed path is never a symlink.
    expect(parseStat(ok('L a1ff 0 0 1\nF a1ff 0 0 1\nT1 x')).stat).toBeNull();
  });
});

describe('the grader inside a lab root', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'atelier-root-'));
    mkdirSync(path.join(root, 'etc/real'), { recursive: true });
    writeFileSync(path.join(root, 'etc/real/conf'), 'inside the lab\n');
    symlinkSync('/etc/real', path.join(root, 'abs')); // absolute: from the lab's root, not the host's
    symlinkSync('real', path.join(root, 'etc/rel'));
    symlinkSync('../../../../etc', path.join(root, 'up'));
    symlinkSync('/etc/real/conf', path.join(root, 'etc/conf-link'));
    symlinkSync('/etc/hostname', path.join(root, 'host-file')); // exists on the host, not in the lab
    symlinkSync('loop2', path.join(root, 'loop1'));
    symlinkSync('loop1', path.join(root, 'loop2'));
    symlinkSync('x\nL 81a4 0 0 1\nF 81a4 0 0 1', path.join(root, 'nl'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** `__res PATH FOLLOW` with the local bash, $R = the temp root: exit code and resolved path. */
  function res(p: string, follow: 0 | 1): { code: number | null; path: string } {
    const script = `R=${root}\n${GRADER_LIB}\n__res "$1" "$2"; c=$?; printf '%s\\n%s' "$c" "\${__r-}"`;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-c', script, 'res', p, String(follow)], {
      encoding: 'utf8',
    });
    const [code = '', resolved = ''] = r.stdout.split('\n');
    return { code: Number(code), path: Number(code) === 0 ? resolved : '' };
  }

  it('__res resolves relative and absolute links inside $R', () => {
    expect(res('/abs/conf', 1)).toEqual({ code: 0, path: '/etc/real/conf' });
    expect(res('/etc/rel/conf', 1)).toEqual({ code: 0, path: '/etc/real/conf' });
    expect(res('/abs', 1)).toEqual({ code: 0, path: '/etc/real' });
    expect(res('/abs', 0)).toEqual({ code: 0, path: '/abs' }); // the last link only when asked
    expect(res('/', 1)).toEqual({ code: 0, path: '/' });
  });

  it("__res stops '..' at $R", () => {
    expect(res('/up/real/conf', 1)).toEqual({ code: 0, path: '/etc/real/conf' });
    expect(res('/../../../etc/./real', 1)).toEqual({ code: 0, path: '/etc/real' });
  });

  it('__res returns 4 on a link loop', () => {
    expect(res('/loop1', 1).code).toBe(4);
    expect(res('/loop1/x', 0).code).toBe(4);
    expect(res('/loop1', 0)).toEqual({ code: 0, path: '/loop1' });
  });

  /** The grader batch with the local bash, LAB_ROOT = the temp root. */
  function grade(probes: Probe[]) {
    const nonce = newNonce();
    const r = spawnSync('bash', ['--noprofile', '--norc', '-s'], {
      input: buildCheckScript(probes, nonce, 'grader'),
      encoding: 'utf8',
      env: { ...process.env, LAB_ROOT: root },
      timeout: 20_000,
    });
    return parseCheckOutput(r.stdout, nonce, probes.length);
  }

  it('stat and read probes see the lab through its root, never the host', () => {
    const paths = ['/abs', '/etc/conf-link', '/host-file', '/nl', '/missing'];
    const results = grade([...paths.map(statProbe), ...paths.map(readProbe)]);
    const stats = results.slice(0, paths.length).map(parseStat);
    const reads = results.slice(paths.length).map((r, i) => contentOf(paths[i] ?? '', r)?.toString());
    expect(stats[0]?.lstat).toMatchObject({ type: 'symlink', linkTarget: '/etc/real' });
    expect(stats[0]?.stat).toMatchObject({ type: 'directory' });
    expect(stats[1]?.stat).toMatchObject({ type: 'file', size: 15 });
    expect(stats[2]?.lstat).toMatchObject({ type: 'symlink', linkTarget: '/etc/hostname' });
    expect(stats[2]?.stat).toBeNull();
    expect(stats[3]?.lstat).toMatchObject({ type: 'symlink', linkTarget: 'x\nL 81a4 0 0 1\nF 81a4 0 0 1' });
    expect(stats[3]?.stat).toBeNull();
    expect(stats[4]).toEqual({ lstat: null, stat: null });
    expect(reads).toEqual([undefined, 'inside the lab\n', undefined, undefined, undefined]);
  });
});
