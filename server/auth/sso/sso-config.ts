// The single sign-on providers file (ATELIER_SSO_FILE, YAML or JSON): validated at start with every problem
// listed at once, secrets read from the environment or a file and kept out of every message.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ProviderName, SsoProviderConfig } from './sso-types.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-", at most 32');
const name = z.union([
  z.string().min(1).max(60),
  z.object({ fr: z.string().min(1).max(60), en: z.string().min(1).max(60) }).strict(),
]);
const groupList = z.array(z.string().min(1).max(256)).max(50).default([]);
const roles = z.object({ admin: groupList, trainer: groupList }).strict().optional();
/** `env:NAME` or `file:/path`: a secret is never written in the file itself. */
const secretRef = z
  .string()
  .regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'env:VARIABLE or file:/path (never the secret itself)');
const attr = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'an attribute name');
const claim = z.string().regex(/^[A-Za-z_][A-Za-z0-9_:.-]{0,63}$/, 'a claim name');

/** http:// only where nothing crosses a network (a provider on the same host, the tests' provider). */
const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(host);
const issuer = z
  .string()
  .url()
  .refine((u) => {
    const url = new URL(u);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  }, 'https:// (http:// only on a loopback address)');

const oidc = z
  .object({
    kind: z.literal('oidc'),
    id,
    name,
    issuer,
    clientId: z.string().min(1).max(256),
    clientSecret: secretRef.optional(),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).default(['openid', 'profile', 'email']),
    claims: z
      .object({
        username: claim.default('preferred_username'),
        displayName: claim.default('name'),
        email: claim.default('email'),
        groups: claim.default('groups'),
      })
      .strict()
      .default({ username: 'preferred_username', displayName: 'name', email: 'email', groups: 'groups' }),
    roles,
  })
  .strict()
  .refine((p) => p.scopes.includes('openid'), { message: 'scopes must include "openid"', path: ['scopes'] });

const ldapUrl = z.string().regex(/^ldaps?:\/\/[^/\s]+\/?$/, 'ldap://host:port or ldaps://host:port');
const ldap = z
  .object({
    kind: z.literal('ldap'),
    id,
    name,
    url: ldapUrl,
    startTls: z.boolean().default(false),
    ca: z
      .string()
      .regex(/^file:.+$/, 'file:/path/to/ca.pem')
      .optional(),
    userDn: z.string().includes('{username}', { message: 'must contain {username}' }).optional(),
    search: z
      .object({
        base: z.string().min(1),
        filter: z.string().includes('{username}', { message: 'must contain {username}' }),
        bindDn: z.string().min(1).optional(),
        bindPassword: secretRef.optional(),
      })
      .strict()
      .optional(),
    attributes: z
      .object({
        id: attr.default('entryUUID'),
        username: attr.default('uid'),
        displayName: attr.default('cn'),
        email: attr.default('mail'),
        memberOf: attr.default('memberOf'),
      })
      .strict()
      .default({ id: 'entryUUID', username: 'uid', displayName: 'cn', email: 'mail', memberOf: 'memberOf' }),
    groups: z
      .object({
        base: z.string().min(1),
        filter: z.string().includes('{dn}', { message: 'must contain {dn}' }),
        attribute: attr.default('cn'),
      })
      .strict()
      .optional(),
    roles,
    timeoutMs: z.number().int().min(500).max(60_000).default(5_000),
  })
  .strict()
  .refine((p) => Boolean(p.userDn) !== Boolean(p.search), {
    message: 'either userDn (direct bind) or search (search then bind), not both',
    path: ['userDn'],
  })
  .refine((p) => !p.startTls || p.url.startsWith('ldap://'), {
    message: 'startTls goes with ldap:// (ldaps:// is TLS already)',
    path: ['startTls'],
  })
  .refine((p) => !p.search?.bindDn === !p.search?.bindPassword, {
    message: 'bindDn and bindPassword go together',
    path: ['search'],
  });

/** A CAS or SAML attribute name: an LDAP-like name, or a URN/OID (`urn:oid:0.9.2342.19200300.100.1.1`). */
const samlAttr = z.string().regex(/^[A-Za-z_][A-Za-z0-9_:./-]{0,255}$/, 'an attribute name');
const timeoutMs = z.number().int().min(500).max(60_000).default(5_000);

