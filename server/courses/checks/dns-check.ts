import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import type { CheckKind, Facts, Plan, Probe } from './check-kind.js';
import { asList, metaShape, shq } from './check-meta.js';
import { normalizeRecord, parseDig } from './dns-answer.js';
import { ADDRESS_PROBE, IP_FN, addressOf, hostName, reverseName } from './lab-net.js';

const machineName = metaShape.machine.unwrap();
const dnsName = z
  .string()
  .max(253)
  .regex(/^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*)(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*\.?$/, 'a DNS name');
const addressOfSchema = z.strictObject({ addressOf: machineName });
export const DNS_TYPES = ['A', 'AAAA', 'CNAME', 'PTR', 'MX', 'TXT', 'NS', 'SOA'] as const;

export const dnsSchema = z.strictObject({
  kind: z.literal('dns'),
  /** The name queried, or `{ addressOf: machine }`: the reverse name of that machine's IPv4 (PTR). */
  name: z.union([dnsName, addressOfSchema]),
  /** Default A (PTR for `{ addressOf }`). */
  type: z.enum(DNS_TYPES).optional(),
  /** A machine name or an IP; default: the first nameserver of the machine's own /etc/resolv.conf. */
  server: hostName.optional(),
  /** The answer's records of that type, as a set (case-insensitive, trailing dots ignored). */
  expect: z.union([z.string().min(1), z.array(z.string().min(1)).min(1), addressOfSchema]).optional(),
  /** The answer carries the AA flag (the server is authoritative for the zone). */
  authoritative: z.boolean().optional(),
  /** NXDOMAIN or an empty answer expected. */
  absent: z.boolean().optional(),
  timeoutS: z.number().positive().max(10).optional(),
  ...metaShape,
});
export type DnsCheckSpec = z.infer<typeof dnsSchema>;

const typeOf = (s: DnsCheckSpec) => s.type ?? (typeof s.name === 'string' ? 'A' : 'PTR');
const shown = (s: DnsCheckSpec) => (typeof s.name === 'string' ? s.name : `${s.name.addressOf} (PTR)`);

/**
 * Builtin (the batch's shell, which has __res to read the lab's resolv.conf inside its root); dig is bounded
 * by `timeout`. Names (server, addressOf) are resolved by __ip (lab-net.ts): a lab machine's from the platform.
 */
function probeOf(s: DnsCheckSpec): Probe {
  const t = s.timeoutS ?? 3;
  const query =
    typeof s.name === 'string'
      ? `q=${shq(s.name)}`
      : `__ip ${shq(s.name.addressOf)} || { echo NONAME ${shq(s.name.addressOf)}; exit 4; }
IFS=. read -r o1 o2 o3 o4 <<<"$a"; q=$o4.$o3.$o2.$o1.in-addr.arpa`;
  const server = s.server
    ? `__ip ${shq(s.server)} || { echo NONAME ${shq(s.server)}; exit 4; }; srv=$a`
    : `srv=; __res /etc/resolv.conf 1 && [ -f "$R$__r" ] && while read -r k v _; do
  [ "$k" = nameserver ] && { srv=$v; break; }; done < "$R$__r"
[ -n "$srv" ] || { echo NOSERVER; exit 5; }`;
  const script = `[ -x /usr/bin/dig ] || { echo NOTOOL; exit 127; }
${IP_FN}
${server}
${query}
printf 'S %s\\nQ %s\\n' "$srv" "$q"
/usr/bin/timeout ${t + 1} /usr/bin/dig @"$srv" -q "$q" -t ${typeOf(s)} +time=${t} +tries=1 +noall +comments +answer 2>&1 | /usr/bin/head -c 60000`;
  const name = typeof s.name === 'string' ? s.name : `@${s.name.addressOf}`;
  return { key: `dns ${name} ${typeOf(s)} ${s.server ?? ''} ${t}`, builtin: true, script, timeoutS: t + 2 };
}

/** Machines whose kernel address the check needs: the name's and the expectation's. */
function addressMachines(s: DnsCheckSpec): string[] {
  const ms = [typeof s.name === 'string' ? undefined : s.name.addressOf];
  if (s.expect && !Array.isArray(s.expect) && typeof s.expect !== 'string') ms.push(s.expect.addressOf);
  return [...new Set(ms.filter((m) => m !== undefined))];
}

const fail = (detail: Localized) => ({ passed: false, detail });
const theAddress = (m: string) =>
  fail(l(`L'adresse de la machine ${m} est illisible.`, `The address of machine ${m} could not be read.`));

