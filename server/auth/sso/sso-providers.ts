import type { Logger } from '../../observability/logger.js';
import { CasServerClient } from './cas-client.js';
import { LdapDirectory } from './ldap-directory.js';
import { OpenIdConnectClient } from './oidc-client.js';
import { SamlServiceProvider } from './saml-client.js';
import type { CasClient, LdapClient, OidcClient, SamlClient, SsoProviderConfig } from './sso-types.js';

/** One client per configured provider, by id. */
export function createSsoClients(providers: SsoProviderConfig[], logger: Logger) {
  const oidc = new Map<string, OidcClient>();
  const ldap = new Map<string, LdapClient>();
  const cas = new Map<string, CasClient>();
  const saml = new Map<string, SamlClient>();
  for (const p of providers) {
    if (p.kind === 'oidc') oidc.set(p.id, new OpenIdConnectClient(p));
    else if (p.kind === 'ldap') ldap.set(p.id, new LdapDirectory(p));
    else if (p.kind === 'cas') cas.set(p.id, new CasServerClient(p));
    else saml.set(p.id, new SamlServiceProvider(p, logger));
  }
  return { oidc, ldap, cas, saml };
}

/** What the login page shows of each provider (never its URLs or secrets). */
export const publicProviders = (providers: SsoProviderConfig[]) =>
  providers.map((p) => ({ id: p.id, kind: p.kind, name: p.name }));
