import { describe, expect, it } from 'vitest';
import type { Facts, ProbeResult } from '../../../server/courses/checks/check-kind.js';
import type { PathStat } from '../../../server/sandbox/sandbox-runtime.js';
import { parseCrontab } from '../../../server/courses/checks/cron-check.js';
import { check, checkSchema, kindOf, type CheckSpec } from '../../../server/courses/checks/index.js';
import { parseProcesses } from '../../../server/courses/checks/process-check.js';
import { parseSockets } from '../../../server/courses/checks/port-check.js';

interface World {
  files?: Record<string, string>;
  stats?: Record<string, PathStat>;
  probes?: Record<string, ProbeResult>;
}

const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n';
const GROUP = 'root:x:0:\nsudo:x:27:alice\nalice:x:1000:\nwww-data:x:33:\nequipe:x:1001:bob\n';

/** Evaluates a check against a described lab; probes are matched by the planned probe's key. */
function judge(spec: CheckSpec, world: World, lang: 'fr' | 'en' = 'en') {
  const files: Record<string, string> = { '/etc/passwd': PASSWD, '/etc/group': GROUP, ...world.files };
  const kind = kindOf(spec);
  const planned = kind.plan(spec).probes ?? [];
  const facts: Facts = {
    read: (p) => (files[p] === undefined ? null : Buffer.from(files[p] ?? '')),
    stat: (p) => world.stats?.[p] ?? null,
    probe: (key) =>
      world.probes?.[key] ?? world.probes?.[planned.find((x) => x.key === key)?.key.split(' ')[0] ?? ''],
  };
  const v = kind.evaluate(spec, facts);
  return { passed: v.passed, text: v.detail[lang] };
}

const file = (mode: number, uid = 0, gid = 0): PathStat => ({ type: 'file', mode, uid, gid, size: 1 });

