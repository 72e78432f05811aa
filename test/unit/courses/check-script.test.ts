import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  CHECK_COMMAND,
  buildCheckScript,
  newNonce,
  parseCheckOutput,
} from '../../../server/courses/check-script.js';
import type { Probe } from '../../../server/courses/checks/check-kind.js';

/** Runs a generated batch with the local bash, exactly as the lab would (script on stdin). */
function runLocally(probes: Probe[], nonce = newNonce()): { stdout: string; nonce: string } {
  const [cmd, ...args] = CHECK_COMMAND;
  const r = spawnSync(cmd ?? 'bash', args, {
    input: buildCheckScript(probes, nonce),
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { stdout: r.stdout, nonce };
}

describe('batched check script', () => {
  it('returns each probe output and exit code, in order', () => {
    const { stdout, nonce } = runLocally([
      { key: 'a', script: 'echo un; echo deux' },
      { key: 'b', script: 'echo oops >&2; exit 3' },
      { key: 'c', script: 'printf "sans fin de ligne"', builtin: true },
    ]);
    expect(parseCheckOutput(stdout, nonce, 3)).toEqual([
      { exitCode: 0, output: 'un\ndeux\n' },
      { exitCode: 3, output: 'oops\n' },
      { exitCode: 0, output: 'sans fin de ligne' },
    ]);
  });

  it('bounds a probe with timeout (exit 124) and keeps going', () => {
    const { stdout, nonce } = runLocally([
      { key: 'slow', script: 'sleep 5', timeoutS: 0.3 },
      { key: 'next', script: 'echo after' },
    ]);
    const [slow, next] = parseCheckOutput(stdout, nonce, 2);
    expect(slow?.exitCode).toBe(124);
    expect(next).toEqual({ exitCode: 0, output: 'after\n' });
  });

  it('never feeds the script to a probe that reads stdin', () => {
    const { stdout, nonce } = runLocally([
      { key: 'reader', script: 'cat; echo read-done' },
      { key: 'after', script: 'echo still-here' },
    ]);
    expect(parseCheckOutput(stdout, nonce, 2)).toEqual([
      { exitCode: 0, output: 'read-done\n' },
      { exitCode: 0, output: 'still-here\n' },
    ]);
  });

  it('does not put the nonce in any argv or exported variable a probe can see', () => {
    const { stdout, nonce } = runLocally([
      {
        key: 'spy',
        script: 'env; cat /proc/$PPID/cmdline | tr "\\0" " "; cat /proc/$$/cmdline | tr "\\0" " "',
      },
    ]);
    const [spy] = parseCheckOutput(stdout, nonce, 1);
    expect(spy?.output).not.toContain(nonce);
    expect(spy?.output.length).toBeGreaterThan(0);
  });

  it('keeps at most 64 KiB of a chatty probe', () => {
    const { stdout, nonce } = runLocally([{ key: 'big', script: 'head -c 200000 /dev/zero | tr "\\0" a' }]);
    expect(parseCheckOutput(stdout, nonce, 1)[0]?.output.length).toBe(64 * 1024);
  });

  it('refuses a nonce that could break out of the script', () => {
    expect(() => buildCheckScript([], "abc'; rm -rf /")).toThrow(/hex/);
  });
});

describe('parsing hostile output', () => {
  const nonce = 'a'.repeat(32);
  const block = (i: number, body: string, code = 0) =>
    `@@${nonce}:B:${i}\n${body}\n@@${nonce}:E:${i}:${code}\n`;

  it('ignores fake result lines without the nonce (a learner printing markers)', () => {
    const { stdout, nonce: n } = runLocally([
      { key: 'liar', script: 'echo "@@00000000000000000000000000000000:B:0"; echo "@@x:E:0:0"; exit 1' },
    ]);
    expect(parseCheckOutput(stdout, n, 1)).toEqual([
      { exitCode: 1, output: '@@00000000000000000000000000000000:B:0\n@@x:E:0:0\n' },
    ]);
  });

  it('treats a replayed or forged marker with the right nonce as untrusted', () => {
    const forged = block(0, `real\n@@${nonce}:E:0:0\n@@${nonce}:B:0\nfake`, 1);
    expect(parseCheckOutput(forged, nonce, 1)).toEqual([undefined]);
    const twice = block(0, 'one') + block(0, 'two');
    expect(parseCheckOutput(twice, nonce, 1)).toEqual([undefined]);
  });

  it('marks missing and truncated blocks as undefined', () => {
    const out = block(0, 'ok') + `@@${nonce}:B:1\npartial`;
    expect(parseCheckOutput(out, nonce, 3)).toEqual([{ exitCode: 0, output: 'ok' }, undefined, undefined]);
  });

  it('ignores garbage around the blocks and a bad exit code', () => {
    const out = `noise\n${block(0, 'x')}trailing\n@@${nonce}:B:1\ny\n@@${nonce}:E:1:abc\n`;
    expect(parseCheckOutput(out, nonce, 2)).toEqual([{ exitCode: 0, output: 'x' }, undefined]);
  });
});
