// A SAML IdP's metadata: where to send the AuthnRequest and which certificates sign its answers. Read from
// a URL or a file, re-read when older than the configured period; a failed re-read keeps the last good one.
import fs from 'node:fs/promises';
import type { Element } from '@xmldom/xmldom';
import { AppError } from '../../errors/app-error.js';
import { parseXml } from './cas-client.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface IdpMetadata {
  entityId: string;
  /** The SingleSignOnService of the HTTP-Redirect binding. */
  ssoUrl: string;
  /** Base64 DER of each signing certificate (node-saml takes them as they are). */
  certs: string[];
}

const all = (el: Element | Document, ns: string, local: string): Element[] =>
  Array.from((el as Element).getElementsByTagNameNS(ns, local) as unknown as Iterable<Element>);

/** The IdP part of a metadata document; throws an Error naming what is missing. */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const doc = parseXml(xml);
  if (!doc) throw new Error('not plain XML (a DOCTYPE or a parse error)');
  const entity = all(doc, MD, 'EntityDescriptor')[0];
  const idp = entity && all(entity, MD, 'IDPSSODescriptor')[0];
  if (!entity || !idp) throw new Error('no EntityDescriptor with an IDPSSODescriptor');
  const sso = all(idp, MD, 'SingleSignOnService').find((s) => s.getAttribute('Binding') === REDIRECT);
  const ssoUrl = sso?.getAttribute('Location');
  if (!ssoUrl) throw new Error('no SingleSignOnService for the HTTP-Redirect binding');
  const certs = all(idp, MD, 'KeyDescriptor')
    .filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((k) => all(k, DS, 'X509Certificate'))
    .map((c) => (c.textContent ?? '').replace(/\s+/g, ''))
    .filter(Boolean);
  if (certs.length === 0) throw new Error('no signing certificate');
  return { entityId: entity.getAttribute('entityID') ?? '', ssoUrl, certs };
}

const RETRY_MS = 60_000;

export class IdpMetadataSource {
  private current?: { metadata: IdpMetadata; readAt: number };
  private reading?: Promise<IdpMetadata>;
  private retryAt?: number;

  constructor(
    /** `https://…` (or http:// on loopback) or `file:/path`. */
    private readonly source: string,
    private readonly refreshMs: number,
    private readonly timeoutMs: number,
    private readonly onRefreshError: (err: unknown) => void,
  ) {}

  /** The metadata: the last good one (re-read in the background when old), or read now when none. */
  async get(now = Date.now()): Promise<IdpMetadata> {
    if (this.current) {
      if (now >= (this.retryAt ?? this.current.readAt + this.refreshMs)) {
        // Until this re-read ends, and for a minute after a failed one, logins use what is known.
        this.retryAt = now + RETRY_MS;
        this.read(now).catch(this.onRefreshError);
      }
      return this.current.metadata;
    }
    try {
      return await this.read(now);
    } catch (err) {
      throw new AppError(
        'sso-unavailable',
        'Les métadonnées du fournisseur d’identité sont illisibles.',
        undefined,
        { cause: err },
      );
    }
  }

  private read(now: number): Promise<IdpMetadata> {
    this.reading ??= this.fetchText()
      .then((xml) => {
        const metadata = parseIdpMetadata(xml);
        this.current = { metadata, readAt: now };
        this.retryAt = undefined;
        return metadata;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async fetchText(): Promise<string> {
    if (this.source.startsWith('file:')) return fs.readFile(this.source.slice(5), 'utf8');
    const res = await fetch(this.source, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${this.source}`);
    return res.text();
  }
}
