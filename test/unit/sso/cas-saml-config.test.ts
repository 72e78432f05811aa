import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cas-saml-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
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

describe('CAS and SAML providers in ATELIER_SSO_FILE', () => {
  it('reads both kinds with their defaults; a metadata file is relative to the providers file', () => {
    const file = providersFile(`
providers:
  - id: campus
    kind: cas
    name: { fr: CAS du campus, en: Campus CAS }
    url: https://cas.univ.example/cas
    roles: { trainer: [enseignants] }
  - id: renater
    kind: saml
    name: Fédération
    metadata: file:idp-metadata.xml
    subject: urn:oid:1.3.6.1.4.1.5923.1.1.1.10
    attributes: { username: "urn:oid:0.9.2342.19200300.100.1.1" }
`);
    const [campus, renater] = loadConfig({ ATELIER_SSO_FILE: file }).sso.providers;
    expect(campus).toEqual({
      kind: 'cas',
      id: 'campus',
      name: { fr: 'CAS du campus', en: 'Campus CAS' },
      url: 'https://cas.univ.example/cas',
      attributes: { username: 'uid', displayName: 'cn', email: 'mail', groups: 'groups' },
      roles: { trainer: ['enseignants'], admin: [] },
      timeoutMs: 5000,
    });
    expect(renater).toMatchObject({
      kind: 'saml',
      name: { fr: 'Fédération', en: 'Fédération' },
      metadata: `file:${path.join(dir, 'idp-metadata.xml')}`,
      metadataRefreshMinutes: 60,
      subject: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.10',
      attributes: { username: 'urn:oid:0.9.2342.19200300.100.1.1', displayName: 'cn' },
    });
  });

  it('lists every problem at once, naming the field', () => {
    const file = providersFile(`
providers:
  - id: campus
    kind: cas
    name: CAS
    url: http://cas.univ.example/cas
    attributes: { groups: "bad name" }
  - id: fed
    kind: saml
    name: Fédération
    metadata: ftp://idp.example/metadata
    metadataRefreshMinutes: 1
    signRequests: true
`);
    const message = problemsOf({ ATELIER_SSO_FILE: file });
    expect(message).toMatch(/providers\.0\.url: https:\/\/ \(http:\/\/ only on a loopback address\)/);
    expect(message).toMatch(/providers\.0\.attributes\.groups: an attribute name/);
    expect(message).toMatch(/providers\.1\.metadata: https:\/\/ URL of the IdP metadata/);
    expect(message).toMatch(/providers\.1\.metadataRefreshMinutes/);
    expect(message).toMatch(/providers\.1.*signRequests/);
  });
});
