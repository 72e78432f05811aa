import { z } from 'zod';
import { isIPv4 } from 'node:net';
import { l, type Localized } from '../localized.js';
import type { CheckKind, Facts, Probe } from './check-kind.js';
import { labPath, metaShape, shq } from './check-meta.js';
import { IP_FN, hostName, hostPort } from './lab-net.js';
import { certificatesIn, commonName, daysLeft, missingNames, sansOf, verifyChain } from './tls-verify.js';

export const tlsSchema = z.strictObject({
  kind: z.literal('tls'),
  /** https://host[:port]/ as a client of `machine` would reach it. */
  url: z.url({ protocol: /^https$/ }),
  /** The lab's CA certificate (PEM), read by the grader of `machine` (default: the check's machine). */
  ca: z.strictObject({ machine: metaShape.machine, path: labPath }),
  /** Names the certificate must cover (default: the url's host). */
  names: z.array(hostName).min(1).optional(),
  /** The issuer's DN contains this string, or matches this RegExp. */
  issuer: z.union([z.string().min(1), z.instanceof(RegExp)]).optional(),
  /** Days the certificate must still be valid (default 1). */
  minDaysLeft: z.number().int().min(0).max(3650).optional(),
  timeoutS: z.number().positive().max(10).optional(),
  ...metaShape,
});
export type TlsCheckSpec = z.infer<typeof tlsSchema>;

/** The grader's openssl, from the machine's network, with the host resolved by __ip (lab-net.ts). */
function probeOf(s: TlsCheckSpec): Probe {
  const { host, port } = hostPort(s.url);
  const t = s.timeoutS ?? 4;
  const sni = isIPv4(host) ? '-noservername' : `-servername ${shq(host)}`;
  const script = `${IP_FN}
[ -x /usr/bin/openssl ] || { echo NOTOOL; exit 127; }
__ip ${shq(host)} || { echo NONAME; exit 4; }
/usr/bin/timeout ${t} /usr/bin/openssl s_client -showcerts ${sni} -connect "$a:${port}" </dev/null 2>&1 | /usr/bin/head -c 200000
exit "\${PIPESTATUS[0]}"`;
  return { key: `tls ${host} ${port} ${t}`, script, timeoutS: t + 3, maxBytes: 200_000 };
}

/** Why nothing usable came back: refused, no answer, or not TLS. */
function noChain(url: string, exitCode: number, out: string): Localized {
  if (/Connection refused|errno=111/.test(out))
    return l(
      `Rien n'écoute sur ${url} (connexion refusée).`,
      `Nothing listens at ${url} (connection refused).`,
    );
  if (exitCode === 124)
    return l(`${url} ne répond pas (délai dépassé).`, `${url} does not answer (timed out).`);
  if (/No route to host|Network is unreachable|errno=113/.test(out))
    return l(`${url} est injoignable.`, `${url} is unreachable.`);
  return l(
    `${url} ne parle pas TLS (pas de poignée de main, pas de certificat).`,
    `${url} does not speak TLS (no handshake, no certificate).`,
  );
}

const fail = (detail: Localized) => ({ passed: false, detail });

export const tlsCheck: CheckKind<TlsCheckSpec> = {
  kind: 'tls',
  schema: tlsSchema,
  plan: (s) => ({
    probes: [probeOf(s)],
    ...(s.ca.machine ? { on: { [s.ca.machine]: { reads: [s.ca.path] } } } : { reads: [s.ca.path] }),
  }),
  evaluate(s, facts: Facts) {
    const url = s.url;
    const { host } = hostPort(url);
    const r = facts.probe(probeOf(s).key);
    if (!r)
      return fail(l(`La connexion à ${url} n'a pas abouti.`, `The connection to ${url} did not complete.`));
    if (r.exitCode === 127 && r.output.startsWith('NOTOOL'))
      return fail(
        l(
          "Cette vérification a besoin d'openssl dans l'image de la machine.",
          "This check needs openssl in the machine's image.",
        ),
      );
    if (r.exitCode === 4 && r.output.startsWith('NONAME'))
      return fail(l(`Le nom ${host} est inconnu.`, `The name ${host} is unknown.`));
    const where = s.ca.machine ? ` (${s.ca.machine})` : '';
    const caText = (s.ca.machine ? facts.on(s.ca.machine) : facts).read(s.ca.path);
    if (!caText)
      return fail(
        l(
          `Le certificat de l'autorité ${s.ca.path}${where} est introuvable.`,
          `The CA certificate ${s.ca.path}${where} is missing.`,
        ),
      );
    const cas = certificatesIn(caText.toString('utf8'));
    if (!cas.length)
      return fail(
        l(`${s.ca.path}${where} ne contient aucun certificat.`, `${s.ca.path}${where} holds no certificate.`),
      );
    const chain = certificatesIn(r.output);
    const handshake = /Cipher is (?!\(NONE\))/.test(r.output);
    if (!chain.length || !handshake) return fail(noChain(url, r.exitCode, r.output));
    const chained = verifyChain(chain, cas);
    if (!chained.ok) return fail(chained.why);
    const leaf = chain[0] as NonNullable<(typeof chain)[0]>;
    const missing = missingNames(leaf, s.names ?? [host]);
    if (missing.length)
      return fail(
        l(
          `Le certificat de ${url} ne couvre pas ${missing.join(', ')} (il couvre : ${sansOf(leaf)}).`,
          `The certificate of ${url} does not cover ${missing.join(', ')} (it covers: ${sansOf(leaf)}).`,
        ),
      );
    const issuer = leaf.issuer.replace(/\n/g, ', ');
    if (
      s.issuer !== undefined &&
      !(typeof s.issuer === 'string' ? issuer.includes(s.issuer) : s.issuer.test(issuer))
    )
      return fail(
        l(
          `Le certificat de ${url} est émis par « ${issuer} » (attendu : ${String(s.issuer)}).`,
          `The certificate of ${url} is issued by "${issuer}" (expected ${String(s.issuer)}).`,
        ),
      );
    const left = daysLeft(leaf);
    const want = s.minDaysLeft ?? 1;
    if (left < want)
      return fail(
        l(
          `Le certificat de ${url} expire dans ${left} jour(s) (attendu : au moins ${want}).`,
          `The certificate of ${url} expires in ${left} day(s) (expected at least ${want}).`,
        ),
      );
    const by = commonName(leaf.issuer);
    return {
      passed: true,
      detail: l(
        `${url} présente un certificat pour ${sansOf(leaf)}, émis par « ${by} », valable encore ${left} jour(s).`,
        `${url} presents a certificate for ${sansOf(leaf)}, issued by "${by}", valid ${left} more day(s).`,
      ),
    };
  },
};
