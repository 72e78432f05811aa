import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdpMetadataSource } from '../../../server/auth/sso/saml-metadata.js';

const metadata = (sso: string) => `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example/saml">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>CERT</ds:X509Certificate></ds:X509Data>
    </ds:KeyInfo></KeyDescriptor>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>
  </IDPSSODescriptor>
</EntityDescriptor>`;

let answer: { status: number; body: string } = { status: 200, body: metadata('https://idp.example/one') };
let reads = 0;
let url: string;
const server = http.createServer((_req, res) => {
  reads++;
  res.writeHead(answer.status, { 'content-type': 'application/samlmetadata+xml' }).end(answer.body);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('IdP metadata source', () => {
  it('reads once, re-reads when old, and keeps the last good metadata when a re-read fails', async () => {
    const errors: unknown[] = [];
    const source = new IdpMetadataSource(url, 60_000, 2_000, (err) => errors.push(err));
    expect((await source.get(1_000)).ssoUrl).toBe('https://idp.example/one');
    expect((await source.get(2_000)).ssoUrl).toBe('https://idp.example/one');
    expect(reads).toBe(1);

    // Old: served from what is known while the re-read runs; the next call sees the new one.
    answer = { status: 200, body: metadata('https://idp.example/two') };
    expect((await source.get(70_000)).ssoUrl).toBe('https://idp.example/one');
    await expect.poll(async () => (await source.get(70_001)).ssoUrl).toBe('https://idp.example/two');

    // A broken endpoint, then an unreadable document: the last good one stays, tried again a minute later.
    answer = { status: 500, body: 'oops' };
    expect((await source.get(200_000)).ssoUrl).toBe('https://idp.example/two');
    await expect.poll(() => errors.length).toBe(1);
    expect((await source.get(230_000)).ssoUrl).toBe('https://idp.example/two');
    answer = { status: 200, body: '<!DOCTYPE x><x/>' };
    expect((await source.get(270_000)).ssoUrl).toBe('https://idp.example/two');
    await expect.poll(() => errors.length).toBe(2);
    expect(reads).toBe(4);
  });

  it('says sso-unavailable when there is no metadata yet', async () => {
    answer = { status: 404, body: '' };
    const source = new IdpMetadataSource(url, 60_000, 2_000, () => undefined);
    await expect(source.get()).rejects.toMatchObject({ reason: 'sso-unavailable' });
  });
});