describe('file checks', () => {
  it('reports what is wrong, precisely', () => {
    const stats = { '/srv/site/index.html': file(0o640, 1000, 33) };
    expect(
      judge(check.file('/srv/site/index.html', { owner: 'alice', group: 'www-data', mode: '640' }), {
        stats,
      }),
    ).toEqual({
      passed: true,
      text: '/srv/site/index.html: a regular file, owner alice, group www-data, mode 640.',
    });
    expect(judge(check.file('/srv/site/index.html', { owner: 'www-data' }), { stats }).text).toBe(
      '/srv/site/index.html is owned by alice (expected www-data).',
    );
    expect(judge(check.file('/srv/site/index.html', { mode: '644' }), { stats }, 'fr').text).toBe(
      'Les droits de /srv/site/index.html sont 640 (attendu : 644).',
    );
    expect(judge(check.file('/srv/site/index.html', { type: 'directory' }), { stats }).text).toBe(
      '/srv/site/index.html is a regular file, not a directory.',
    );
    expect(judge(check.file('/nope'), {}).text).toBe('/nope does not exist.');
  });

  it('checks contents: contains, notContains, matches', () => {
    const world = {
      stats: { '/etc/app.conf': file(0o644) },
      files: { '/etc/app.conf': 'mode = production\nport = 9090\n' },
    };
    expect(
      judge(
        check.file('/etc/app.conf', { contains: ['production', 'port'], matches: /^port\s*=\s*9090$/m }),
        world,
      ).passed,
    ).toBe(true);
    expect(judge(check.file('/etc/app.conf', { notContains: 'production' }), world).text).toBe(
      '/etc/app.conf still contains "production".',
    );
    expect(judge(check.file('/etc/app.conf', { matches: /^mode = test$/m }), world).passed).toBe(false);
  });

  it('rejects bad specs when the course loads', () => {
    for (const bad of [
      check.file('relative/path'),
      check.file('/etc/../root'),
      check.file('/x', { mode: '999' }),
      check.port(70000),
      check.http('file:///etc/passwd'),
      check.user('Bad Name'),
      { kind: 'nope' },
      { ...check.file('/x'), extra: 1 },
    ]) {
      expect(checkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('accounts and packages', () => {
  it('user: exists, shell, groups', () => {
    expect(judge(check.user('alice', { shell: '/bin/bash', groups: ['sudo', 'alice'] }), {}).passed).toBe(
      true,
    );
    expect(judge(check.user('alice', { groups: ['equipe'] }), {}).text).toBe('alice is not in group equipe.');
    expect(judge(check.user('bob'), {}, 'fr').text).toBe("Le compte bob n'existe pas.");
    expect(judge(check.user('bob', { exists: false }), {}).passed).toBe(true);
  });

  it('group: members, supplementary or primary', () => {
    expect(judge(check.group('alice', { members: ['alice'] }), {}).passed).toBe(true);
    expect(judge(check.group('equipe', { members: ['bob', 'alice'] }), {}).text).toBe(
      'alice is not a member of group equipe.',
    );
  });

  it('package: installed, half-installed, version', () => {
    const files = {
      '/var/lib/dpkg/status':
        'Package: cron\nStatus: install ok installed\nVersion: 3.0pl1-162\n\nPackage: nginx\nStatus: deinstall ok config-files\nVersion: 1.22.1-9\n',
    };
    expect(judge(check.package('cron', { version: '3.0' }), { files }).passed).toBe(true);
    expect(judge(check.package('nginx'), { files }).text).toBe(
      'nginx is only partly installed (deinstall ok config-files).',
    );
    expect(judge(check.package('nginx', { installed: false }), { files }).passed).toBe(true);
  });
});

describe('live state parsing', () => {
  it('reads processes and sockets from the probes', () => {
    const procs = parseProcesses({
      exitCode: 0,
      output: '1\t0\ttini\t/sbin/tini -- sleep\n42\t33\tnginx\tnginx: worker process\nbad line\n',
    });
    expect(procs).toEqual([
      { pid: 1, uid: 0, name: 'tini', cmdline: '/sbin/tini -- sleep' },
      { pid: 42, uid: 33, name: 'nginx', cmdline: 'nginx: worker process' },
    ]);
    const sockets = parseSockets({
      exitCode: 0,
      output: [
        '#tcp',
        '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
        '   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1',
        '   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1',
        '   2: 0100007F:9C40 0100007F:0050 01 00000000:00000000 00:00000000 00000000     0        0 3 1',
        '#tcp6',
        '   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 0 0 0 0 0 4 1',
        '   1: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 0A 0 0 0 0 0 5 1',
        '#udp',
        '   0: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6 2',
      ].join('\n'),
    });
    expect(sockets).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: 80 },
      { protocol: 'tcp', address: '127.0.0.1', port: 8080 },
      { protocol: 'tcp', address: '::', port: 80 },
      { protocol: 'tcp', address: '::1', port: 53 },
      { protocol: 'udp', address: '0.0.0.0', port: 68 },
    ]);
  });

  it('port and process verdicts', () => {
    const sockets = { exitCode: 0, output: '#tcp\n   1: 0100007F:1F90 00000000:0000 0A 0 0 0 0 0 2 1\n' };
    expect(judge(check.port(8080, { address: '0.0.0.0' }), { probes: { sockets } }).text).toBe(
      'Port 8080/tcp listens on 127.0.0.1 (expected 0.0.0.0).',
    );
    expect(judge(check.port(80), { probes: { sockets } }, 'fr').text).toBe(
      "Aucun programme n'écoute sur le port 80/tcp.",
    );
    const processes = { exitCode: 0, output: '42\t33\tnginx\tnginx: worker\n41\t0\tnginx\tnginx: master\n' };
    expect(judge(check.process('nginx', { user: 'www-data' }), { probes: { processes } }).passed).toBe(true);
    expect(judge(check.process('nginx', { user: 'alice' }), { probes: { processes } }).text).toBe(
      'nginx runs, but not as user alice.',
    );
    expect(judge(check.process('cron'), { probes: {} }).text).toBe('The process list could not be read.');
  });

  it('http verdicts from the probe output (status line, then body)', () => {
    const spec = check.http('http://localhost/', { bodyContains: 'Bienvenue' });
    const key = kindOf(spec).plan(spec).probes?.[0]?.key ?? '';
    expect(
      judge(spec, { probes: { [key]: { exitCode: 0, output: '200\n<h1>Bienvenue</h1>' } } }).passed,
    ).toBe(true);
    expect(judge(spec, { probes: { [key]: { exitCode: 0, output: '404\nnot found' } } }).text).toBe(
      'http://localhost/ answers 404 (expected 200).',
    );
    expect(judge(spec, { probes: { [key]: { exitCode: 7, output: '000\n' } } }).text).toBe(
      'No answer from http://localhost/ (connection refused).',
    );
  });
});

describe('cron', () => {
  it('parses user and system crontabs', () => {
    expect(
      parseCrontab(
        '# m h dom mon dow command\nMAILTO=root\n30 2 * * * /usr/local/bin/sauvegarde.sh\n@daily  tar czf /x.tgz /y\n',
        false,
      ),
    ).toEqual([
      { schedule: '30 2 * * *', user: undefined, command: '/usr/local/bin/sauvegarde.sh' },
      { schedule: '@daily', user: undefined, command: 'tar czf /x.tgz /y' },
    ]);
    expect(
      parseCrontab('17 * * * * root cd / && run-parts --report /etc/cron.hourly\n', true)[0],
    ).toMatchObject({ user: 'root', command: 'cd / && run-parts --report /etc/cron.hourly' });
  });

  it('checks command, schedule and user', () => {
    const files = { '/var/spool/cron/crontabs/root': '30 2 * * * /usr/local/bin/sauvegarde.sh\n' };
    expect(
      judge(check.cron({ user: 'root', command: 'sauvegarde.sh', schedule: '30  2 * * *' }), { files })
        .passed,
    ).toBe(true);
    expect(
      judge(check.cron({ user: 'root', command: 'sauvegarde.sh', schedule: '0 3 * * *' }), { files }).text,
    ).toBe('The job is scheduled "30 2 * * *" (expected "0 3 * * *").');
    expect(judge(check.cron({ user: 'alice', command: 'x' }), { files }).text).toBe(
      'alice has no crontab yet.',
    );
  });
});
