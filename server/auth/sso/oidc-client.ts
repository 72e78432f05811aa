// OpenID Connect adapter: authorization code flow with PKCE, state and nonce. Every check of the ID token
// (signature, iss, aud, exp, nonce) is openid-client's; this file only turns claims into an ExternalIdentity
// and the library's errors into AppErrors the callback route can show.
import * as oidc from 'openid-client';
import { AppError } from '../../errors/app-error.js';
import type { ExternalIdentity, OidcClient, OidcProviderConfig, PendingOidcLogin } from './sso-types.js';

/** Seconds: a provider slower than this is taken as down (the browser is waiting on our redirect). */
const TIMEOUT_S = 5;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain http is accepted only for a provider on this machine (tests, a local Keycloak behind a proxy). */
export function isLoopbackIssuer(issuer: URL): boolean {
  return LOOPBACK.has(issuer.hostname) || /^127\.\d+\.\d+\.\d+$/.test(issuer.hostname);
}

/**
 * A groups claim as a list: an array, or one string for a single group. Keycloak sends paths
 * (`/formateurs`), so the name without its leading '/' is added too, and either spelling matches a role rule.
 */
export function normalizeGroups(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const groups = new Set<string>();
  for (const g of raw) {
    if (typeof g !== 'string' || !g) continue;
    groups.add(g);
    if (g.startsWith('/') && g.length > 1) groups.add(g.slice(1));
  }
  return [...groups];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

type Claims = Record<string, unknown>;

/** The identity from the ID token's claims, completed by userinfo's (the ID token wins where both say). */
export function identityFromClaims(config: OidcProviderConfig, claims: Claims): ExternalIdentity {
  const names = config.claims;
  const email = text(claims[names.email]);
  return {
    providerId: config.id,
    subject: String(claims.sub),
    // Only a wish for a new account's name: sso-accounts sanitizes it and never finds an account by it.
    username: text(claims[names.username]) ?? email?.split('@')[0] ?? String(claims.sub),
    displayName: text(claims[names.displayName]),
    email,
    groups: normalizeGroups(claims[names.groups]),
  };
}

const unavailable = (cause: unknown) =>
  new AppError('sso-unavailable', 'Le fournisseur d’identité ne répond pas.', undefined, { cause });
const failed = (problem: string, cause?: unknown) =>
  new AppError('sso-failed', `Connexion refusée : ${problem}.`, undefined, { cause });

const CLAIM_PROBLEMS: Record<string, string> = {
  aud: 'le jeton d’identité est destiné à un autre client (audience)',
  azp: 'le jeton d’identité est destiné à un autre client (audience)',
  nonce: 'le nonce du jeton d’identité ne correspond pas',
  iss: 'le jeton d’identité vient d’un autre émetteur (issuer)',
};

/** An OAuth error code from the provider, kept to its word characters: it goes into a message and the log. */
const oauthCode = (value: unknown) =>
  String(value ?? '')
    .replace(/[^\w.-]/g, '')
    .slice(0, 64) || 'inconnu';

/** A library error as an AppError. Messages name the check that failed, never a token or a secret. */
export function describeOidcError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof oidc.AuthorizationResponseError) {
    return new AppError(
      'sso-denied',
      `Le fournisseur a refusé la connexion (${oauthCode(err.error)}).`,
      undefined,
      {
        cause: err,
      },
    );
  }
  if (err instanceof oidc.ResponseBodyError) {
    return failed(`le fournisseur a refusé l’échange du code (${oauthCode(err.error)})`, err);
  }
  const code = (err as { code?: unknown }).code;
  // fetch failing (refused, DNS) is a bare TypeError; the library's own TypeErrors carry a code.
  if (
    (err instanceof TypeError && code === undefined) ||
    code === 'OAUTH_TIMEOUT' ||
    code === 'OAUTH_ABORT'
  ) {
    return unavailable(err);
  }
  if (err instanceof oidc.ClientError) {
    // The library wraps oauth4webapi's error, whose own cause names the claim.
    const inner = err.cause as { message?: unknown; cause?: { claim?: unknown } } | undefined;
    const detail = typeof inner?.message === 'string' ? inner.message : err.message;
    const claim = inner?.cause?.claim;
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && typeof claim === 'string') {
      return failed(
        CLAIM_PROBLEMS[claim] ?? `la revendication ${claim} du jeton d’identité est invalide`,
        err,
      );
    }
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
      return failed('le jeton d’identité a expiré ou n’est pas encore valide (expiry)', err);
    }
    if (/signature/i.test(detail)) return failed('la signature du jeton d’identité est invalide', err);
    if (/"state"/.test(detail)) return failed('le paramètre state ne correspond pas', err);
    if (/"iss"/.test(detail)) return failed('la réponse vient d’un autre émetteur (issuer)', err);
    if (/"sub"/.test(detail)) return failed('userinfo décrit une autre personne que le jeton (sub)', err);
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      return unavailable(err);
    }
    return failed(`réponse du fournisseur invalide (${detail})`, err);
  }
  return failed('erreur inattendue', err);
}

