import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCheckScript, newNonce, parseCheckOutput } from '../../../server/courses/check-script.js';
import { check, checkSchema, kindOf } from '../../../server/courses/checks/index.js';
import { symbolic } from '../../../server/courses/checks/file-bits.js';
import { contentOf, globProbe, parseGlob, parseStat } from '../../../server/courses/lab-facts.js';
import { file, judge } from './checks-world.js';

describe('file: size, links, modeHas, modeLacks', () => {
  const stats = {
    '/srv/vide': file(0o644, 0, 0, { size: 0, links: 1 }),
    '/srv/data': file(0o2775, 0, 0, { size: 2048, links: 2, type: 'directory' }),
    '/tmp/ouvert': file(0o666, 0, 0, { size: 12, links: 1 }),
  };

  it('size: exact or a range', () => {
    expect(judge(check.file('/srv/vide', { size: 0 }), { stats })).toEqual({
      passed: true,
      text: '/srv/vide: a regular file, 0 bytes.',
    });
    expect(judge(check.file('/tmp/ouvert', { size: 0 }), { stats }, 'fr').text).toBe(
      '/tmp/ouvert fait 12 octets (attendu : 0 octet).',
    );
    expect(judge(check.file('/tmp/ouvert', { size: { min: 1, max: 100 } }), { stats }).passed).toBe(true);
    expect(judge(check.file('/srv/vide', { size: { min: 1 } }), { stats }).text).toBe(
      '/srv/vide is 0 bytes (expected at least 1 byte).',
    );
    expect(judge(check.file('/tmp/ouvert', { size: { max: 10 } }), { stats }, 'fr').text).toBe(
      '/tmp/ouvert fait 12 octets (attendu : au plus 10 octets).',
    );
    expect(judge(check.file('/tmp/ouvert', { size: { min: 20, max: 30 } }), { stats }).text).toBe(
      '/tmp/ouvert is 12 bytes (expected between 20 and 30 bytes).',
    );
  });

  it('links: the hard-link count', () => {
    expect(judge(check.file('/srv/data', { links: 2 }), { stats }).passed).toBe(true);
    expect(judge(check.file('/srv/vide', { links: 2 }), { stats }, 'fr').text).toBe(
      '/srv/vide a 1 lien physique (attendu : 2).',
    );
    expect(judge(check.file('/srv/data', { links: 1 }), { stats }).text).toBe(
      '/srv/data has 2 hard links (expected 1).',
    );
  });

  it('modeHas and modeLacks name the bits, as chmod would', () => {
    expect(symbolic(0o2002)).toBe('g+s, o+w');
    expect(symbolic(0o4755)).toBe('u+rwxs, g+rx, o+rx');
    expect(judge(check.file('/srv/data', { modeHas: '2000', modeLacks: '0002' }), { stats })).toEqual({
      passed: true,
      text: '/srv/data: a directory, mode with g+s, mode without o-w.',
    });
    expect(judge(check.file('/srv/vide', { modeHas: '2000' }), { stats }, 'fr').text).toBe(
      'Les droits de /srv/vide sont 644 : il manque g+s (2000).',
    );
    expect(judge(check.file('/tmp/ouvert', { modeLacks: '0002' }), { stats }).text).toBe(
      '/tmp/ouvert has mode 666: o+w (002) must go.',
    );
    expect(judge(check.file('/tmp/ouvert', { modeLacks: '0022' }), { stats }, 'fr').text).toBe(
      'Les droits de /tmp/ouvert sont 666 : g+w, o+w (022) est en trop.',
    );
  });

  it('refuses bad values when the course loads', () => {
    for (const bad of [
      check.file('/x', { modeHas: '9' }),
      check.file('/x', { modeLacks: '0000' }),
      check.file('/x', { size: -1 }),
      check.file('/x', { size: {} }),
      check.file('/x', { links: 0 }),
      check.file([]),
      check.file(['/x', 'relative']),
    ]) {
      expect(checkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('file: globs and lists of paths', () => {
  const stats = {
    '/etc/sudoers.d/README': file(0o440, 0, 0, { size: 900 }),
    '/etc/sudoers.d/alice': file(0o644),
    '/etc/sudoers.d/.cache': file(0o440),
    '/etc/nginx/sites-enabled/site1': file(0o644),
  };
  const files = { '/etc/sudoers.d/README': '# read me', '/etc/sudoers.d/alice': 'alice ALL=(ALL) ALL\n' };

  it('some match satisfies every condition, and the message names it', () => {
    expect(judge(check.file('/etc/sudoers.d/*', { contains: 'alice ALL' }), { stats, files })).toEqual({
      passed: true,
      text: '/etc/sudoers.d/alice: a regular file.',
    });
    expect(judge(check.file('/etc/sudoers.d/[a-z]*', { mode: '644' }), { stats }).text).toBe(
      '/etc/sudoers.d/alice: a regular file, mode 644.',
    );
    // Two matches, neither fits: the first one's reason.
    expect(judge(check.file('/etc/sudoers.d/*', { contains: 'bob' }), { stats, files }, 'fr').text).toBe(
      '/etc/sudoers.d/* : aucun des 2 chemins trouvés ne convient. /etc/sudoers.d/README ne contient pas « bob ».',
    );
    // One match: its own message.
    expect(judge(check.file('/etc/sudoers.d/a?ice', { mode: '440' }), { stats }).text).toBe(
      '/etc/sudoers.d/alice has mode 644 (expected 440).',
    );
    expect(judge(check.file('/etc/sudoers.d/bob*'), { stats }, 'fr').text).toBe(
      'Aucun chemin ne correspond à /etc/sudoers.d/bob*.',
    );
  });

  it('exists: false means nothing matches', () => {
    expect(judge(check.file('/etc/apache2/sites-enabled/*', { exists: false }), { stats })).toEqual({
      passed: true,
      text: 'Nothing matches /etc/apache2/sites-enabled/*.',
    });
    expect(judge(check.file('/etc/nginx/sites-enabled/*', { exists: false }), { stats }, 'fr').text).toBe(
      '/etc/nginx/sites-enabled/site1 existe (il correspond à /etc/nginx/sites-enabled/*).',
    );
  });

  it('a list of paths means one of them', () => {
    const list = ['/etc/sudoers.d/bob', '/etc/sudoers.d/alice'];
    expect(judge(check.file(list, { mode: '644' }), { stats }).text).toBe(
      '/etc/sudoers.d/alice: a regular file, mode 644.',
    );
    expect(judge(check.file(['/a', '/b']), { stats }, 'fr').text).toBe(
      "Aucun de ces chemins n'existe : /a, /b.",
    );
    expect(judge(check.file(['/a', '/etc/sudoers.d/alice'], { exists: false }), { stats }).text).toBe(
      '/etc/sudoers.d/alice still exists.',
    );
    expect(judge(check.file(['/a', '/b'], { exists: false }), { stats }).passed).toBe(true);
  });

  it('plans a glob probe, with contents only when needed', () => {
    const spec = check.file(['/etc/x', '/etc/sudoers.d/*'], { contains: 'a' });
    expect(kindOf(spec).plan(spec)).toEqual({
      stats: ['/etc/x'],
      reads: ['/etc/x'],
      globs: [{ pattern: '/etc/sudoers.d/*', content: true }],
    });
    const meta = check.file('/etc/sudoers.d/*', { mode: '440' });
    expect(kindOf(meta).plan(meta).globs).toEqual([{ pattern: '/etc/sudoers.d/*', content: false }]);
  });
});

describe('the glob probe inside a lab root (local bash)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'atelier-glob-'));
    mkdirSync(path.join(root, 'etc/sudoers.d'), { recursive: true });
    mkdirSync(path.join(root, 'srv/real'), { recursive: true });
    writeFileSync(path.join(root, 'etc/sudoers.d/alice'), 'alice ALL=(ALL) ALL\n\n');
    writeFileSync(path.join(root, 'etc/sudoers.d/.hidden'), 'x');
    writeFileSync(path.join(root, 'srv/real/a.conf'), 'A');
    linkSync(path.join(root, 'srv/real/a.conf'), path.join(root, 'srv/real/b.conf'));
    symlinkSync('/srv/real', path.join(root, 'srv/link')); // absolute: inside the lab's root
    symlinkSync('/etc', path.join(root, 'etc/sudoers.d/escape')); // would be the host's /etc
    writeFileSync(path.join(root, 'etc/sudoers.d/weird\nname'), 'x');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function glob(pattern: string, content = true) {
    const nonce = newNonce();
    const r = spawnSync('bash', ['--noprofile', '--norc', '-s'], {
      input: buildCheckScript([globProbe(pattern, content)], nonce, 'grader'),
      encoding: 'utf8',
      env: { ...process.env, LAB_ROOT: root },
      timeout: 20_000,
    });
    return parseGlob(parseCheckOutput(r.stdout, nonce, 1)[0]);
  }

  it('lists matches with their stat and content, dot files and odd names left out', () => {
    const m = glob('/etc/sudoers.d/*');
    expect(m?.map((x) => x.path)).toEqual(['/etc/sudoers.d/alice', '/etc/sudoers.d/escape']);
    const alice = m?.[0];
    expect(parseStat(alice?.stat).lstat).toMatchObject({ type: 'file', size: 21, links: 1 });
    expect(contentOf('/etc/sudoers.d/alice', alice?.read)?.toString()).toBe('alice ALL=(ALL) ALL\n\n');
    // The link to /etc is judged as a link; its target is the lab's /etc, never the host's.
    expect(parseStat(m?.[1]?.stat).lstat).toMatchObject({ type: 'symlink', linkTarget: '/etc' });
    expect(parseStat(m?.[1]?.stat).stat).toMatchObject({ type: 'directory' });
    expect(m?.[1]?.read?.exitCode).toBe(3);
  });

  it('resolves directories inside the root, and never lists the host through a link', () => {
    expect(glob('/srv/link/*.conf', false)?.map((x) => x.path)).toEqual([
      '/srv/link/a.conf',
      '/srv/link/b.conf',
    ]);
    expect(parseStat(glob('/srv/link/a.conf', false)?.[0]?.stat).stat).toMatchObject({ links: 2 });
    // /etc/sudoers.d/escape -> /etc: the lab's /etc holds only sudoers.d, not the host's passwd.
    expect(glob('/etc/sudoers.d/escape/*', false)?.map((x) => x.path)).toEqual([
      '/etc/sudoers.d/escape/sudoers.d',
    ]);
    expect(glob('/etc/sudoers.d/escape/passwd', false)).toEqual([]);
    expect(glob('/nothing/*', false)).toEqual([]);
    expect(glob('/etc/sudoers.d/.h*', false)?.map((x) => x.path)).toEqual(['/etc/sudoers.d/.hidden']);
  });

  it('refuses an incomplete listing', () => {
    expect(parseGlob({ exitCode: 0, output: '@123\n@123 P /a\n' })).toBeUndefined();
    expect(parseGlob({ exitCode: 0, output: 'x\n' })).toBeUndefined();
    expect(parseGlob({ exitCode: 0, output: '@123\n@123 E\n' })).toEqual([]);
  });
});