/** Which attribute holds each field of a CAS or SAML person (the defaults are LDAP's names). */
const PERSON_ATTRIBUTES = { username: 'uid', displayName: 'cn', email: 'mail', groups: 'groups' };
const personAttributes = z.object({
  username: samlAttr.default(PERSON_ATTRIBUTES.username),
  displayName: samlAttr.default(PERSON_ATTRIBUTES.displayName),
  email: samlAttr.default(PERSON_ATTRIBUTES.email),
  groups: samlAttr.default(PERSON_ATTRIBUTES.groups),
});

const cas = z
  .object({
    kind: z.literal('cas'),
    id,
    name,
    url: issuer,
    attributes: personAttributes.extend({ id: samlAttr.optional() }).strict().default(PERSON_ATTRIBUTES),
    roles,
    timeoutMs,
  })
  .strict();

const saml = z
  .object({
    kind: z.literal('saml'),
    id,
    name,
    metadata: z.union([issuer, z.string().regex(/^file:.+$/)], {
      error: 'https:// URL of the IdP metadata (http:// only on a loopback address) or file:/path',
    }),
    metadataRefreshMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(60),
    entityId: z.string().min(1).max(1024).optional(),
    subject: z.union([z.literal('nameId'), samlAttr]).default('nameId'),
    attributes: personAttributes.strict().default(PERSON_ATTRIBUTES),
    roles,
    timeoutMs,
  })
  .strict();

const file = z
  .object({ providers: z.array(z.discriminatedUnion('kind', [oidc, ldap, cas, saml])).max(20) })
  .strict()
  .refine((f) => new Set(f.providers.map((p) => p.id)).size === f.providers.length, {
    message: 'two providers have the same id',
    path: ['providers'],
  });

/** Reads `env:NAME` or `file:/path` (relative to the providers file); undefined and a problem when missing. */
function resolveSecret(ref: string, env: NodeJS.ProcessEnv, dir: string, problems: string[], where: string) {
  if (ref.startsWith('env:')) {
    const value = env[ref.slice(4)];
    if (!value) problems.push(`${where}: the variable ${ref.slice(4)} is not set`);
    return value || undefined;
  }
  const target = path.resolve(dir, ref.slice(5));
  try {
    return fs.readFileSync(target, 'utf8').trim();
  } catch (err) {
    problems.push(`${where}: cannot read ${target} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}

const bothLangs = (n: string | ProviderName): ProviderName => (typeof n === 'string' ? { fr: n, en: n } : n);

/**
 * The providers of ATELIER_SSO_FILE, secrets resolved. Problems are pushed to `problems` (each line names the
 * file and the field; never a secret's value), and the providers are then [].
 */
export function loadSsoProviders(
  fileName: string | undefined,
  env: NodeJS.ProcessEnv,
  problems: string[],
): SsoProviderConfig[] {
  if (!fileName) return [];
  const where = `ATELIER_SSO_FILE (${fileName})`;
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(fileName, 'utf8'));
  } catch (err) {
    problems.push(`${where}: ${(err as Error).message.split('\n')[0]}`);
    return [];
  }
  const parsed = file.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`${where} ${i.path.join('.')}: ${i.message}`);
    return [];
  }
  const dir = path.dirname(path.resolve(fileName));
  const before = problems.length;
  const providers = parsed.data.providers.map((p, n): SsoProviderConfig => {
    const at = (field: string) => `${where} providers.${n}.${field}`;
    if (p.kind === 'oidc') {
      const clientSecret =
        p.clientSecret && resolveSecret(p.clientSecret, env, dir, problems, at('clientSecret'));
      return { ...p, name: bothLangs(p.name), clientSecret };
    }
    if (p.kind === 'cas') return { ...p, name: bothLangs(p.name) };
    if (p.kind === 'saml') {
      // A metadata file relative to the providers file, like a secret's.
      const metadata = p.metadata.startsWith('file:')
        ? `file:${path.resolve(dir, p.metadata.slice(5))}`
        : p.metadata;
      return { ...p, name: bothLangs(p.name), metadata };
    }
    const ca = p.ca && resolveSecret(p.ca, env, dir, problems, at('ca'));
    const search = p.search && {
      ...p.search,
      bindPassword:
        p.search.bindPassword &&
        resolveSecret(p.search.bindPassword, env, dir, problems, at('search.bindPassword')),
    };
    return { ...p, name: bothLangs(p.name), ca, search };
  });
  return problems.length > before ? [] : providers;
}
