// A root learner sets each known trap inside a real lab, then the grader checks: every check that does
// not run the lab's own programs must still see the truth. Command checks run the lab's programs by
// absolute path: a fake in PATH does not reach them (a replaced /bin/bash would; docs/COURSES.md).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runExerciseChecks } from '../../server/courses/check-runner.js';
import { check, type CheckSpec } from '../../server/courses/checks/index.js';
import { LABEL } from '../../server/sandbox/container-profile.js';
import { docker } from '../support/docker-client.js';
import { startLab, type TestLab } from '../integration/checks/lab-fixture.js';

/** Prints a "passed" block for every probe index under the batch's own nonce, read from the script. */
const FORGER = String.raw`#!/bin/bash
s=$(cat); n=$(printf '%s' "$s" | sed -n 's/^__n=\([0-9a-f]*\)$/\1/p' | head -1)
for i in $(seq 0 40); do printf '@@%s:B:%d\nhello nginx\n@@%s:E:%d:0\n' "$n" "$i" "$n" "$i"; done
exit 0
`;

/** Checks that would all pass if the forger's blocks were believed; the lab satisfies none of them. */
const BAIT: CheckSpec[] = [
  check.file('/root/absent.txt', { contains: 'hello' }),
  check.package('htop'),
  check.process('nginx'),
  check.port(80),
  check.http('http://localhost/', { bodyContains: 'nginx' }),
  check.user('alice'),
];

async function passedOf(lab: TestLab, specs: CheckSpec[]): Promise<boolean[]> {
  return (await runExerciseChecks(lab.runtime, lab.labId, specs, 'en')).checks.map((c) => c.passed);
}

