import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sso-config-'));
function providersFile(text: string): string {
  const file = path.join(dir, `sso-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}
const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('single sign-on configuration', () => {
  it('reads providers with their defaults and resolves secrets from the environment and files', () => {
    fs.writeFileSync(
      path.join(dir, 'ldap-ca.pem'),
      '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n',
    );
    const file = providersFile(`
providers:
  - id: univ
    kind: oidc
    name: { fr: "Compte de l'université", en: University account }
    issuer: https://idp.example.org/realms/univ
    clientId: atelier
    clientSecret: env:UNIV_SECRET
    roles: { trainer: [formateurs] }
  - id: annuaire
    kind: ldap
    name: Annuaire
    url: ldap://ldap.example.org:389
    startTls: true
    ca: file:ldap-ca.pem
    userDn: "uid={username},ou=people,dc=example,dc=org"
`);
    const c = loadConfig({ ATELIER_SSO_FILE: file, UNIV_SECRET: 's3cret-value' });
    const [univ, annuaire] = c.sso.providers;
    expect(univ).toMatchObject({
      kind: 'oidc',
      clientSecret: 's3cret-value',
      scopes: ['openid', 'profile', 'email'],
      claims: { username: 'preferred_username', groups: 'groups' },
      roles: { trainer: ['formateurs'], admin: [] },
    });
    expect(annuaire).toMatchObject({
      kind: 'ldap',
      name: { fr: 'Annuaire', en: 'Annuaire' },
      attributes: { id: 'entryUUID', username: 'uid', memberOf: 'memberOf' },
      timeoutMs: 5000,
    });
    expect(annuaire?.kind === 'ldap' && annuaire.ca).toContain('BEGIN CERTIFICATE');
    expect(c.sso.localLogin).toBe(true);
    expect(loadConfig({ ATELIER_LOCAL_LOGIN: 'off' }).sso).toEqual({ providers: [], localLogin: false });
  });

  it('lists every problem at once, with the variables, and never prints a secret', () => {
    const file = providersFile(`
providers:
  - id: Univ!
    kind: oidc
    name: U
    issuer: http://idp.example.org
    clientId: atelier
    clientSecret: the-secret-itself
    scopes: [profile]
  - id: annuaire
    kind: ldap
    name: Annuaire
    url: ldaps://ldap.example.org
    startTls: true
    userDn: "uid=x"
    search: { base: "dc=x", filter: "(uid={username})", bindDn: "cn=svc" }
  - id: missing
    kind: oidc
    name: M
    issuer: https://idp.example.org
    clientId: a
    clientSecret: env:NOT_SET_ANYWHERE
`);
    const msg = problemsOf({ ATELIER_SSO_FILE: file, ATELIER_PORT: 'abc' });
    expect(msg).toContain('ATELIER_PORT');
    for (const field of [
      'providers.0.id',
      'providers.0.issuer',
      'providers.0.clientSecret',
      'providers.0.scopes',
    ])
      expect(msg).toContain(field);
    for (const field of ['providers.1.userDn', 'providers.1.startTls', 'providers.1.search'])
      expect(msg).toContain(field);
    expect(msg).not.toContain('the-secret-itself');
  });

  it('names a missing secret variable, an unreadable secret file and an unreadable providers file', () => {
    const file = providersFile(`
providers:
  - { id: a, kind: oidc, name: A, issuer: "https://a.example.org", clientId: a, clientSecret: "env:NOT_SET_ANYWHERE" }
  - { id: b, kind: oidc, name: B, issuer: "https://b.example.org", clientId: b, clientSecret: "file:/nonexistent/secret" }
  - { id: a, kind: oidc, name: A2, issuer: "https://a.example.org", clientId: a }
`);
    const msg = problemsOf({ ATELIER_SSO_FILE: file });
    expect(msg).toContain('same id');
    expect(problemsOf({ ATELIER_SSO_FILE: path.join(dir, 'nope.yaml') })).toContain('ATELIER_SSO_FILE');
    const ok = providersFile(`
providers:
  - { id: a, kind: oidc, name: A, issuer: "https://a.example.org", clientId: a, clientSecret: "env:NOT_SET_ANYWHERE" }
  - { id: b, kind: oidc, name: B, issuer: "https://b.example.org", clientId: b, clientSecret: "file:/nonexistent/secret" }
`);
    const both = problemsOf({ ATELIER_SSO_FILE: ok });
    expect(both).toContain('NOT_SET_ANYWHERE is not set');
    expect(both).toContain('cannot read /nonexistent/secret');
  });

  it('accepts http:// issuers on loopback only', () => {
    const file = providersFile(`
providers:
  - { id: local, kind: oidc, name: L, issuer: "http://127.0.0.1:8080/", clientId: a }
`);
    expect(loadConfig({ ATELIER_SSO_FILE: file }).sso.providers[0]).toMatchObject({
      issuer: 'http://127.0.0.1:8080/',
    });
  });
});
