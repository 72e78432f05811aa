// Single sign-on: what the platform knows of an outside provider and of the person it vouches for.
// The adapters (oidc-client.ts, ldap-directory.ts) turn a provider's answer into an ExternalIdentity;
// sso-accounts.ts turns that into an Atelier account. Only the adapters know the protocols.

/** A provider's button label, in both languages. */
export interface ProviderName {
  fr: string;
  en: string;
}

/**
 * Groups that give a role, re-read at every login (the highest wins: admin, then trainer, else learner).
 * Absent on a provider: its logins never change a role; the admin sets roles here.
 */
export interface RoleRules {
  admin: string[];
  trainer: string[];
}

export interface OidcProviderConfig {
  kind: 'oidc';
  /** Lowercase id, used in URLs (`/api/auth/sso/<id>/start`) and stored with each identity. */
  id: string;
  name: ProviderName;
  /** Issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Resolved from `env:NAME` or `file:/path`; absent: a public client (PKCE alone). */
  clientSecret?: string;
  scopes: string[];
  /** Which claim holds each field (ID token first, then userinfo). */
  claims: { username: string; displayName: string; email: string; groups: string };
  roles?: RoleRules;
}

export interface LdapProviderConfig {
  kind: 'ldap';
  id: string;
  name: ProviderName;
  /** `ldap://host:389` or `ldaps://host:636`. */
  url: string;
  /** StartTLS on an `ldap://` URL before any bind. */
  startTls: boolean;
  /** PEM of the CA that signed the directory's certificate (resolved from `file:`); absent: the system's. */
  ca?: string;
  /** Direct bind: a DN template with `{username}` (DN-escaped), e.g. `uid={username},ou=people,dc=example,dc=org`. */
  userDn?: string;
  /** Search then bind: a service account finds the user's entry, then the user binds to it. */
  search?: { base: string; filter: string; bindDn?: string; bindPassword?: string };
  attributes: { id: string; username: string; displayName: string; email: string; memberOf: string };
  /** Groups by search (`(member={dn})`) when the directory has no memberOf; the group's `attribute` is its name. */
  groups?: { base: string; filter: string; attribute: string };
  roles?: RoleRules;
  timeoutMs: number;
}

export interface CasProviderConfig {
  kind: 'cas';
  id: string;
  name: ProviderName;
  /** The CAS server's base URL (`<url>/login`, `<url>/p3/serviceValidate`), e.g. `https://cas.example.edu/cas`. */
  url: string;
  /** Which attribute holds each field; `id` absent: the CAS user id is the subject. */
  attributes: { id?: string; username: string; displayName: string; email: string; groups: string };
  roles?: RoleRules;
  timeoutMs: number;
}

export interface SamlProviderConfig {
  kind: 'saml';
  id: string;
  name: ProviderName;
  /** The IdP's metadata: an https:// URL (re-read every `metadataRefreshMinutes`) or a file (`file:/path`). */
  metadata: string;
  metadataRefreshMinutes: number;
  /** Our entity id at this IdP; absent: our metadata URL. */
  entityId?: string;
  /** `nameId`: the persistent NameID is the subject; else the attribute that holds a stable id. */
  subject: string;
  /** Which attribute holds each field (SAML attribute names, e.g. `urn:oid:0.9.2342.19200300.100.1.1`). */
  attributes: { username: string; displayName: string; email: string; groups: string };
  roles?: RoleRules;
  timeoutMs: number;
}

export type SsoProviderConfig =
  OidcProviderConfig | LdapProviderConfig | CasProviderConfig | SamlProviderConfig;

/** Single sign-on settings (server/config.ts reads them from ATELIER_SSO_FILE and ATELIER_LOCAL_LOGIN). */
export interface SsoConfig {
  providers: SsoProviderConfig[];
  /** false: learners and trainers cannot log in, register or join with a local password; admins still can. */
  localLogin: boolean;
}

/** The person a provider vouches for, after the protocol's checks passed. */
export interface ExternalIdentity {
  providerId: string;
  /** The provider's stable id for the person (OIDC `sub`, LDAP `entryUUID`): the only link to an account. */
  subject: string;
  /** The username wished for a new account; never used to find an existing one. */
  username: string;
  displayName?: string;
  email?: string;
  groups: string[];
}

/** What an OpenID Connect login keeps between the redirect to the provider and its callback. */
export interface PendingOidcLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface OidcClient {
  readonly config: OidcProviderConfig;
  /**
   * The provider's authorization URL (code flow, PKCE S256, state, nonce) and what to keep for the callback.
   * Throws AppError('sso-unavailable') when discovery fails (the provider is down or misconfigured).
   */
  begin(redirectUri: string): Promise<{ url: string; pending: PendingOidcLogin }>;
  /**
   * Exchanges the callback's code and validates the ID token (signature, issuer, audience, expiry, nonce)
   * and the state. Throws AppError('sso-failed', …) for anything wrong, AppError('sso-unavailable') when the
   * provider does not answer.
   */
  finish(callbackUrl: URL, pending: PendingOidcLogin): Promise<ExternalIdentity>;
  /** RP-initiated logout URL, when the provider has an end_session_endpoint; undefined otherwise or when down. */
  endSessionUrl(postLogoutRedirectUri: string): Promise<string | undefined>;
}

/** A CAS 3.0 server: the browser goes to its login page and comes back with a service ticket. */
export interface CasClient {
  readonly config: CasProviderConfig;
  /** The CAS login URL for `service` (our callback URL, which the ticket is then valid for). */
  loginUrl(service: string): string;
  /**
   * Validates `ticket` for `service` at the server (p3/serviceValidate) and reads the attributes.
   * Throws AppError('sso-failed') for a ticket the server refuses (unknown, used, for another service),
   * AppError('sso-unavailable') when it does not answer.
   */
  validate(ticket: string, service: string): Promise<ExternalIdentity>;
}

/** A SAML 2.0 identity provider, we being its service provider. */
export interface SamlClient {
  readonly config: SamlProviderConfig;
  /** Our SP metadata (entity id, ACS URL, wanting signed assertions). */
  metadata(origin: string): string;
  /**
   * The IdP's SSO URL carrying an AuthnRequest (HTTP-Redirect), its request id (kept by the caller, and by
   * the library for InResponseTo) and `relayState`. Throws AppError('sso-unavailable') without metadata.
   */
  begin(origin: string, relayState: string): Promise<{ url: string; requestId: string }>;
  /**
   * Checks a posted SAMLResponse (signature against the IdP's certificate, audience, InResponseTo = `requestId`,
   * validity window) and reads the identity. Throws AppError('sso-failed') for anything wrong.
   */
  finish(origin: string, samlResponse: string, requestId: string): Promise<ExternalIdentity>;
}

export interface LdapClient {
  readonly config: LdapProviderConfig;
  /**
   * Binds as the user (directly or after a service account's search) and reads their entry and groups.
   * Throws AppError('bad-credentials') for a wrong password, an unknown or ambiguous user, an empty password
   * or a username outside USERNAME-like characters; AppError('sso-unavailable') when the directory does not answer.
   */
  authenticate(username: string, password: string): Promise<ExternalIdentity>;
}
