import { LdapDirectory } from './ldap-directory.js';
import { OpenIdConnectClient } from './oidc-client.js';
import type { LdapClient, OidcClient, SsoProviderConfig } from './sso-types.js';

/** One client per configured provider, by id. */
export function createSsoClients(providers: SsoProviderConfig[]) {
  const oidc = new Map<string, OidcClient>();
  const ldap = new Map<string, LdapClient>();
  for (const p of providers) {
    if (p.kind === 'oidc') oidc.set(p.id, new OpenIdConnectClient(p));
    else ldap.set(p.id, new LdapDirectory(p));
  }
  return { oidc, ldap };
}

/** What the login page shows of each provider (never its URLs or secrets). */
export const publicProviders = (providers: SsoProviderConfig[]) =>
  providers.map((p) => ({ id: p.id, kind: p.kind, name: p.name }));
