// The options added for ported scenarios (issue 13), against a real lab: globs, size, links, mode bits,
// /etc/shadow, answer files, JSON / YAML, partial cron schedules; each passes when right and fails
// with a precise message when wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../server/courses/checks/index.js';
import { startLab, type TestLab } from './lab-fixture.js';

describe('check options on a real lab', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startLab('base');
    await lab.sh(`set -e
useradd -m -s /bin/bash -c 'Alice Martin' alice
groupadd equipe && useradd -m -g equipe bob
echo 'alice:Secret-123' | chpasswd
chage -m 1 -M 90 -W 14 -I 30 -E 2100-01-01 alice
usermod -L bob
useradd carol && echo 'carol:Secret-456' | chpasswd && passwd -e carol >/dev/null
mkdir -p /etc/sudoers.d /srv/partage /var/spool/cron/crontabs
printf 'alice ALL=(ALL) ALL\\n' > /etc/sudoers.d/alice && chmod 440 /etc/sudoers.d/alice
chmod 2775 /srv/partage
ln -s /etc /srv/partage/escape
printf 'bonjour\\n' > /srv/a.txt && ln /srv/a.txt /srv/b.txt && : > /srv/vide && chmod 666 /srv/vide
printf '  Chmod   640 \\n' > /root/reponse.txt
printf '{"server": {"port": 8080, "hosts": ["a.local", "b.local"]}}' > /srv/app.json
printf '{"a": 1,\\n "b" 2}' > /srv/bad.json
printf 'server:\\n  port: 8080\\n  tls: true\\n' > /srv/app.yaml
echo '*/5 * * * * /usr/local/bin/backup.sh' > /etc/cron.d/backup
echo '30 2 * * 1-5 root /usr/local/bin/rapport.sh' > /etc/cron.d/rapport
echo '15 3 * * * /usr/local/bin/sauvegarde' > /var/spool/cron/crontabs/root`);
  }, 180_000);
  afterAll(async () => lab?.remove());

  it('file: a glob matches, or nothing does', async () => {
    expect(
      await lab.verdict(check.file('/etc/sudoers.d/*', { contains: 'alice ALL', mode: '440' })),
    ).toMatchObject({ passed: true, message: '/etc/sudoers.d/alice: a regular file, mode 440.' });
    expect(await lab.verdict(check.file('/etc/sudoers.d/*', { contains: 'bob ALL' }))).toMatchObject({
      passed: false,
      // The image's sudo ships /etc/sudoers.d/README: two matches, the first one's reason.
      message:
        '/etc/sudoers.d/*: none of the 2 paths found fits. /etc/sudoers.d/README does not contain "bob ALL".',
    });
    expect(await lab.verdict(check.file('/etc/apache2/sites-enabled/*', { exists: false }))).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.file('/etc/cron.d/rap*', { exists: false }))).toMatchObject({
      passed: false,
      message: '/etc/cron.d/rapport exists (it matches /etc/cron.d/rap*).',
    });
    expect(await lab.verdict(check.file('/srv/*.conf'))).toMatchObject({
      passed: false,
      message: 'Nothing matches /srv/*.conf.',
    });
    expect(
      await lab.verdict(check.file(['/srv/c.txt', '/srv/b.txt'], { contains: 'bonjour' })),
    ).toMatchObject({
      passed: true,
      message: '/srv/b.txt: a regular file.',
    });
    // A link to /etc inside the lab's root lists the lab's /etc, never the grader's.
    expect(
      await lab.verdict(check.file('/srv/partage/escape/sudoers.d/*', { contains: 'alice' })),
    ).toMatchObject({
      passed: true,
    });
  });

  it('file: size, links, modeHas, modeLacks', async () => {
    expect(await lab.verdict(check.file('/srv/a.txt', { size: 8, links: 2 }))).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.file('/srv/vide', { size: { min: 1 } }))).toMatchObject({
      passed: false,
      message: '/srv/vide is 0 bytes (expected at least 1 byte).',
    });
    expect(await lab.verdict(check.file('/srv/vide', { links: 2 }))).toMatchObject({
      passed: false,
      message: '/srv/vide has 1 hard link (expected 2).',
    });
    expect(
      await lab.verdict(check.file('/srv/partage', { modeHas: '2000', modeLacks: '0002' })),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.file('/srv/vide', { modeLacks: '0002' }))).toMatchObject({
      passed: false,
      message: '/srv/vide has mode 666: o+w (002) must go.',
    });
    expect(await lab.verdict(check.file('/srv/a.txt', { modeHas: '2000' }))).toMatchObject({
      passed: false,
      message: '/srv/a.txt has mode 644: g+s (2000) is missing.',
    });
  });

  it('files on the /tmp tmpfs, both ways', async () => {
    await lab.sh('echo hello > /tmp/new.txt && chmod 600 /tmp/new.txt');
    expect(
      await lab.verdict(check.file('/tmp/new.txt', { contains: 'hello', mode: '600', size: 6 })),
    ).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.file('/tmp/new.txt', { contains: 'bye' }))).toMatchObject({
      passed: false,
      message: '/tmp/new.txt does not contain "bye".',
    });
    expect(await lab.verdict(check.file('/tmp/absent.txt', { exists: false }))).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.file('/tmp/*.txt', { contains: 'hello' }))).toMatchObject({
      passed: true,
      message: '/tmp/new.txt: a regular file.',
    });
  });

  it('user: primary group, comment, /etc/shadow', async () => {
    expect(
      await lab.verdict(
        check.user('alice', {
          comment: 'Alice Martin',
          group: 'alice',
          locked: false,
          expired: false,
          chage: { minDays: 1, maxDays: 90, warnDays: 14, inactiveDays: 30, expires: '2100-01-01' },
        }),
      ),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.user('bob', { group: 'equipe', locked: true }))).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.user('bob', { group: 'bob' }))).toMatchObject({
      passed: false,
      message: "bob's primary group is equipe (expected bob).",
    });
    expect(await lab.verdict(check.user('alice', { locked: true }))).toMatchObject({
      passed: false,
      message: "alice's password is not locked.",
    });
    expect(await lab.verdict(check.user('alice', { chage: { maxDays: 30 } }))).toMatchObject({
      passed: false,
      message: "alice's maximum password age is 90 days (expected 30 days).",
    });
    expect(await lab.verdict(check.user('bob', { chage: { expires: '2100-01-01' } }))).toMatchObject({
      passed: false,
      message: 'The account bob expires never (expected on 2100-01-01).',
    });
    expect(await lab.verdict(check.user('carol', { expired: true }))).toMatchObject({ passed: true });
    expect(await lab.verdict(check.user('carol', { expired: false }))).toMatchObject({
      passed: false,
      message: 'carol must change their password at next login.',
    });
  });

  it('answer file', async () => {
    expect(
      await lab.verdict(check.answer('/root/reponse.txt', ['chmod 640', 'chmod u=rw,g=r,o='])),
    ).toMatchObject({
      passed: true,
    });
    const wrong = await lab.verdict(check.answer('/root/reponse.txt', '600'));
    expect(wrong).toMatchObject({
      passed: false,
      message: 'The answer "chmod 640" (/root/reponse.txt) is not the right one.',
      detail: 'The answer "chmod 640" (/root/reponse.txt) is not the right one. Expected: 600.',
    });
    expect(await lab.verdict(check.answer('/root/absent.txt', 'x'))).toMatchObject({
      passed: false,
      message: '/root/absent.txt does not exist yet.',
    });
  });

  it('json and yaml', async () => {
    expect(
      await lab.verdict(
        check.json('/srv/app.json', { values: { 'server.port': 8080, 'server.hosts[1]': /^b\./ } }),
      ),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.json('/srv/app.json', { values: { 'server.port': 80 } }))).toMatchObject({
      passed: false,
      message: 'In /srv/app.json, server.port is 8080 (expected 80).',
    });
    const bad = await lab.verdict(check.json('/srv/bad.json'));
    expect(bad.passed).toBe(false);
    expect(bad.message).toMatch(/^\/srv\/bad\.json is not valid JSON \(line 2, column 6\): /);
    expect(await lab.verdict(check.yaml('/srv/app.yaml', { values: { 'server.tls': true } }))).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.yaml('/srv/app.yaml', { values: { 'server.port': 443 } }))).toMatchObject({
      passed: false,
      message: 'In /srv/app.yaml, server.port is 8080 (expected 443).',
    });
  });

  it('cron: partial schedule, and a system line without its user', async () => {
    expect(
      await lab.verdict(
        check.cron({ user: 'root', command: 'sauvegarde', schedule: { minute: '15', hour: '3' } }),
      ),
    ).toMatchObject({ passed: true });
    expect(
      await lab.verdict(check.cron({ user: 'root', command: 'sauvegarde', schedule: { hour: '4' } })),
    ).toMatchObject({ passed: false, message: 'The job is scheduled "15 3 * * *" (expected "hour 4").' });
    expect(
      await lab.verdict(
        check.cron({
          file: '/etc/cron.d/rapport',
          command: 'rapport.sh',
          runAs: 'root',
          schedule: { dayOfWeek: 'mon-fri' },
        }),
      ),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.cron({ file: '/etc/cron.d/backup', command: 'backup.sh' }))).toMatchObject(
      {
        passed: false,
        message:
          'In /etc/cron.d/backup, the line "*/5 * * * * /usr/local/bin/backup.sh" has no user field: in a system crontab, the user name goes between the schedule and the command.',
      },
    );
  });
});