export class OpenIdConnectClient implements OidcClient {
  /** Discovery in progress or done; forgotten on failure so the next login tries again. */
  private discovered?: Promise<oidc.Configuration>;

  constructor(readonly config: OidcProviderConfig) {}

  private discover(): Promise<oidc.Configuration> {
    this.discovered ??= this.runDiscovery().catch((err: unknown) => {
      this.discovered = undefined;
      throw unavailable(err);
    });
    return this.discovered;
  }

  private async runDiscovery(): Promise<oidc.Configuration> {
    const issuer = new URL(this.config.issuer);
    const insecure = issuer.protocol === 'http:' && isLoopbackIssuer(issuer);
    return oidc.discovery(issuer, this.config.clientId, undefined, this.clientAuth(), {
      timeout: TIMEOUT_S,
      // By default the library trusts an ID token that came straight from the token endpoint over TLS and
      // skips its signature; the non-repudiation checks verify it against the provider's JWKS all the same.
      execute: insecure
        ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks]
        : [oidc.enableNonRepudiationChecks],
    });
  }

  /** Basic unless the provider only offers post; a client without a secret is public (PKCE alone). */
  private clientAuth(): oidc.ClientAuth {
    const secret = this.config.clientSecret;
    if (!secret) return oidc.None();
    return (as, client, body, headers) => {
      const methods = as.token_endpoint_auth_methods_supported;
      const postOnly =
        methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post');
      return (postOnly ? oidc.ClientSecretPost(secret) : oidc.ClientSecretBasic(secret))(
        as,
        client,
        body,
        headers,
      );
    };
  }

  async begin(redirectUri: string): Promise<{ url: string; pending: PendingOidcLogin }> {
    const configuration = await this.discover();
    const pending: PendingOidcLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      redirectUri,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.config.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  async finish(callbackUrl: URL, pending: PendingOidcLogin): Promise<ExternalIdentity> {
    const configuration = await this.discover();
    // The token request must name the redirect URI sent at begin, whatever host the callback came through.
    const current = new URL(pending.redirectUri);
    current.search = callbackUrl.search;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw failed('pas de jeton d’identité dans la réponse');
      let claims: Claims = { ...idClaims };
      const names = this.config.claims;
      const missing = claims[names.username] === undefined || claims[names.groups] === undefined;
      if (missing && configuration.serverMetadata().userinfo_endpoint) {
        // The library refuses a userinfo answer whose sub is not the ID token's.
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims };
      }
      return identityFromClaims(this.config, claims);
    } catch (err) {
      throw describeOidcError(err);
    }
  }

  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | undefined> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.discover();
    } catch {
      return undefined;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(configuration, {
      client_id: this.config.clientId,
      post_logout_redirect_uri: postLogoutRedirectUri,
    }).href;
  }
}
