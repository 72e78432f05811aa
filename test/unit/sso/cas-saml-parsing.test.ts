import { describe, expect, it } from 'vitest';
import {
  identityFromCas,
  logoutTicketOf,
  parseServiceResponse,
  parseXml,
} from '../../../server/auth/sso/cas-client.js';
import type { Profile } from '@node-saml/node-saml';
import { describeSamlError, identityFromProfile } from '../../../server/auth/sso/saml-client.js';
import { parseIdpMetadata } from '../../../server/auth/sso/saml-metadata.js';
import type { CasProviderConfig, SamlProviderConfig } from '../../../server/auth/sso/sso-types.js';

const cas: CasProviderConfig = {
  kind: 'cas',
  id: 'campus',
  name: { fr: 'CAS', en: 'CAS' },
  url: 'https://cas.example/cas',
  attributes: { username: 'uid', displayName: 'cn', email: 'mail', groups: 'memberOf' },
  timeoutMs: 5000,
};

const success = `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess>
    <cas:user>jdupont</cas:user>
    <cas:attributes>
      <cas:cn>Jeanne Dupont</cas:cn>
      <cas:mail>jeanne@univ.example</cas:mail>
      <cas:memberOf>enseignants</cas:memberOf>
      <cas:memberOf>/tous</cas:memberOf>
      <cas:employeeNumber>4321</cas:employeeNumber>
    </cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>`;

describe('CAS service responses', () => {
  it('reads the user and every value of each attribute', () => {
    const answer = parseServiceResponse(success);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(identityFromCas(cas, answer.user, answer.attributes)).toEqual({
      providerId: 'campus',
      subject: 'jdupont',
      username: 'jdupont',
      displayName: 'Jeanne Dupont',
      email: 'jeanne@univ.example',
      groups: ['enseignants', '/tous', 'tous'],
    });
    const stable = { ...cas, attributes: { ...cas.attributes, id: 'employeeNumber' } };
    expect(identityFromCas(stable, answer.user, answer.attributes).subject).toBe('4321');
  });

  it('gives the failure code, and refuses what is not a plain CAS answer', () => {
    expect(
      parseServiceResponse(`<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
        <cas:authenticationFailure code="INVALID_TICKET">used</cas:authenticationFailure></cas:serviceResponse>`),
    ).toEqual({ ok: false, code: 'INVALID_TICKET' });
    const entity = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${success.replace('jdupont', '&e;')}`;
    expect(parseServiceResponse(entity)).toEqual({ ok: false, code: 'INVALID_RESPONSE' });
    expect(parseXml('<a><b></a>')).toBeUndefined();
    // The right element names in another namespace are not a CAS answer.
    expect(parseServiceResponse(success.replace('http://www.yale.edu/tp/cas', 'urn:other')).ok).toBe(false);
  });

  it('reads the ticket of a back-channel logout request', () => {
    const xml = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="ST-1" Version="2.0">
      <saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">@NOT_USED@</saml:NameID>
      <samlp:SessionIndex>ST-1</samlp:SessionIndex></samlp:LogoutRequest>`;
    expect(logoutTicketOf(xml)).toBe('ST-1');
    expect(
      logoutTicketOf('<LogoutRequest><SessionIndex>ST-1</SessionIndex></LogoutRequest>'),
    ).toBeUndefined();
  });
});

describe('SAML IdP metadata', () => {
  const metadata = (sso: string) => `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"
      xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example/saml">
    <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
      <KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
        MIIB AAAA
      </ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>
      <KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>ENC</ds:X509Certificate>
      </ds:X509Data></ds:KeyInfo></KeyDescriptor>
      ${sso}
    </IDPSSODescriptor>
  </EntityDescriptor>`;

  it('reads the entity id, the redirect SSO URL and the signing certificates only', () => {
    const md = parseIdpMetadata(
      metadata(`<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example/post"/>
        <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>`),
    );
    expect(md).toEqual({
      entityId: 'https://idp.example/saml',
      ssoUrl: 'https://idp.example/sso',
      certs: ['MIIBAAAA'],
    });
  });

  it('says what is missing', () => {
    expect(() => parseIdpMetadata(metadata(''))).toThrow(/HTTP-Redirect/);
    expect(() => parseIdpMetadata('<x/>')).toThrow(/IDPSSODescriptor/);
  });
});

describe('SAML assertions to identities', () => {
  const saml: SamlProviderConfig = {
    kind: 'saml',
    id: 'fed',
    name: { fr: 'Fédération', en: 'Federation' },
    metadata: 'https://idp.example/metadata',
    metadataRefreshMinutes: 60,
    subject: 'nameId',
    attributes: { username: 'uid', displayName: 'cn', email: 'mail', groups: 'groups' },
    timeoutMs: 5000,
  };
  const profile = (extra: Record<string, unknown>) =>
    ({
      issuer: 'https://idp.example/saml',
      nameID: 'AbC123',
      nameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      uid: 'jdupont',
      cn: 'Jeanne Dupont',
      groups: ['enseignants', 'tous'],
      ...extra,
    }) as Profile;

  it('links by the persistent NameID, or by the configured attribute', () => {
    expect(identityFromProfile(saml, profile({}))).toMatchObject({
      subject: 'AbC123',
      username: 'jdupont',
      displayName: 'Jeanne Dupont',
      groups: ['enseignants', 'tous'],
    });
    const byAttr = { ...saml, subject: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.10' };
    const p = profile({ 'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'stable-42', groups: 'seul' });
    expect(identityFromProfile(byAttr, p)).toMatchObject({ subject: 'stable-42', groups: ['seul'] });
  });

  it('refuses a transient NameID or a missing subject attribute: sso-failed', () => {
    const transient = profile({ nameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' });
    expect(() => identityFromProfile(saml, transient)).toThrow(
      expect.objectContaining({ reason: 'sso-failed' }),
    );
    expect(() => identityFromProfile({ ...saml, subject: 'eppn' }, profile({}))).toThrow(
      expect.objectContaining({ reason: 'sso-failed' }),
    );
  });

  it('names the failed check, never the response', () => {
    const reason = (message: string) => describeSamlError(new Error(message)).message;
    expect(reason('SAML assertion audience mismatch. Expected: a Received: b')).toMatch(/audience/);
    expect(reason('Invalid signature')).toMatch(/signature/);
    expect(reason('InResponseTo is not valid')).toMatch(/InResponseTo/);
    expect(reason('SAML assertion expired: clocks skewed too much')).toMatch(/expiré/);
  });
});
