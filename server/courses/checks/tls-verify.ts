import { X509Certificate } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { l, type Localized } from '../localized.js';

const PEM = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/** Every certificate in a text (PEM blocks), skipping any block that does not parse. */
export function certificatesIn(text: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const pem of text.match(PEM) ?? []) {
    try {
      out.push(new X509Certificate(pem));
    } catch {
      // A mangled block is not a certificate; the chain then lacks it.
    }
  }
  return out;
}

const DAY = 86_400_000;
const day = (d: string) => new Date(d).toISOString().slice(0, 10);
const cn = (dn: string) => /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1] ?? dn.replace(/\n/g, ', ');

export type ChainVerdict = { ok: true; depth: number } | { ok: false; why: Localized };

function inValidity(c: X509Certificate, now: number): Localized | undefined {
  const who = cn(c.subject);
  if (Date.parse(c.validTo) < now)
    return l(
      `Le certificat « ${who} » a expiré le ${day(c.validTo)}.`,
      `The certificate "${who}" expired on ${day(c.validTo)}.`,
    );
  if (Date.parse(c.validFrom) > now)
    return l(
      `Le certificat « ${who} » n'est valable qu'à partir du ${day(c.validFrom)}.`,
      `The certificate "${who}" is only valid from ${day(c.validFrom)}.`,
    );
  return undefined;
}

const issues = (issuer: X509Certificate, c: X509Certificate) =>
  c.checkIssued(issuer) && c.verify(issuer.publicKey);

/**
 * The served chain (leaf first) leads to one of the CA's certificates: each link's issuer name and
 * signature, each certificate within its validity. The CA itself is never accepted as the leaf.
 */
export function verifyChain(
  chain: X509Certificate[],
  cas: X509Certificate[],
  now = Date.now(),
): ChainVerdict {
  const leaf = chain[0];
  if (!leaf) return { ok: false, why: l('Aucun certificat servi.', 'No certificate served.') };
  if (cas.some((ca) => ca.fingerprint256 === leaf.fingerprint256))
    return {
      ok: false,
      why: l(
        'Le serveur présente le certificat de l’autorité elle-même, pas un certificat de serveur.',
        'The server presents the CA’s own certificate, not a server certificate.',
      ),
    };
  let current = leaf;
  const pool = chain.slice(1);
  for (let depth = 0; depth < 8; depth++) {
    const stale = inValidity(current, now);
    if (stale) return { ok: false, why: stale };
    const anchor = cas.find((ca) => issues(ca, current));
    if (anchor) {
      const caStale = inValidity(anchor, now);
      return caStale ? { ok: false, why: caStale } : { ok: true, depth };
    }
    const next = pool.find((c) => c !== current && issues(c, current));
    if (!next) break;
    current = next;
  }
  if (current === leaf && issues(leaf, leaf))
    return {
      ok: false,
      why: l(
        `Le certificat servi est auto-signé (« ${cn(leaf.subject)} »), pas émis par l’autorité du lab.`,
        `The served certificate is self-signed ("${cn(leaf.subject)}"), not issued by the lab's CA.`,
      ),
    };
  return {
    ok: false,
    why: l(
      `Le certificat servi n'est pas émis par l’autorité du lab (émetteur : « ${cn(current.issuer)} »).`,
      `The served certificate is not issued by the lab's CA (issuer: "${cn(current.issuer)}").`,
    ),
  };
}

/** The names the leaf does not cover: in its SANs only, as browsers do (not the subject's CN). */
export function missingNames(leaf: X509Certificate, names: string[]): string[] {
  return names.filter((n) => (isIPv4(n) ? !leaf.checkIP(n) : !leaf.checkHost(n, { subject: 'never' })));
}

/** The leaf's subject alternative names, for messages. */
export function sansOf(leaf: X509Certificate): string {
  return leaf.subjectAltName?.replace(/DNS:|IP Address:/g, '') || `CN=${cn(leaf.subject)}`;
}

export function daysLeft(leaf: X509Certificate, now = Date.now()): number {
  return Math.floor((Date.parse(leaf.validTo) - now) / DAY);
}

export { cn as commonName };
