// The login and join pages offer a button for a CAS or SAML provider as for an OpenID Connect one.
import { describe, expect, it } from 'vitest';
import { loginPlan, redirectProviders } from '../../../client/src/lib/sso.js';
import type { AppConfig, SsoProvider } from '../../../client/src/lib/types.js';

const provider = (id: string, kind: SsoProvider['kind']): SsoProvider => ({
  id,
  kind,
  name: { fr: id, en: id },
});
const config = (providers: SsoProvider[]): AppConfig => ({
  defaultLang: 'fr',
  registrationOpen: true,
  version: 'test',
  sso: { providers },
});

describe('CAS and SAML providers on the login page', () => {
  it('are links, in the configured order; LDAP stays a « Compte » choice', () => {
    const c = config([
      provider('campus', 'cas'),
      provider('annuaire', 'ldap'),
      provider('univ', 'oidc'),
      provider('federation', 'saml'),
    ]);
    expect(redirectProviders(c).map((p) => p.id)).toEqual(['campus', 'univ', 'federation']);
    const plan = loginPlan(c, false);
    expect(plan.oidc.map((p) => p.id)).toEqual(['campus', 'univ', 'federation']);
    expect(plan.accounts).toEqual(['annuaire', 'local']);
  });
});
