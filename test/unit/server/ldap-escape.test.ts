// What a username becomes inside a DN or a filter: always one value, never syntax.
import { describe, expect, it } from 'vitest';
import { escapeDnValue, escapeFilterValue, firstRdnValue } from '../../../server/auth/sso/ldap-directory.js';

describe('escapeDnValue (RFC 4514)', () => {
  it('leaves ordinary names as they are', () => {
    expect(escapeDnValue('alice')).toBe('alice');
    expect(escapeDnValue('jean.dupont@univ-x.fr')).toBe('jean.dupont@univ-x.fr');
    expect(escapeDnValue('Bérénice')).toBe('Bérénice');
  });

  it('escapes the characters that would end or split the value', () => {
    expect(escapeDnValue('a,ou=admins')).toBe('a\\,ou\\=admins');
    expect(escapeDnValue('a+cn=x')).toBe('a\\+cn\\=x');
    expect(escapeDnValue('a;b<c>d"e\\f')).toBe('a\\;b\\<c\\>d\\"e\\\\f');
    expect(escapeDnValue('nul\0')).toBe('nul\\00');
  });

  it('escapes a leading # or space and a trailing space', () => {
    expect(escapeDnValue('#admin')).toBe('\\#admin');
    expect(escapeDnValue('a#b')).toBe('a#b');
    expect(escapeDnValue(' alice ')).toBe('\\ alice\\ ');
    expect(escapeDnValue('a b')).toBe('a b');
  });
});

describe('escapeFilterValue (RFC 4515)', () => {
  it('turns filter syntax into escaped bytes', () => {
    expect(escapeFilterValue('*')).toBe('\\2a');
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('alice)(|(uid=*')).toBe('alice\\29\\28|\\28uid=\\2a');
    expect(escapeFilterValue('back\\slash\0')).toBe('back\\5cslash\\00');
  });

  it('keeps a DN usable in (member={dn})', () => {
    expect(escapeFilterValue('uid=tom,ou=people,dc=atelier,dc=test')).toBe(
      'uid=tom,ou=people,dc=atelier,dc=test',
    );
    expect(escapeFilterValue('cn=R\\, Us (2),dc=x')).toBe('cn=R\\5c, Us \\282\\29,dc=x');
  });
});

describe('firstRdnValue', () => {
  it('reads a group name from its DN', () => {
    expect(firstRdnValue('cn=formateurs,ou=groups,dc=atelier,dc=test')).toBe('formateurs');
    expect(firstRdnValue('CN=Atelier Admins,OU=Groups,DC=corp,DC=example')).toBe('Atelier Admins');
  });

  it('undoes escapes, hex ones included (UTF-8)', () => {
    expect(firstRdnValue('cn=R\\, Us,dc=x')).toBe('R, Us');
    expect(firstRdnValue('cn=\\23hash+uid=x,dc=x')).toBe('#hash');
    expect(firstRdnValue('cn=caf\\C3\\A9,dc=x')).toBe('café');
  });

  it('has nothing for a malformed DN', () => {
    expect(firstRdnValue('formateurs')).toBeUndefined();
    expect(firstRdnValue('cn=,dc=x')).toBeUndefined();
  });
});
