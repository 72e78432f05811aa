// Every check builder against a real lab: it passes on the right state and fails, with a precise
// message, on the wrong one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../server/courses/checks/index.js';
import { startLab, type TestLab } from './lab-fixture.js';

describe('check builders on a real lab', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startLab('services');
    await lab.sh(`set -e
useradd -m -s /bin/bash alice
groupadd equipe && usermod -aG equipe alice
mkdir -p /srv/partage && chown alice:equipe /srv/partage && chmod 2770 /srv/partage
printf 'mode = production\\nport = 9090\\n' > /srv/partage/app.conf && chmod 640 /srv/partage/app.conf
ln -s /srv/partage/app.conf /root/lien
echo '30 2 * * * /usr/local/bin/sauvegarde' | crontab -
apt-get install -y nginx >/dev/null 2>&1
service nginx start >/dev/null
service cron start >/dev/null`);
  }, 180_000);
  afterAll(async () => lab?.remove());

  it('file: type, owner, group, mode, content, symlink', async () => {
    expect(
      await lab.verdict(
        check.file('/srv/partage', { type: 'directory', owner: 'alice', group: 'equipe', mode: '2770' }),
      ),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.file('/srv/partage', { mode: '755' }))).toMatchObject({
      passed: false,
      message: '/srv/partage has mode 2770 (expected 755).',
    });
    expect(await lab.verdict(check.file('/srv/partage/app.conf', { owner: 'alice' }))).toMatchObject({
      passed: false,
      message: '/srv/partage/app.conf is owned by root (expected alice).',
    });
    expect(
      await lab.verdict(
        check.file('/srv/partage/app.conf', { contains: 'port = 9090', matches: /^mode = production$/m }),
      ),
    ).toMatchObject({ passed: true });
    expect(
      await lab.verdict(check.file('/srv/partage/app.conf', { notContains: 'production' })),
    ).toMatchObject({ passed: false });
    expect(
      await lab.verdict(check.file('/root/lien', { type: 'symlink', target: '/srv/partage/app.conf' })),
    ).toMatchObject({ passed: true });
    expect(
      await lab.verdict(check.file('/root/lien', { contains: 'port', followSymlinks: true })),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.file('/root/lien', { contains: 'port' }))).toMatchObject({
      passed: false,
      message: '/root/lien is a symbolic link, not a regular file.',
    });
    // /tmp is a tmpfs, which the archive API did not see; the grader reads it like any other path.
    await lab.sh('echo hello > /tmp/new.txt');
    expect(await lab.verdict(check.file('/tmp/new.txt', { contains: 'hello', mode: '644' }))).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.file('/tmp/new.txt', { exists: false }))).toMatchObject({
      passed: false,
      message: '/tmp/new.txt still exists.',
    });
    expect(await lab.verdict(check.file('/root/absent'))).toMatchObject({
      passed: false,
      message: '/root/absent does not exist.',
    });
  });

  it('user and group', async () => {
    expect(
      await lab.verdict(
        check.user('alice', {
          shell: '/bin/bash',
          home: '/home/alice',
          homeExists: true,
          groups: ['equipe'],
        }),
      ),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.user('alice', { groups: ['sudo'] }))).toMatchObject({
      passed: false,
      message: 'alice is not in group sudo.',
    });
    expect(await lab.verdict(check.user('bob'))).toMatchObject({ passed: false });
    expect(await lab.verdict(check.group('equipe', { members: ['alice'] }))).toMatchObject({ passed: true });
    expect(await lab.verdict(check.group('equipe', { members: ['root'] }))).toMatchObject({ passed: false });
  });

  it('package (dpkg status)', async () => {
    expect(await lab.verdict(check.package('nginx'))).toMatchObject({ passed: true });
    expect(await lab.verdict(check.package('apache2'))).toMatchObject({
      passed: false,
      message: 'Package apache2 is not installed.',
    });
    expect(await lab.verdict(check.package('htop', { installed: false }))).toMatchObject({ passed: true });
  });

  it('process, port, http', async () => {
    expect(await lab.verdict(check.process('nginx', { user: 'www-data' }))).toMatchObject({ passed: true });
    expect(await lab.verdict(check.process('nginx', { user: 'alice' }))).toMatchObject({ passed: false });
    expect(await lab.verdict(check.process('apache2'))).toMatchObject({
      passed: false,
      message: 'No apache2 process is running.',
    });
    expect(await lab.verdict(check.port(80, { address: '0.0.0.0' }))).toMatchObject({ passed: true });
    expect(await lab.verdict(check.port(443))).toMatchObject({
      passed: false,
      message: 'Nothing listens on port 443/tcp.',
    });
    expect(
      await lab.verdict(check.http('http://localhost/', { bodyContains: 'Welcome to nginx' })),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.http('http://localhost/absent', { status: 200 }))).toMatchObject({
      passed: false,
      message: 'http://localhost/absent answers 404 (expected 200).',
    });
    expect(await lab.verdict(check.http('http://localhost:8081/'))).toMatchObject({
      passed: false,
      message: 'No answer from http://localhost:8081/ (connection refused).',
    });
  });

  it('command, config test, cron', async () => {
    expect(await lab.verdict(check.configTest('nginx -t'))).toMatchObject({ passed: true });
    expect(await lab.verdict(check.command('id -un', { user: 'alice', output: /^alice$/m }))).toMatchObject({
      passed: true,
    });
    expect(await lab.verdict(check.command('exit 2'))).toMatchObject({
      passed: false,
      message: '"exit 2" exits with code 2 (expected 0).',
    });
    expect(await lab.verdict(check.command('sleep 5', { timeoutS: 0.5 }))).toMatchObject({
      passed: false,
      message: '"sleep 5" timed out.',
    });
    expect(
      await lab.verdict(check.cron({ user: 'root', command: 'sauvegarde', schedule: '30 2 * * *' })),
    ).toMatchObject({ passed: true });
    expect(await lab.verdict(check.cron({ user: 'alice', command: 'sauvegarde' }))).toMatchObject({
      passed: false,
    });
  });
});
