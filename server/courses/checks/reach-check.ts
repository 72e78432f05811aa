import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import type { CheckKind, Probe } from './check-kind.js';
import { metaShape, shq } from './check-meta.js';
import { IP_FN, hostName } from './lab-net.js';

export const reachSchema = z.strictObject({
  kind: z.literal('reach'),
  /** A machine name, localhost or an IPv4 address, reached from `machine`'s network. */
  host: hostName,
  port: z.number().int().min(1).max(65535),
  /** false: the connection must not be accepted (refused or dropped). Default true. */
  open: z.boolean().optional(),
  /** Seconds to wait for an answer before calling it dropped (default 2). */
  timeoutS: z.number().positive().max(10).optional(),
  ...metaShape,
});
export type ReachCheckSpec = z.infer<typeof reachSchema>;

/** The grader's bash opens the connection (/dev/tcp) under the grader's timeout; `R <code> <error>`. */
function probeOf(s: ReachCheckSpec): Probe {
  const t = s.timeoutS ?? 2;
  const script = `${IP_FN}
__ip ${shq(s.host)} || { echo NONAME; exit 4; }
m=$(/usr/bin/timeout ${t} /bin/bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$a" ${s.port} 2>&1); rc=$?
printf 'R %d %s\\n' "$rc" "\${m:0:300}"`;
  return { key: `reach ${s.host} ${s.port} ${t}`, script, timeoutS: t + 3 };
}

type Outcome = 'accepted' | 'refused' | 'dropped' | 'unreachable' | 'error';

function outcomeOf(output: string): { outcome: Outcome; error: string } {
  const m = /^R (-?[0-9]+) ?(.*)$/m.exec(output);
  const code = Number(m?.[1] ?? -1);
  const error = (m?.[2] ?? '').replace(/^.*: /, '');
  if (!m) return { outcome: 'error', error: 'no result' };
  if (code === 0) return { outcome: 'accepted', error };
  if (code === 124) return { outcome: 'dropped', error };
  if (/Connection refused/.test(m[2] ?? '')) return { outcome: 'refused', error };
  if (/No route to host|Network is unreachable/.test(m[2] ?? '')) return { outcome: 'unreachable', error };
  return { outcome: 'error', error };
}

function said(where: string, o: Outcome, error: string, t: number): Localized {
  switch (o) {
    case 'accepted':
      return l(`${where} accepte la connexion.`, `${where} accepts the connection.`);
    case 'refused':
      return l(`${where} refuse la connexion.`, `${where} refuses the connection.`);
    case 'dropped':
      return l(
        `${where} ne répond pas (rien en ${t} s : paquets ignorés ?).`,
        `${where} does not answer (nothing in ${t} s: packets dropped?).`,
      );
    case 'unreachable':
      return l(`${where} est injoignable (${error}).`, `${where} is unreachable (${error}).`);
    default:
      return l(
        `La connexion à ${where} a échoué (${error}).`,
        `The connection to ${where} failed (${error}).`,
      );
  }
}

export const reachCheck: CheckKind<ReachCheckSpec> = {
  kind: 'reach',
  schema: reachSchema,
  plan: (s) => ({ probes: [probeOf(s)] }),
  evaluate(s, facts) {
    const where = `${s.host}:${s.port}`;
    const r = facts.probe(probeOf(s).key);
    if (!r)
      return {
        passed: false,
        detail: l(`Le test de ${where} n'a pas abouti.`, `The test of ${where} did not complete.`),
      };
    if (r.exitCode === 4)
      return { passed: false, detail: l(`Le nom ${s.host} est inconnu.`, `The name ${s.host} is unknown.`) };
    const { outcome, error } = outcomeOf(r.output);
    const detail = said(where, outcome, error, s.timeoutS ?? 2);
    const open = s.open ?? true;
    // Closed means refused, dropped or unreachable; an unexplained error proves neither.
    const passed = open ? outcome === 'accepted' : ['refused', 'dropped', 'unreachable'].includes(outcome);
    return { passed, detail };
  },
};
