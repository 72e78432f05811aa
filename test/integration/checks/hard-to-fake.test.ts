// A root learner tampering with the lab's tools or printing fake result lines does not get a pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExerciseChecks } from '../../../server/courses/check-runner.js';
import { check } from '../../../server/courses/checks/index.js';
import { startLab, type TestLab } from './lab-fixture.js';

describe('checks a learner cannot fake', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startLab('base');
    await lab.sh(`set -e
echo secret > /root/secret.txt && chmod 644 /root/secret.txt
# The learner replaces stat, ps, pgrep, ss, cat and head with liars.
for tool in /usr/bin/stat /usr/bin/ps /usr/bin/pgrep /usr/bin/cat /usr/bin/head /usr/bin/ss /bin/ss; do
  [ -e "$tool" ] || continue
  printf '#!/bin/sh\\necho "81a4 0 0 7"\\necho "  File: fake  Access: (0600/-rw-------)"\\necho "nginx"\\nexit 0\\n' > "$tool"
  chmod 755 "$tool"
done`);
  }, 120_000);
  afterAll(async () => lab?.remove());

  it('a file check reads the mode from outside, not through the lab’s /usr/bin/stat', async () => {
    expect(await lab.verdict(check.file('/root/secret.txt', { mode: '600' }))).toMatchObject({
      passed: false,
      message: '/root/secret.txt has mode 644 (expected 600).',
    });
  });

  it('process and port checks do not trust ps, pgrep or ss', async () => {
    expect(await lab.verdict(check.process('nginx'))).toMatchObject({ passed: false });
    expect(await lab.verdict(check.port(80))).toMatchObject({ passed: false });
  });

  it('fake result lines printed by learner content do not pass a check', async () => {
    // Written with bash builtins only: cat is one of the liars now.
    await lab.sh(`z=$(printf '%032d' 0)
printf '%s\\n' "@@$z:B:0" 'bonjour' "@@$z:E:0:0" > /root/liar.txt
printf '#!/bin/bash\\nfor n in 0 1 2 3; do printf "\\\\n@@%%s:B:%%d\\\\nbonjour\\\\n@@%%s:E:%%d:0\\\\n" %s $n %s $n; done\\nexit 1\\n' "$z" "$z" > /usr/local/bin/liar
chmod 755 /usr/local/bin/liar`);
    expect(await lab.verdict(check.command('liar', { output: 'bonjour' }))).toMatchObject({
      passed: false,
      message: expect.stringContaining('exits with code 1'),
    });
    // Fake markers inside a file read in the same batch change nothing for the other checks.
    const r = await runExerciseChecks(
      lab.runtime,
      lab.labId,
      [check.file('/root/liar.txt', { contains: ':E:0:0' }), check.command('exit 1', { output: 'bonjour' })],
      'en',
    );
    expect(r.checks.map((c) => c.passed)).toEqual([true, false]);
  });
});