describe('the grader against a root learner’s traps', () => {
  let lab: TestLab;
  beforeEach(async () => {
    lab = await startLab('services');
  }, 120_000);
  afterEach(async () => lab?.remove());

  it('G1/G2: a fake bash in /usr/local/sbin and a fake timeout in /usr/local/bin change nothing', async () => {
    await lab.sh(`cat > /usr/local/sbin/bash <<'X'\n${FORGER}X
cp /usr/local/sbin/bash /usr/local/bin/timeout; chmod 755 /usr/local/sbin/bash /usr/local/bin/timeout`);
    expect(await passedOf(lab, BAIT)).toEqual(BAIT.map(() => false));
    expect(await passedOf(lab, [check.command('false'), check.command('echo ok', { output: 'ok' })])).toEqual(
      [false, true],
    );
  });

  it('G3: a library in /etc/ld.so.preload does not reach the grader', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atelier-preload-'));
    try {
      // The hook forges every check batch that a bash started in the lab reads on stdin.
      writeFileSync(
        path.join(dir, 'hook.c'),
        String.raw`#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
__attribute__((constructor)) static void forge(void) {
  char cmd[4096] = {0}; int fd = open("/proc/self/cmdline", O_RDONLY);
  if (fd < 0) return; ssize_t n = read(fd, cmd, sizeof cmd - 1); close(fd);
  for (ssize_t i = 0; i < n; i++) if (!cmd[i]) cmd[i] = ' ';
  if (!strstr(cmd, "/dev/stdin")) return;
  static char buf[1 << 20]; size_t len = fread(buf, 1, sizeof buf - 1, stdin); buf[len] = 0;
  char *at = strstr(buf, "__n="); char nonce[65] = {0};
  if (!at || sscanf(at + 4, "%64[0-9a-f]", nonce) != 1) return;
  for (int i = 0; i < 40; i++) printf("@@%s:B:%d\nhello nginx\n@@%s:E:%d:0\n", nonce, i, nonce, i);
  fflush(stdout); _exit(0);
}
`,
      );
      execFileSync('cc', [
        '-shared',
        '-fPIC',
        '-O1',
        '-o',
        path.join(dir, 'hook.so'),
        path.join(dir, 'hook.c'),
      ]);
      const so = readFileSync(path.join(dir, 'hook.so')).toString('base64');
      await lab.sh(
        `printf '%s' '${so}' | base64 -d > /usr/local/lib/hook.so && echo /usr/local/lib/hook.so > /etc/ld.so.preload`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await passedOf(lab, BAIT)).toEqual(BAIT.map(() => false));
  });

  it('G4: FIFOs planted at every predictable probe path feed the grader nothing', async () => {
    await lab.sh(`for i in $(seq 1 60); do mkfifo /run/atelier/check.$i /tmp/.atelier-check.$i; done
(for i in $(seq 1 60); do printf 'hello nginx' > /run/atelier/check.$i & done) >/dev/null 2>&1 &`);
    expect(await passedOf(lab, BAIT)).toEqual(BAIT.map(() => false));
    expect(await passedOf(lab, [check.command('echo ok', { output: 'ok' })])).toEqual([true]);
  });

  it('G5: lab root cannot read, write or trace the grader, and killing it only fails that check', async () => {
    // A check kept busy by a listener that accepts and never answers, so the grader's shell is alive.
    await lab.sh(`perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(LocalPort => 81, Listen => 5, ReuseAddr => 1) or die; while ($c = $s->accept) { sleep 30 }' >/dev/null 2>&1 &
sleep 0.5`);
    const busy = runExerciseChecks(
      lab.runtime,
      lab.labId,
      [check.http('http://localhost:81/', { timeoutS: 4 })],
      'en',
    );
    await new Promise((r) => setTimeout(r, 1500));
    // The grader's processes are those whose program the lab may not even name.
    const out = await lab.sh(`found=0 leaked=0
for d in /proc/[0-9]*; do
  readlink "$d/exe" >/dev/null 2>&1 && continue
  [ -e "$d/exe" ] || [ -L "$d/exe" ] || continue
  found=$((found + 1))
  head -c 1 "$d/environ" >/dev/null 2>&1 && leaked=$((leaked + 1))
  head -c 1 "$d/mem" >/dev/null 2>&1 && leaked=$((leaked + 1))
  ls "$d/root/" >/dev/null 2>&1 && leaked=$((leaked + 1))
  readlink "$d/fd/1" >/dev/null 2>&1 && leaked=$((leaked + 1))
  head -c 1 "$d/fdinfo/1" >/dev/null 2>&1 && leaked=$((leaked + 1))
  { echo forged > "$d/fd/1"; } 2>/dev/null && leaked=$((leaked + 1))
done
echo "found=$found leaked=$leaked"`);
    expect(out).toMatch(/found=([2-9]|\d\d)/);
    expect(out).toContain('leaked=0');
    expect((await busy).checks[0]?.passed).toBe(false);
    // Killing every grader process: that check fails, the next one gets a new grader and sees the truth.
    await lab.sh(`echo hello > /root/present.txt
for d in /proc/[0-9]*; do readlink "$d/exe" >/dev/null 2>&1 || kill -9 "\${d#/proc/}" 2>/dev/null; done; true`);
    const later = await passedOf(lab, [check.file('/root/present.txt', { contains: 'hello' })]);
    const again = later[0]
      ? later
      : await passedOf(lab, [check.file('/root/present.txt', { contains: 'hello' })]);
    expect(again).toEqual([true]);
    const graders = await docker.listContainers({ filters: { label: [`${LABEL.grader}=${lab.labId}`] } });
    expect(graders).toHaveLength(1);
  }, 60_000);

  it('G6: perl renamed nginx on :80 with a hand-written dpkg stanza is not nginx', async () => {
    await lab.sh(`cp /usr/bin/perl /usr/sbin/nginx
printf 'Package: nginx\\nStatus: install ok installed\\nPriority: optional\\nSection: httpd\\nMaintainer: x\\nArchitecture: amd64\\nVersion: 1.22.1-9\\nDescription: fake\\n\\n' >> /var/lib/dpkg/status
(exec -a 'nginx: master process /usr/sbin/nginx' /usr/sbin/nginx -MIO::Socket::INET -e '$s = IO::Socket::INET->new(LocalPort => 80, Listen => 5, ReuseAddr => 1) or die; while ($c = $s->accept) { print $c "HTTP/1.0 200 OK\\r\\n\\r\\nWelcome to nginx"; close $c }') >/dev/null 2>&1 &
sleep 0.5`);
    const r = await runExerciseChecks(
      lab.runtime,
      lab.labId,
      [check.package('nginx'), check.process('nginx', { cmdline: /master process/ }), check.port(80)],
      'en',
    );
    expect(r.checks.map((c) => c.passed)).toEqual([false, false, true]);
    expect(r.checks[0]?.message).toContain('missing');
    expect(r.checks[1]?.message).toBe(
      'A process is named nginx, but its program is not one of an installed package.',
    );
  });

  it('G7: a 1.1 MB stanza in dpkg’s database hides nothing, and a big file is too large, not misread', async () => {
    await lab.sh(`apt-get install -y htop >/dev/null 2>&1 && apt-get remove -y ncdu >/dev/null 2>&1
pad=$(head -c 1200000 /dev/zero | tr '\\0' a)
{ printf 'Package: zz-padding\\nStatus: install ok installed\\nVersion: 1\\nArchitecture: all\\nMaintainer: x\\nDescription: %s\\n\\n' "$pad"; cat /var/lib/dpkg/status; } > /tmp/s && cat /tmp/s > /var/lib/dpkg/status
{ head -c 1100000 /dev/zero | tr '\\0' a; echo; echo needle; } > /root/big.txt`);
    const r = await runExerciseChecks(
      lab.runtime,
      lab.labId,
      [
        check.package('htop'),
        check.package('ncdu', { installed: false }),
        check.package('cron'),
        check.file('/root/big.txt', { contains: 'needle' }),
      ],
      'en',
    );
    expect(r.checks.map((c) => c.passed)).toEqual([true, true, true, false]);
    expect(r.checks[3]?.message).toBe('/root/big.txt is too large to check (over 1 MiB).');
  }, 120_000);

  it('G8: a symlink to /usr/bin/true is not a mode-755 script; links resolve inside the lab', async () => {
    await lab.sh(`ln -s /usr/bin/true /root/sauvegarde.sh
echo 'root-of-the-lab' > /etc/atelier-probe; ln -s /etc/atelier-probe /root/abs; ln -s ../../../../../etc/atelier-probe /root/up`);
    expect(await passedOf(lab, [check.file('/root/sauvegarde.sh', { mode: '755' })])).toEqual([false]);
    expect(
      await passedOf(lab, [
        check.file('/root/sauvegarde.sh', { mode: '755', followSymlinks: true }),
        check.file('/root/abs', { contains: 'root-of-the-lab', followSymlinks: true }),
        check.file('/root/up', { contains: 'root-of-the-lab', followSymlinks: true }),
      ]),
    ).toEqual([true, true, true]);
  });
});

describe('what held before the grader still holds', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startLab('base');
  }, 120_000);
  afterAll(async () => lab?.remove());

  it('rc files, BASH_ENV and aliases do not change a verdict', async () => {
    await lab.sh(`for f in /etc/bash.bashrc /etc/profile /root/.bashrc /root/.profile; do echo 'echo hello nginx; alias cat=true' >> $f; done
echo 'BASH_ENV=/root/.bashrc' >> /etc/environment`);
    expect(await passedOf(lab, BAIT)).toEqual(BAIT.map(() => false));
    expect(await passedOf(lab, [check.command('echo ok', { output: 'ok', notOutput: 'nginx' })])).toEqual([
      true,
    ]);
  });
});
