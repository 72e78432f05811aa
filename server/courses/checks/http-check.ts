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
  /** Response headers (name case-insensitive): a string the value contains, or a RegExp it matches. */
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.union([z.string(), z.instanceof(RegExp)]))
    .optional(),
  /** The Location header of a redirect: equal to this string, or matching this RegExp. */
  location: z.union([z.string().min(1), z.instanceof(RegExp)]).optional(),
  ...metaShape,
});
export type HttpCheckSpec = z.infer<typeof httpSchema>;

const wantsHeaders = (s: HttpCheckSpec) => s.headers !== undefined || s.location !== undefined;

function probeOf(s: HttpCheckSpec): Probe {
  const t = s.timeoutS ?? 2;
  const host = s.host ? ` -H ${shq(`Host: ${s.host}`)}` : '';
  // With headers: their length, then at most 16 KiB of them, printable ASCII only (so the length in bytes
  // is the length in characters, and the body that follows cannot pass for a header).
  const dump = wantsHeaders(s)
    ? `h=$(/usr/bin/head -c 16384 "$b.h" | /usr/bin/tr -cd '\\11\\12\\15\\40-\\176'; printf .); h=\${h%.}
printf '%d\\n%s' "\${#h}" "$h"; `
    : '';
  // The grader's curl, in the lab's network namespace: the lab's loopback, never the host's.
  const script = `b=$(/usr/bin/mktemp) || exit 98
code=$(/usr/bin/curl -s -k -o "$b"${dump ? ' -D "$b.h"' : ''} -w '%{http_code}' --max-time ${t}${host} -- ${shq(s.url)}); rc=$?
printf '%s\\n' "$code"; ${dump}/usr/bin/head -c 65536 "$b"; /bin/rm -f "$b" "$b.h"; exit $rc`;
  const key = `${dump ? 'http+headers' : 'http'} ${s.host ?? ''} ${s.url} ${t}`;
  return { key, script, timeoutS: t + 1, ...(dump ? { maxBytes: 96 * 1024 } : {}) };
}

/** The probe's output: status, headers (when asked for: length-prefixed), body. */
function parseResponse(s: HttpCheckSpec, output: string) {
  const nl = output.indexOf('\n');
  const status = Number(nl >= 0 ? output.slice(0, nl) : output);
  let rest = nl >= 0 ? output.slice(nl + 1) : '';
  let headers: [string, string][] = [];
  if (wantsHeaders(s)) {
    const m = /^([0-9]+)\n/.exec(rest);
    const len = Number(m?.[1] ?? 0);
    const block = rest.slice(m?.[0].length ?? 0, (m?.[0].length ?? 0) + len);
    rest = rest.slice((m?.[0].length ?? 0) + len);
    headers = block
      .split(/\r?\n/)
      .map((line) => /^([A-Za-z0-9-]+):\s*(.*?)\s*$/.exec(line))
      .filter((x) => x !== null)
      .map((x) => [(x[1] ?? '').toLowerCase(), x[2] ?? '']);
  }
  return { status, body: rest, headers };
}

/** The first header rule the response breaks, as a sentence. */
function headerProblem(s: HttpCheckSpec, headers: [string, string][]) {
  const rules = Object.entries(s.headers ?? {}).map(([name, want]) => ({ name, want, exact: false }));
  if (s.location !== undefined) rules.push({ name: 'Location', want: s.location, exact: true });
  for (const { name, want, exact } of rules) {
    const values = headers.filter(([n]) => n === name.toLowerCase()).map(([, v]) => v);
    const ok = (v: string) =>
      typeof want === 'string' ? (exact ? v === want : v.includes(want)) : want.test(v);
    if (values.some(ok)) continue;
    const seen = values.length ? values.join(' | ') : null;
    return seen === null
      ? l(`${s.url} ne renvoie pas d'en-tête ${name}.`, `${s.url} sends no ${name} header.`)
      : l(
          `L'en-tête ${name} de ${s.url} vaut « ${excerpt(seen, 120)} » (attendu : ${String(want)}).`,
          `The ${name} header of ${s.url} is "${excerpt(seen, 120)}" (expected ${String(want)}).`,
        );
  }
  return undefined;
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
    const { status, body, headers } = parseResponse(s, r.output);
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
    const badHeader = headerProblem(s, headers);
    if (badHeader) return { passed: false, detail: badHeader };
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
