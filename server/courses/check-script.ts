import { randomBytes } from 'node:crypto';
import type { Probe, ProbeResult } from './checks/check-kind.js';
import { readFileSync } from 'node:fs';
import { shq } from './checks/check-meta.js';

/**
 * Two batches per exercise check. Most probes run in the lab's grader (SandboxRuntime.inspect): our
 * image's own bash and tools, the lab's root at `$R`, its processes and sockets from the kernel. Command
 * checks run the lab's own programs in one exec inside the lab, started by absolute path (never through
 * the lab's PATH). Either script travels on stdin (never in argv), is read whole by a bash builtin, then
 * stdin is closed so no probe can eat it. Every probe's output goes to a file and is printed between two
 * markers that carry a per-run random nonce:
 *
 *     @@<nonce>:B:<index>\n<output, at most 64 KiB>\n@@<nonce>:E:<index>:<exit code>\n
 *
 * The nonce exists only in the script's shell variables, so learner-controlled output (a file's content,
 * a process name) cannot forge a marker: lines without the nonce are plain data, and a marker seen twice
 * makes that probe untrusted. In the grader, lab root cannot read the shell's memory or descriptors.
 */
export const CHECK_COMMAND = [
  '/bin/bash',
  '--noprofile',
  '--norc',
  '-c',
  's=$(</dev/stdin) 2>/dev/null || s=$(/bin/cat); exec </dev/null; eval "$s"',
];

export const MAX_PROBE_OUTPUT = 64 * 1024;

export type ProbeSite = 'grader' | 'lab';

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

function runLine(p: Probe): string {
  if (p.builtin) return `( eval ${shq(p.script)} ) >"$__f" 2>/dev/null`;
  const t = p.timeoutS ?? 3;
  const user = p.user && p.user !== 'root' ? `/usr/sbin/runuser -u ${shq(p.user)} -- ` : '';
  const body = p.user && p.user !== 'root' ? `cd ~ 2>/dev/null; ${p.script}` : p.script;
  return `LC_ALL=C.UTF-8 /usr/bin/timeout -k 1 ${t} ${user}/bin/bash --noprofile --norc -c ${shq(body)} >"$__f" 2>&1`;
}

/** The grader's shell functions (path resolution inside the lab's root, package and program checks). */
const GRADER_LIB = readFileSync(new URL('./grader-lib.sh', import.meta.url), 'utf8');

export function buildCheckScript(probes: readonly Probe[], nonce: string, site: ProbeSite = 'lab'): string {
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) throw new Error('nonce must be hex');
  const lines =
    site === 'grader'
      ? [
          `__n=${nonce}`,
          'export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin; R=${LAB_ROOT-}',
          'umask 077; __f=$(/usr/bin/mktemp) || exit 97',
          GRADER_LIB,
        ]
      : [
          `__n=${nonce}`,
          'export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          'umask 077; __f=/run/atelier/check.$$.$SRANDOM$SRANDOM; [ -d /run/atelier ] || __f=/tmp/.atelier-check.$$.$SRANDOM',
        ];
  lines.push(`trap '/bin/rm -f "$__f"' EXIT`, 'cd / || true');
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