function expected(s: DnsCheckSpec, facts: Facts): string[] | Localized {
  if (s.expect === undefined) return [];
  if (typeof s.expect === 'string' || Array.isArray(s.expect))
    return asList(s.expect).map((x) => normalizeRecord(typeOf(s), x));
  const ip = addressOf(facts.on(s.expect.addressOf).probe(ADDRESS_PROBE.key));
  return ip ? [ip] : theAddress(s.expect.addressOf).detail;
}

export const dnsCheck: CheckKind<DnsCheckSpec> = {
  kind: 'dns',
  schema: dnsSchema,
  plan: (s): Plan => {
    const ms = addressMachines(s);
    return {
      probes: [probeOf(s)],
      ...(ms.length ? { on: Object.fromEntries(ms.map((m) => [m, { probes: [ADDRESS_PROBE] }])) } : {}),
    };
  },
  evaluate(s, facts) {
    const name = shown(s);
    const type = typeOf(s);
    const r = facts.probe(probeOf(s).key);
    if (!r)
      return fail(
        l(`La requête DNS pour ${name} n'a pas abouti.`, `The DNS query for ${name} did not complete.`),
      );
    if (r.exitCode === 127 && r.output.startsWith('NOTOOL'))
      return fail(
        l(
          "Cette vérification a besoin de dig dans l'image de la machine (paquet bind9-dnsutils).",
          "This check needs dig in the machine's image (package bind9-dnsutils).",
        ),
      );
    if (r.exitCode === 4) {
      const what = r.output.slice(7).trim();
      return fail(l(`Le nom ${what} est inconnu.`, `The name ${what} is unknown.`));
    }
    if (r.exitCode === 5)
      return fail(
        l('Aucun « nameserver » dans /etc/resolv.conf.', 'No "nameserver" line in /etc/resolv.conf.'),
      );
    const a = parseDig(r);
    const srv = a.server ?? '?';
    if (typeof s.name !== 'string') {
      const ip = addressOf(facts.on(s.name.addressOf).probe(ADDRESS_PROBE.key));
      if (!ip) return theAddress(s.name.addressOf);
      // The reverse name asked must be that of the address the machine's kernel holds.
      if (a.query !== reverseName(ip))
        return fail(
          l(
            `L'adresse de ${s.name.addressOf} est ${ip}, pas celle interrogée (${a.query ?? '?'}).`,
            `${s.name.addressOf}'s address is ${ip}, not the one queried (${a.query ?? '?'}).`,
          ),
        );
    }
    if (!a.status) {
      const why = a.error ?? (r.exitCode === 124 ? 'timed out' : `dig ${r.exitCode}`);
      return fail(l(`Pas de réponse DNS de ${srv} (${why}).`, `No DNS answer from ${srv} (${why}).`));
    }
    const records = a.records.filter((x) => x.type === type).map((x) => normalizeRecord(type, x.data));
    const got = records.length ? records.join(', ') : '∅';
    if (s.absent) {
      return a.status === 'NXDOMAIN' || (a.status === 'NOERROR' && !records.length)
        ? {
            passed: true,
            detail: l(
              `${srv} ne connaît pas ${name} (${a.status}).`,
              `${srv} does not know ${name} (${a.status}).`,
            ),
          }
        : fail(
            l(
              `${srv} répond encore ${name} ${type} → ${got}.`,
              `${srv} still answers ${name} ${type} → ${got}.`,
            ),
          );
    }
    if (a.status !== 'NOERROR')
      return fail(l(`${srv} répond ${a.status} pour ${name}.`, `${srv} answers ${a.status} for ${name}.`));
    if (s.authoritative && !a.flags.includes('aa'))
      return fail(
        l(
          `La réponse de ${srv} pour ${name} ne fait pas autorité (drapeaux : ${a.flags.join(' ')}).`,
          `${srv}'s answer for ${name} is not authoritative (flags: ${a.flags.join(' ')}).`,
        ),
      );
    if (!records.length)
      return fail(
        l(
          `${srv} n'a aucun enregistrement ${type} pour ${name}.`,
          `${srv} has no ${type} record for ${name}.`,
        ),
      );
    const want = expected(s, facts);
    if (!Array.isArray(want)) return fail(want);
    const same = (x: string[], y: string[]) => x.every((v) => y.includes(v)) && y.every((v) => x.includes(v));
    if (want.length && !same(records, want))
      return fail(
        l(
          `${srv} répond ${name} ${type} → ${got} (attendu : ${want.join(', ')}).`,
          `${srv} answers ${name} ${type} → ${got} (expected ${want.join(', ')}).`,
        ),
      );
    return {
      passed: true,
      detail: l(`${srv} répond ${name} ${type} → ${got}.`, `${srv} answers ${name} ${type} → ${got}.`),
    };
  },
};
