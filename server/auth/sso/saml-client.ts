// SAML 2.0 service provider through node-saml: AuthnRequest by HTTP-Redirect, response posted to our ACS.
// Every check of the response (signature of the assertion against the IdP's certificate, issuer, audience,
// InResponseTo, NotBefore/NotOnOrAfter) is node-saml's; this file picks the options and reads attributes.
import { randomBytes } from 'node:crypto';
import {
  SAML,
  SamlStatusError,
  ValidateInResponseTo,
  type CacheProvider,
  type Profile,
} from '@node-saml/node-saml';
import { AppError } from '../../errors/app-error.js';
import type { Logger } from '../../observability/logger.js';
import { normalizeGroups } from './oidc-client.js';
import { IdpMetadataSource, type IdpMetadata } from './saml-metadata.js';
import type { ExternalIdentity, SamlClient, SamlProviderConfig } from './sso-types.js';

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
/** The IdP's clock may be a little off ours. */
const CLOCK_SKEW_MS = 60_000;

const failed = (problem: string, cause?: unknown) =>
  new AppError('sso-failed', `Connexion refusée : ${problem}.`, undefined, { cause });

/** A cache that knows one request id: the response must answer that very request (single use upstream). */
function oneRequest(requestId: string): CacheProvider {
  let kept: string | null = requestId;
  return {
    saveAsync: async () => null,
    getAsync: async (key) => (key === kept ? new Date().toISOString() : null),
    removeAsync: async (key) => {
      if (key !== kept) return null;
      kept = null;
      return key;
    },
  };
}

const values = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter(
    (x): x is string => typeof x === 'string' && x.trim() !== '',
  );

export function identityFromProfile(config: SamlProviderConfig, profile: Profile): ExternalIdentity {
  const names = config.attributes;
  const first = (name: string) => values(profile[name])[0]?.trim();
  let subject: string | undefined;
  if (config.subject === 'nameId') {
    if (profile.nameIDFormat !== PERSISTENT) throw failed('l’identifiant (NameID) n’est pas persistant');
    subject = profile.nameID;
  } else subject = first(config.subject);
  if (!subject) throw failed(`l’attribut ${config.subject} manque dans l’assertion`);
  const email = first(names.email);
  return {
    providerId: config.id,
    subject,
    username: first(names.username) ?? email?.split('@')[0] ?? subject,
    displayName: first(names.displayName),
    email,
    groups: normalizeGroups(values(profile[names.groups])),
  };
}

/** node-saml's error as an AppError; the message names the check, never the response's content. */
export function describeSamlError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof SamlStatusError) {
    return new AppError('sso-denied', 'Le fournisseur d’identité a refusé la connexion.', undefined, {
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  const known: [RegExp, string][] = [
    [/signature/i, 'la signature de la réponse SAML est absente ou invalide'],
    [/InResponseTo/i, 'la réponse SAML ne répond pas à notre demande (InResponseTo)'],
    [/audience/i, 'l’assertion SAML est destinée à un autre service (audience)'],
    [/expired|NotBefore|NotOnOrAfter/i, 'l’assertion SAML a expiré ou n’est pas encore valide'],
    [/issuer/i, 'la réponse SAML vient d’un autre fournisseur (issuer)'],
  ];
  const hit = known.find(([re]) => re.test(message));
  return failed(hit ? hit[1] : 'réponse SAML invalide', err);
}

export class SamlServiceProvider implements SamlClient {
  private readonly idp: IdpMetadataSource;

  constructor(
    readonly config: SamlProviderConfig,
    logger: Logger,
  ) {
    this.idp = new IdpMetadataSource(
      config.metadata,
      config.metadataRefreshMinutes * 60_000,
      config.timeoutMs,
      (err) => logger.warn({ err, provider: config.id }, 'SAML: the IdP metadata could not be re-read'),
    );
  }

  entityId(origin: string): string {
    return this.config.entityId ?? `${origin}/api/auth/sso/${this.config.id}/metadata`;
  }

  private saml(origin: string, idp: IdpMetadata | undefined, requestId: string): SAML {
    return new SAML({
      issuer: this.entityId(origin),
      callbackUrl: `${origin}/api/auth/sso/${this.config.id}/acs`,
      entryPoint: idp?.ssoUrl,
      // Before the IdP is known (our metadata), a certificate nobody holds: nothing is checked with it.
      idpCert: idp?.certs ?? ['unused'],
      idpIssuer: idp?.entityId || undefined,
      audience: this.entityId(origin),
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      identifierFormat: this.config.subject === 'nameId' ? PERSISTENT : null,
      disableRequestedAuthnContext: true,
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      validateInResponseTo: ValidateInResponseTo.always,
      cacheProvider: oneRequest(requestId),
      generateUniqueId: () => requestId,
    });
  }

  metadata(origin: string): string {
    return this.saml(origin, undefined, 'metadata').generateServiceProviderMetadata(null);
  }

  async begin(origin: string, relayState: string): Promise<{ url: string; requestId: string }> {
    const idp = await this.idp.get();
    // An xs:ID must not start with a digit.
    const requestId = `_${randomBytes(20).toString('hex')}`;
    const url = await this.saml(origin, idp, requestId).getAuthorizeUrlAsync(relayState, undefined, {});
    return { url, requestId };
  }

  async finish(origin: string, samlResponse: string, requestId: string): Promise<ExternalIdentity> {
    const idp = await this.idp.get();
    try {
      const { profile } = await this.saml(origin, idp, requestId).validatePostResponseAsync({
        SAMLResponse: samlResponse,
      });
      if (!profile) throw failed('la réponse SAML ne contient pas d’assertion');
      return identityFromProfile(this.config, profile);
    } catch (err) {
      throw describeSamlError(err);
    }
  }
}
