// CAS 3.0 adapter: the browser goes to `<server>/login?service=<our callback>`, comes back with a service
// ticket, and we validate it at `<server>/p3/serviceValidate` (a ticket serves once, for that service only:
// the CAS server's rule). The answer is XML, read with a real parser that refuses DOCTYPEs and entities.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { AppError } from '../../errors/app-error.js';
import { normalizeGroups } from './oidc-client.js';
import type { CasClient, CasProviderConfig, ExternalIdentity } from './sso-types.js';

const CAS_NS = 'http://www.yale.edu/tp/cas';
const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';

const unavailable = (cause?: unknown) =>
  new AppError('sso-unavailable', 'Le serveur CAS ne répond pas.', undefined, { cause });
const failed = (problem: string, cause?: unknown) =>
  new AppError('sso-failed', `Connexion refusée : ${problem}.`, undefined, { cause });

/**
 * An XML document from a server, or undefined when it is not plain XML: a DOCTYPE (and with it every
 * entity declaration) is refused before parsing, and parse errors are not tolerated.
 */
export function parseXml(text: string): Document | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return undefined;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
    return doc as unknown as Document;
  } catch {
    return undefined;
  }
}

const childrenNS = (el: Element | Document, ns: string, local: string): Element[] =>
  Array.from((el as Element).getElementsByTagNameNS(ns, local) as unknown as Iterable<Element>);

const textOf = (el: Element | undefined) => el?.textContent?.trim() || undefined;

/** The CAS answer's user and attributes (each attribute a list: CAS repeats the element per value). */
export function parseServiceResponse(
  xml: string,
): { ok: true; user: string; attributes: Map<string, string[]> } | { ok: false; code: string } {
  const doc = parseXml(xml);
  const root = doc?.documentElement as unknown as Element | undefined;
  if (!doc || !root || root.namespaceURI !== CAS_NS || root.localName !== 'serviceResponse') {
    return { ok: false, code: 'INVALID_RESPONSE' };
  }
  const failure = childrenNS(root, CAS_NS, 'authenticationFailure')[0];
  if (failure) return { ok: false, code: failure.getAttribute('code')?.replace(/[^\w]/g, '') || 'UNKNOWN' };
  const success = childrenNS(root, CAS_NS, 'authenticationSuccess')[0];
  const user = textOf(success && childrenNS(success, CAS_NS, 'user')[0]);
  if (!success || !user) return { ok: false, code: 'INVALID_RESPONSE' };
  const attributes = new Map<string, string[]>();
  const holder = childrenNS(success, CAS_NS, 'attributes')[0];
  for (const node of Array.from(holder?.childNodes ?? [])) {
    const el = node as Element;
    if (el.nodeType !== 1 || el.namespaceURI !== CAS_NS) continue;
    const value = textOf(el);
    if (value) attributes.set(el.localName!, [...(attributes.get(el.localName!) ?? []), value]);
  }
  return { ok: true, user, attributes };
}

/** The service ticket a back-channel logout request ends (its SessionIndex), or undefined. */
export function logoutTicketOf(xml: string): string | undefined {
  const doc = parseXml(xml);
  const root = doc?.documentElement as unknown as Element | undefined;
  if (!doc || !root || root.namespaceURI !== SAMLP_NS || root.localName !== 'LogoutRequest') return undefined;
  return textOf(childrenNS(root, SAMLP_NS, 'SessionIndex')[0]);
}

export function identityFromCas(
  config: CasProviderConfig,
  user: string,
  attributes: Map<string, string[]>,
): ExternalIdentity {
  const names = config.attributes;
  const first = (name: string) => attributes.get(name)?.[0];
  const subject = names.id ? first(names.id) : user;
  if (!subject) throw failed(`l’attribut ${names.id} manque dans la réponse du serveur CAS`);
  const email = first(names.email);
  return {
    providerId: config.id,
    subject,
    // The CAS user id is the person's login in most deployments: a better wish than the e-mail's.
    username: first(names.username) ?? user,
    displayName: first(names.displayName),
    email,
    groups: normalizeGroups(attributes.get(names.groups)),
  };
}

export class CasServerClient implements CasClient {
  constructor(readonly config: CasProviderConfig) {}

  private endpoint(path: string, params: Record<string, string>): string {
    const url = new URL(`${this.config.url.replace(/\/+$/, '')}/${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.href;
  }

  loginUrl(service: string): string {
    return this.endpoint('login', { service });
  }

  async validate(ticket: string, service: string): Promise<ExternalIdentity> {
    let body: string;
    try {
      const res = await fetch(this.endpoint('p3/serviceValidate', { service, ticket }), {
        signal: AbortSignal.timeout(this.config.timeoutMs),
        redirect: 'error',
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = await res.text();
    } catch (err) {
      throw unavailable(err);
    }
    const answer = parseServiceResponse(body);
    if (!answer.ok) {
      if (answer.code === 'INVALID_RESPONSE') throw unavailable();
      throw failed(`le serveur CAS a refusé le ticket (${answer.code})`);
    }
    return identityFromCas(this.config, answer.user, answer.attributes);
  }
}
