import { randomBytes } from 'node:crypto';
import type { Probe, ProbeResult } from './checks/check-kind.js';
import { shq } from './checks/check-meta.js';

/**
 * One batched exec per exercise check. The script travels on stdin (never in argv, so `ps` does not show
 * it), is read whole by a bash builtin (no `cat` to trust), then stdin is closed so no probe can eat it. Every probe's output goes to a file
 * and is printed between two markers that carry a per-run random nonce:
 *
 *     @@<nonce>:B:<index>\n<output, at most 64 KiB>\n@@<nonce>:E:<index>:<exit code>\n
 *
 * The nonce exists only in the script's shell variables (not exported, not in argv), so learner-controlled
 * output (a file a command prints, a process name) cannot forge a marker: lines without the nonce are
 * plain data, and a marker seen twice makes that probe untrusted.
 */
export const CHECK_COMMAND = [
  'bash',
  '--noprofile',
  '--norc',
  '-c',
  's=$(</dev/stdin) 2>/dev/null || s=$(cat); exec </dev/null; eval "$s"',
];

export const MAX_PROBE_OUTPUT = 64 * 1024;

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

function runLine(p: Probe): string {
  if (p.builtin) return `( eval ${shq(p.script)} ) >"$__f" 2>/dev/null`;
  const t = p.timeoutS ?? 3;
  const user = p.user && p.user !== 'root' ? `runuser -u ${shq(p.user)} -- ` : '';
  const body = p.user && p.user !== 'root' ? `cd ~ 2>/dev/null; ${p.script}` : p.script;
  return `LC_ALL=C.UTF-8 timeout -k 1 ${t} ${user}bash --noprofile --norc -c ${shq(body)} >"$__f" 2>&1`;
}

export function buildCheckScript(probes: readonly Probe[], nonce: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) throw new Error('nonce must be hex');
  const lines = [
    `__n=${nonce}`,
    // LC_ALL=C: `read -N` counts bytes. Only bash builtins below, except the probes' own commands.
    'export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'umask 077; __f=/run/atelier/check.$$; [ -d /run/atelier ] || __f=/tmp/.atelier-check.$$',
    `trap 'rm -f "$__f"' EXIT`,
    'cd / || true',
  ];
  probes.forEach((p, i) => {
    lines.push(
      `${runLine(p)}; __c=$?`,
      `__x=; read -r -N ${p.maxBytes ?? MAX_PROBE_OUTPUT} __x < "$__f"`,
      `printf '@@%s:B:${i}\\n%s\\n@@%s:E:${i}:%d\\n' "$__n" "$__x" "$__n" "$__c"`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}

/**
 * Extracts each probe's result. An entry is undefined when its markers are missing (the batch died or
 * timed out) or ambiguous (a marker appears more than once: someone forged or replayed output).
 */
export function parseCheckOutput(
  stdout: string,
  nonce: string,
  probeCount: number,
): (ProbeResult | undefined)[] {
  const results: (ProbeResult | undefined)[] = [];
  for (let i = 0; i < probeCount; i++) {
    const begin = `@@${nonce}:B:${i}\n`;
    const endPrefix = `\n@@${nonce}:E:${i}:`;
    if (count(stdout, begin) !== 1 || count(stdout, endPrefix) !== 1) {
      results.push(undefined);
      continue;
    }
    const start = stdout.indexOf(begin) + begin.length;
    const end = stdout.indexOf(endPrefix);
    const codeText = /^(-?[0-9]{1,3})\n/.exec(stdout.slice(end + endPrefix.length));
    if (end < start || !codeText?.[1]) {
      results.push(undefined);
      continue;
    }
    results.push({ exitCode: Number(codeText[1]), output: stdout.slice(start, end) });
  }
  return results;
}
