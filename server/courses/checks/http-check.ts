import { z } from 'zod';
import { l } from '../localized.js';
import type { CheckKind, Probe } from './check-kind.js';
import { asList, excerpt, metaShape, shq } from './check-meta.js';

export const httpSchema = z.strictObject({
  kind: z.literal('http'),
  /** URL fetched in the lab's network by the grader's own curl, e.g. http://localhost/ */
  url: z.url({ protocol: /^https?$/ }),
  /** Host header to send (name-based virtual hosts). */
  host: z
    .string()
    .regex(/^[a-zA-Z0-9.-]+(:[0-9]+)?$/)
    .optional(),
  /** Expected status (default 200). */
  status: z.number().int().min(100).max(599).optional(),
  bodyContains: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  bodyMatches: z.instanceof(RegExp).optional(),
  timeoutS: z.number().positive().max(10).optional(),
  ...metaShape,
});
export type HttpCheckSpec = z.infer<typeof httpSchema>;

function probeOf(s: HttpCheckSpec): Probe {
  const t = s.timeoutS ?? 2;
  const host = s.host ? ` -H ${shq(`Host: ${s.host}`)}` : '';
  // The grader's curl, in the lab's network namespace: the lab's loopback, never the host's.
  const script = `b=$(/usr/bin/mktemp) || exit 98
code=$(/usr/bin/curl -s -k -o "$b" -w '%{http_code}' --max-time ${t}${host} -- ${shq(s.url)}); rc=$?
printf '%s\\n' "$code"; /usr/bin/head -c 65536 "$b"; /bin/rm -f "$b"; exit $rc`;
  return { key: `http ${s.host ?? ''} ${s.url} ${t}`, script, timeoutS: t + 1 };
}

export const httpCheck: CheckKind<HttpCheckSpec> = {
  kind: 'http',
  schema: httpSchema,
  plan: (s) => ({ probes: [probeOf(s)] }),
  evaluate(s, facts) {
    const r = facts.probe(probeOf(s).key);
    const url = s.url;
    if (!r)
      return {
        passed: false,
        detail: l(`La requête vers ${url} n'a pas abouti.`, `The request to ${url} did not complete.`),
      };
    const nl = r.output.indexOf('\n');
    const status = Number(nl >= 0 ? r.output.slice(0, nl) : r.output);
    const body = nl >= 0 ? r.output.slice(nl + 1) : '';
    if (!status) {
      const why =
        r.exitCode === 7
          ? l('connexion refusée', 'connection refused')
          : l(`erreur curl ${r.exitCode}`, `curl error ${r.exitCode}`);
      return {
        passed: false,
        detail: l(`Pas de réponse de ${url} (${why.fr}).`, `No answer from ${url} (${why.en}).`),
      };
    }
    const want = s.status ?? 200;
    if (status !== want) {
      return {
        passed: false,
        detail: l(
          `${url} répond ${status} (attendu : ${want}).`,
          `${url} answers ${status} (expected ${want}).`,
        ),
      };
    }
    for (const needle of asList(s.bodyContains)) {
      if (!body.includes(needle)) {
        return {
          passed: false,
          detail: l(
            `La page ${url} ne contient pas « ${needle} ».`,
            `The page ${url} does not contain "${needle}".`,
          ),
          extra: excerpt(body),
        };
      }
    }
    if (s.bodyMatches && !s.bodyMatches.test(body)) {
      return {
        passed: false,
        detail: l(
          `La page ${url} n'a pas le contenu attendu.`,
          `The page ${url} lacks the expected content.`,
        ),
        extra: excerpt(body),
      };
    }
    return { passed: true, detail: l(`${url} répond ${status}.`, `${url} answers ${status}.`) };
  },
};
