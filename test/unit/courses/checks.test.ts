import { describe, expect, it } from 'vitest';
import { parseCrontab } from '../../../server/courses/checks/cron-check.js';
import { check, checkSchema, kindOf } from '../../../server/courses/checks/index.js';
import { parseProcesses } from '../../../server/courses/checks/process-check.js';
import { parseSockets } from '../../../server/courses/checks/port-check.js';
import { file, judge } from './checks-world.js';

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
    // What `__pkg NAME` prints in the grader: dpkg's status and version, whether the image knows the
    // package, then files / present / programs / matching, and the first file missing or different.
    const pkg = (output: string) => ({ probes: { package: { exitCode: 0, output } } });
    const cron = pkg('S installed 3.0pl1-162\nK 1\nF 12 12 1 1\n');
    expect(judge(check.package('cron', { version: '3.0' }), cron)).toEqual({
      passed: true,
      text: 'Package cron is installed (3.0pl1-162).',
    });
    expect(judge(check.package('cron', { version: '3.1' }), cron).text).toBe(
      'cron is at version 3.0pl1-162 (expected 3.1).',
    );
    expect(judge(check.package('cron', { installed: false }), cron).text).toBe(
      'Package cron is still installed.',
    );
    expect(judge(check.package('nginx'), pkg('S half-configured 1.22.1-9\nK 1\nF 40 40 2 2\n')).text).toBe(
      'nginx is only partly installed (half-configured).',
    );
    // A status stanza written by hand is not a package: its files must be there, its programs intact.
    const missing = pkg('S installed 1.22.1-9\nK 1\nF 40 39 2 1\nX /usr/sbin/nginx\n');
    expect(judge(check.package('nginx'), missing).text).toBe(
      'nginx is recorded as installed, but /usr/sbin/nginx is missing.',
    );
    const changed = pkg('S installed 1.22.1-9\nK 1\nF 40 40 2 1\nX /usr/sbin/nginx\n');
    expect(judge(check.package('nginx'), changed).text).toBe(
      '/usr/sbin/nginx is not the one from package nginx.',
    );
    expect(judge(check.package('nginx'), pkg('S installed 1.22.1-9\nK 0\nF 0 0 0 0\n')).text).toBe(
      "nginx is not a package of the course's image: its files cannot be checked.",
    );
    // Removed: not in dpkg's database (or config files only) and its files gone.
    const removed = pkg('S \nK 1\nF 40 0 2 0\nX /usr/sbin/nginx\n');
    expect(judge(check.package('nginx', { installed: false }), removed).passed).toBe(true);
    expect(judge(check.package('nginx'), removed).text).toBe('Package nginx is not installed.');
    const configFiles = pkg('S config-files 1.22.1-9\nK 1\nF 40 3 2 0\nX /usr/sbin/nginx\n');
    expect(judge(check.package('nginx', { installed: false }), configFiles).passed).toBe(true);
    // Erased from dpkg's database while every file stays: still there.
    const hidden = pkg('S \nK 1\nF 40 40 2 2\n');
    expect(judge(check.package('nginx', { installed: false }), hidden).text).toBe(
      "Package nginx's files are still there.",
    );
    expect(judge(check.package('nginx'), { probes: {} }).text).toBe("dpkg's database could not be read.");
    expect(judge(check.package('nginx'), pkg('garbage')).passed).toBe(false);
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
    // What `programs nginx` prints: pid, the program the kernel mapped, 1 when it is a package's own.
    const programs = { exitCode: 0, output: '42\t/usr/sbin/nginx\t1\n41\t/usr/sbin/nginx\t1\n' };
    expect(
      judge(check.process('nginx', { user: 'www-data' }), { probes: { processes, programs } }).passed,
    ).toBe(true);
    expect(judge(check.process('nginx', { user: 'alice' }), { probes: { processes, programs } }).text).toBe(
      'nginx runs, but not as user alice.',
    );
    // A copy of another program named nginx (or no verdict on the programs at all) is not nginx.
    const forged = { exitCode: 0, output: '42\t/tmp/nginx\t0\n41\t/usr/bin/perl\t0\n' };
    const notNginx = 'A process is named nginx, but its program is not one of an installed package.';
    expect(judge(check.process('nginx'), { probes: { processes, programs: forged } }).text).toBe(notNginx);
    expect(judge(check.process('nginx'), { probes: { processes } }).text).toBe(notNginx);
    // Only the verified processes count: here the master (root), not the forged worker (www-data).
    const masterOnly = { exitCode: 0, output: '42\t/tmp/nginx\t0\n41\t/usr/sbin/nginx\t1\n' };
    expect(
      judge(check.process('nginx', { user: 'www-data' }), { probes: { processes, programs: masterOnly } })
        .text,
    ).toBe('nginx runs, but not as user www-data.');
    expect(
      judge(check.process('nginx', { user: 'root' }), { probes: { processes, programs: masterOnly } }).text,
    ).toBe('nginx is running (1 process).');
    // anyProgram: the learner's own program under that name; no program probe is planned.
    const any = check.process('nginx', { anyProgram: true, user: 'www-data' });
    expect(
      kindOf(any)
        .plan(any)
        .probes?.map((p) => p.key),
    ).toEqual(['processes']);
    expect(judge(any, { probes: { processes, programs: forged } }).passed).toBe(true);
    const plain = check.process('nginx');
    expect(
      kindOf(plain)
        .plan(plain)
        .probes?.map((p) => p.key),
    ).toEqual(['processes', 'programs nginx']);
    expect(judge(check.process('nginx', { running: false }), { probes: { processes } }).text).toBe(
      'nginx is still running (PID 42).',
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
      {
        schedule: '30 2 * * *',
        user: undefined,
        command: '/usr/local/bin/sauvegarde.sh',
        line: '30 2 * * * /usr/local/bin/sauvegarde.sh',
      },
      {
        schedule: '@daily',
        user: undefined,
        command: 'tar czf /x.tgz /y',
        line: '@daily  tar czf /x.tgz /y',
      },
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
