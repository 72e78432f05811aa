import { z } from 'zod';
import { l } from '../localized.js';
import { PASSWD, parsePasswd, resolveId } from './accounts.js';
import type { CheckKind, Probe, ProbeResult } from './check-kind.js';
import { accountName, metaShape } from './check-meta.js';

/** Lists processes with bash builtins only (no ps/pgrep to trust): `pid TAB uid TAB comm TAB cmdline`. */
export const PROCESS_PROBE: Probe = {
  key: 'processes',
  builtin: true,
  script: `for d in /proc/[0-9]*; do
  p=\${d#/proc/}; [ "$p" = "$$" ] || [ "$p" = "$BASHPID" ] && continue
  n= u=
  { while IFS= read -r line; do case $line in
      Name:*) n=\${line#Name:}; n=\${n#"\${n%%[![:space:]]*}"} ;;
      Uid:*) u=\${line#Uid:}; u=\${u#"\${u%%[![:space:]]*}"}; u=\${u%%[[:space:]]*}; break ;;
    esac; done < "$d/status"; } 2>/dev/null || continue
  parts=(); { mapfile -d '' -t parts < "$d/cmdline"; } 2>/dev/null
  a="\${parts[*]}"; a=\${a//[$'\\t\\n\\r']/ }; n=\${n//[$'\\t\\n\\r']/ }
  printf '%s\\t%s\\t%s\\t%s\\n' "$p" "$u" "$n" "$a"
done`,
};

export interface ProcessInfo {
  pid: number;
  uid: number;
  name: string;
  cmdline: string;
}

export function parseProcesses(result: ProbeResult | undefined): ProcessInfo[] {
  if (!result) return [];
  return result.output
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((f) => f.length >= 4 && /^[0-9]+$/.test(f[0] ?? ''))
    .map((f) => ({ pid: Number(f[0]), uid: Number(f[1]), name: f[2] ?? '', cmdline: f.slice(3).join(' ') }));
}

export const processSchema = z.strictObject({
  kind: z.literal('process'),
  /** Process name as the kernel knows it (comm, 15 chars max), e.g. "nginx", "cron". */
  name: z.string().min(1).max(15),
  /** At least one such process runs as this user. */
  user: accountName.optional(),
  /** The command line must match (e.g. /nginx: master/). */
  cmdline: z.instanceof(RegExp).optional(),
  /** false: no such process may run. Default true. */
  running: z.boolean().optional(),
  ...metaShape,
});
export type ProcessCheckSpec = z.infer<typeof processSchema>;

export const processCheck: CheckKind<ProcessCheckSpec> = {
  kind: 'process',
  schema: processSchema,
  plan: (s) => ({ probes: [PROCESS_PROBE], reads: s.user ? [PASSWD] : [] }),
  evaluate(s, facts) {
    const probe = facts.probe(PROCESS_PROBE.key);
    if (!probe)
      return {
        passed: false,
        detail: l('La liste des processus est illisible.', 'The process list could not be read.'),
      };
    const procs = parseProcesses(probe).filter(
      (p) => p.name === s.name && (!s.cmdline || s.cmdline.test(p.cmdline)),
    );
    if (s.running === false) {
      return procs.length
        ? {
            passed: false,
            detail: l(
              `${s.name} tourne encore (PID ${procs[0]?.pid}).`,
              `${s.name} is still running (PID ${procs[0]?.pid}).`,
            ),
          }
        : {
            passed: true,
            detail: l(`Aucun processus ${s.name} ne tourne.`, `No ${s.name} process is running.`),
          };
    }
    if (!procs.length)
      return {
        passed: false,
        detail: l(`Aucun processus ${s.name} ne tourne.`, `No ${s.name} process is running.`),
      };
    if (s.user !== undefined) {
      const users = parsePasswd(facts.read(PASSWD)).map((u) => ({ name: u.name, id: u.uid }));
      const uid = resolveId(s.user, users);
      if (!procs.some((p) => p.uid === uid)) {
        return {
          passed: false,
          detail: l(
            `${s.name} tourne, mais pas sous l'utilisateur ${s.user}.`,
            `${s.name} runs, but not as user ${s.user}.`,
          ),
        };
      }
    }
    const n = procs.length;
    return {
      passed: true,
      detail: l(
        `${s.name} tourne (${n} processus).`,
        `${s.name} is running (${n} process${n > 1 ? 'es' : ''}).`,
      ),
    };
  },
};
