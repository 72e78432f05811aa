import { z } from 'zod';
import { l } from '../localized.js';
import { PASSWD, parsePasswd, resolveId } from './accounts.js';
import type { CheckKind, Probe, ProbeResult } from './check-kind.js';
import { accountName, metaShape, shq } from './check-meta.js';

/**
 * Lists the lab's processes from the kernel, in the grader (which shares the lab's PID namespace; its
 * own processes, in another mount namespace, are skipped): `pid TAB uid TAB comm TAB cmdline`.
 */
export const PROCESS_PROBE: Probe = {
  key: 'processes',
  builtin: true,
  script: `for d in /proc/[0-9]*; do
  p=\${d#/proc/}; [ "$p" = "$$" ] || [ "$p" = "$BASHPID" ] && continue
  __ours "$d" && continue
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

/** For each process named `name`: `pid TAB program path TAB 1 when it is a package's own program`. */
export const programsProbe = (name: string): Probe => ({
  key: `programs ${name}`,
  builtin: true,
  script: `for d in /proc/[0-9]*; do
  __ours "$d" && continue
  n=; read -r n < "$d/comm" 2>/dev/null && [ "$n" = ${shq(name)} ] || continue
  e=$(__exe "\${d#/proc/}") && printf '%s\\t%s\\n' "\${d#/proc/}" "$e"
done; true`,
});

/** Pids whose program is verified to be a package's own (its checksum matches the image's copy). */
export function trustedPids(result: ProbeResult | undefined): Set<number> {
  const lines = result?.output.split('\n') ?? [];
  const pids = lines.map((x) => x.split('\t')).filter((f) => f.length === 3 && f[2] === '1');
  return new Set(pids.map((f) => Number(f[0])));
}

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
  /**
   * Accept any program under that name (a learner's own script or build). By default the process must
   * run a program of an installed package, unchanged: a copy of perl renamed `nginx` is not nginx.
   */
  anyProgram: z.boolean().optional(),
  ...metaShape,
});
export type ProcessCheckSpec = z.infer<typeof processSchema>;

export const processCheck: CheckKind<ProcessCheckSpec> = {
  kind: 'process',
  schema: processSchema,
  plan: (s) => ({
    probes: [PROCESS_PROBE, ...(s.running === false || s.anyProgram ? [] : [programsProbe(s.name)])],
    reads: s.user ? [PASSWD] : [],
  }),
  evaluate(s, facts) {
    const probe = facts.probe(PROCESS_PROBE.key);
    if (!probe)
      return {
        passed: false,
        detail: l('La liste des processus est illisible.', 'The process list could not be read.'),
      };
    let procs = parseProcesses(probe).filter(
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
    if (!s.anyProgram) {
      const trusted = trustedPids(facts.probe(programsProbe(s.name).key));
      procs = procs.filter((p) => trusted.has(p.pid));
      if (!procs.length)
        return {
          passed: false,
          detail: l(
            `Un processus s'appelle ${s.name}, mais son programme n'est pas celui d'un paquet installé.`,
            `A process is named ${s.name}, but its program is not one of an installed package.`,
          ),
        };
    }
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
