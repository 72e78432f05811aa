// T14: the in-lab half of the shells that outlive the server (atelier-term). A root learner may break it
// for themselves only: the program is read-only, killing or impersonating it gives at worst a broken
// shell of their own that a new terminal repairs, another lab's shells are out of reach, and the
// grader's verdicts do not move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExerciseChecks } from '../../server/courses/check-runner.js';
import { check, type CheckSpec } from '../../server/courses/checks/index.js';
import { TERM_TOOL } from '../../server/sandbox/container-profile.js';
import type { TerminalStream } from '../../server/sandbox/sandbox-runtime.js';
import { startLab, type TestLab } from '../integration/checks/lab-fixture.js';
import { docker } from '../support/docker-client.js';

const size = { cols: 80, rows: 24 };

function collect(term: TerminalStream) {
  let text = term.replay.toString();
  term.onData((d) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => term.onExit(resolve));
  return {
    exited,
    async waitFor(s: string, ms = 10_000) {
      const end = Date.now() + ms;
      while (!text.includes(s)) {
        if (Date.now() > end) throw new Error(`no ${s} in ${JSON.stringify(text.slice(-300))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** A few checks with a known truth in the lab: a file, a package, a user, a command. */
const TRUTH: CheckSpec[] = [
  check.file('/root/real.txt', { contains: 'real' }),
  check.file('/root/absent.txt', { exists: true }),
  check.package('bash'),
  check.user('nobody-here'),
  check.command('test -f /root/real.txt'),
];
const EXPECTED = [true, false, true, false, true];

describe('T14: the terminal holder against a root learner', () => {
  let a: TestLab;
  let b: TestLab;
  beforeAll(async () => {
    [a, b] = await Promise.all([startLab('base'), startLab('base')]);
    await a.sh('echo real > /root/real.txt');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.remove(), b?.remove()]);
  });

  it('the holder program cannot be replaced, removed or remounted', async () => {
    const tries = await a.sh(`for t in "cp /bin/sh ${TERM_TOOL}" "rm -f ${TERM_TOOL}" "touch /.atelier/x" \\
      "mount -o remount,rw /.atelier" "umount /.atelier"; do sh -c "$t" 2>/dev/null && echo "ALLOWED: $t"; done
      sha256sum ${TERM_TOOL} | cut -c1-16; echo done`);
    expect(tries).not.toContain('ALLOWED');
    expect(tries).toContain('done');
  });

  it('killing every holder ends only this lab’s shells; a new terminal works', async () => {
    const mine = await a.runtime.openTerminal(a.labId, size);
    const theirs = await b.runtime.openTerminal(b.labId, size);
    const mineOut = collect(mine);
    const theirsOut = collect(theirs);
    mine.write(
      'pkill -KILL -f "atelier-term (open|start|attach)"; pkill -KILL -f "atelier-term (open|start|attach)"\r',
    );
    expect(await mineOut.exited).toBeNull(); // the stream ended: the shell looks gone
    theirs.write('echo still-$((40+2))\r');
    await theirsOut.waitFor('still-42');
    const fresh = await a.runtime.openTerminal(a.labId, size);
    const freshOut = collect(fresh);
    fresh.write('echo fresh-$((40+3))\r');
    await freshOut.waitFor('fresh-43');
    await Promise.all([fresh.close(), theirs.close()]);
  });

  it('killing the hub restarts only this machine (its main process), files kept; a new terminal works', async () => {
    const theirs = await b.runtime.openTerminal(b.labId, size);
    const theirsOut = collect(theirs);
    await a.sh(
      'echo kept > /root/kept.txt; (sleep 0.2; pkill -KILL -f "atelier-term hub") >/dev/null 2>&1 &',
    );
    const end = Date.now() + 20_000;
    let restarted = false;
    while (Date.now() < end && !restarted) {
      await new Promise((r) => setTimeout(r, 100));
      const { containerId } = await a.runtime.poll(a.labId);
      if (!containerId) continue;
      const info = await docker.getContainer(containerId).inspect();
      restarted = info.RestartCount > 0 && info.State.Status === 'running';
    }
    expect(restarted).toBe(true);
    expect(await a.sh('cat /root/kept.txt')).toContain('kept');
    const fresh = await a.runtime.openTerminal(a.labId, size);
    const freshOut = collect(fresh);
    fresh.write('echo back-$((40+5))\r');
    await freshOut.waitFor('back-45');
    theirs.write('echo untouched-$((40+6))\r');
    await theirsOut.waitFor('untouched-46');
    await Promise.all([fresh.close(), theirs.close()]);
  });

  it('another lab’s shell is out of reach, even with its id', async () => {
    const theirs = await b.runtime.openTerminal(b.labId, size);
    const out = collect(theirs);
    // From lab A, with B's terminal id in hand: attaching, hanging up and resuming all miss it.
    const tries = await a.sh(`${TERM_TOOL} attach ${theirs.id} </dev/null; echo "attach=$?"
      ${TERM_TOOL} hangup ${theirs.id}; echo "hangup=$?"; grep -c atelier-term /proc/net/unix || true`);
    expect(tries).toContain('attach=3');
    const resumed = await a.runtime.openTerminal(a.labId, size, undefined, theirs.id);
    expect(resumed.id).not.toBe(theirs.id);
    theirs.write('echo alive-$((40+4))\r');
    await out.waitFor('alive-44');
    await Promise.all([resumed.close(), theirs.close()]);
  });

  it('an impersonated holder only fools its own lab’s server stream, which cuts it on bad frames', async () => {
    const shell = await a.runtime.openTerminal(a.labId, size);
    const id = shell.id;
    shell.release(); // as if the server restarted
    // The learner kills the holder and listens on its name, answering with a huge frame.
    await a.sh(`pkill -KILL -f "atelier-term (open|start) ${id}" || true; sleep 0.2
      (perl -MSocket -e 'socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die;
        bind($s, pack_sockaddr_un("\\0atelier-term/${id}")) or die "bind: $!"; listen($s, 1);
        while (accept(my $c, $s)) { syswrite($c, "S\\0\\0\\0\\5\\0\\0\\0\\0\\0" . "o\\xff\\xff\\xff\\xff" . ("A" x 4096)); sleep 2; close($c) }' \\
        >/dev/null 2>&1 &) ; sleep 0.3; echo listening`);
    const fake = await a.runtime.openTerminal(a.labId, size, undefined, id);
    const exited = new Promise<number | null>((resolve) => fake.onExit(resolve));
    expect(await exited).toBeNull(); // the 4 GiB frame is refused: the stream is cut
    const fresh = await a.runtime.openTerminal(a.labId, size);
    const out = collect(fresh);
    fresh.write('echo repaired\r');
    await out.waitFor('repaired');
    await fresh.close();
  });

  it('garbage written into the hub’s stdin breaks nothing outside this lab; the shell still comes back', async () => {
    const mine = await a.runtime.openTerminal(a.labId, size);
    const theirs = await b.runtime.openTerminal(b.labId, size);
    mine.release(); // as if the server restarted
    theirs.release();
    await a.sh(`hub=$(pgrep -f "^${TERM_TOOL} hub"); head -c 65536 /dev/urandom > /proc/$hub/fd/0
      printf 'Z0000000000000000\\0\\0' > /proc/$hub/fd/0; echo sent`);
    const back = await a.runtime.openTerminal(a.labId, size, undefined, mine.id);
    const backOut = collect(back);
    back.write('echo after-garbage-$((40+7))\r');
    await backOut.waitFor('after-garbage-47', 30_000);
    const theirsBack = await b.runtime.openTerminal(b.labId, size, undefined, theirs.id);
    expect(theirsBack.id).toBe(theirs.id);
    expect(theirsBack.replay.length).toBeGreaterThan(0);
    await Promise.all([back.close(), theirsBack.close()]);
  }, 60_000);

  it('the grader’s verdicts are the same with the holders tampered with', async () => {
    const before = (await runExerciseChecks(a.runtime, a.labId, TRUTH, 'en')).checks.map((c) => c.passed);
    const open = await a.runtime.openTerminal(a.labId, size);
    open.write('pkill -STOP -f atelier-term\r'); // the hub and every holder frozen
    await a.sh(`pkill -KILL -f "atelier-term (open|start|attach)" || true; for i in 1 2 3; do
      (perl -MSocket -e 'socket(my $s, AF_UNIX, SOCK_STREAM, 0); bind($s, pack_sockaddr_un("\\0atelier-term/$ARGV[0]")); listen($s, 1); sleep 30' \\
        "$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \\n')" >/dev/null 2>&1 &); done; echo ok`);
    const after = (await runExerciseChecks(a.runtime, a.labId, TRUTH, 'en')).checks.map((c) => c.passed);
    expect(before).toEqual(EXPECTED);
    expect(after).toEqual(EXPECTED);
  });
});
