// Login against an LDAP directory (OpenLDAP, Active Directory…): bind as the person, read their entry and groups.
// The username is checked and escaped before it reaches a DN or a filter: an injection never becomes a query.
import { isIP } from 'node:net';
import {
  Client,
  Filter,
  InvalidCredentialsError,
  type ClientOptions,
  type Entry,
  type SearchOptions,
} from 'ldapts';
import { AppError } from '../../errors/app-error.js';
import type { ExternalIdentity, LdapClient, LdapProviderConfig } from './sso-types.js';

/** Letters and digits of any script, and `._@-`: what directories use as logins, nothing a DN or filter needs. */
const USERNAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** RFC 4514: a value inside a DN (`uid=<value>,ou=…`), so that it stays one attribute value. */
export function escapeDnValue(value: string): string {
  let out = '';
  for (const [i, ch] of [...value].entries()) {
    if (ch === '\0') out += '\\00';
    else if ('"+,;<>\\='.includes(ch)) out += `\\${ch}`;
    else if ((ch === ' ' || ch === '#') && i === 0) out += `\\${ch}`;
    else out += ch;
  }
  // A trailing space would be dropped by the server.
  return out.endsWith(' ') && !out.endsWith('\\ ') ? `${out.slice(0, -1)}\\ ` : out;
}

/** RFC 4515: a value inside a filter (`(uid=<value>)`): `*`, `(`, `)`, `\` and NUL become `\2a`… */
export function escapeFilterValue(value: string): string {
  return Filter.escape(value);
}

/** The first RDN's value of a DN: `cn=formateurs,ou=groups,dc=x` → `formateurs` (escapes undone). */
export function firstRdnValue(dn: string): string | undefined {
  const eq = dn.indexOf('=');
  if (eq < 0) return undefined;
  const bytes: number[] = [];
  const text = dn.slice(eq + 1);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ',' || ch === '+') break;
    if (ch === '\\') {
      const hex = text.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else if (i + 1 < text.length) {
        bytes.push(...Buffer.from(text[++i]!));
      }
      continue;
    }
    bytes.push(...Buffer.from(ch));
  }
  const value = Buffer.from(bytes).toString('utf8').trim();
  return value || undefined;
}

const unavailable = (cause?: unknown) =>
  new AppError('sso-unavailable', 'L’annuaire ne répond pas.', undefined, { cause });
const badCredentials = () => new AppError('bad-credentials', 'Nom d’utilisateur ou mot de passe incorrect.');

/** An attribute's values as strings (ldapts gives a string, a string list, or buffers). */
function values(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? [] : entry[key];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
}

/** A stable id as text: a printable value as is (entryUUID), a binary one in hex (objectGUID). */
function idText(entry: Entry, attribute: string): string | undefined {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? undefined : entry[key];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  const buf = Buffer.isBuffer(first) ? first : Buffer.from(first);
  if (buf.length === 0) return undefined;
  return buf.every((b) => b >= 0x20 && b < 0x7f) ? buf.toString('latin1') : buf.toString('hex');
}

export class LdapDirectory implements LdapClient {
  constructor(readonly config: LdapProviderConfig) {}

  async authenticate(typed: string, password: string): Promise<ExternalIdentity> {
    // NFC first: an accent typed as a combining mark is still a letter.
    const username = typed.normalize('NFC');
    // An empty password is an anonymous bind, which succeeds: refused before the server is asked.
    if (!password || !USERNAME.test(username)) throw badCredentials();
    const client = this.client();
    try {
      return await this.login(client, username, password);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unavailable(err);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private client(): Client {
    const { url, timeoutMs } = this.config;
    const options: ClientOptions = { url, timeout: timeoutMs, connectTimeout: timeoutMs, strictDN: true };
    if (url.startsWith('ldaps:')) options.tlsOptions = this.tlsOptions();
    return new Client(options);
  }

  private tlsOptions() {
    // The host checked against the certificate (StartTLS upgrades a socket: Node would check "localhost").
    const host = new URL(this.config.url).hostname.replace(/^\[|\]$/g, '');
    const servername = isIP(host) ? undefined : host;
    return {
      host,
      servername,
      ca: this.config.ca ? [this.config.ca] : undefined,
      minVersion: 'TLSv1.2' as const,
    };
  }

  private async login(client: Client, username: string, password: string): Promise<ExternalIdentity> {
    const { startTls, userDn, search } = this.config;
    if (startTls) await this.within(client.startTLS(this.tlsOptions()));

    if (search) {
      if (search.bindDn) await client.bind(search.bindDn, search.bindPassword ?? '');
      const filter = search.filter.replaceAll('{username}', escapeFilterValue(username));
      const found = await client.search(search.base, { scope: 'sub', filter, ...this.readOptions() });
      // None: unknown user; several: ambiguous. Both are refused like a wrong password.
      if (found.searchEntries.length !== 1) throw badCredentials();
      const entry = found.searchEntries[0]!;
      // The groups are searched as the service account, before it gives way to the person.
      const groups = await this.searchGroups(client, entry.dn);
      await this.bindUser(client, entry.dn, password);
      return this.identity(entry, username, groups);
    }
    const dn = userDn!.replaceAll('{username}', escapeDnValue(username));
    await this.bindUser(client, dn, password);
    const own = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', ...this.readOptions() });
    const entry: Entry = own.searchEntries[0] ?? { dn };
    return this.identity(entry, username, await this.searchGroups(client, entry.dn));
  }

  /** The TLS handshake of StartTLS has no timeout of its own in ldapts. */
  private async within<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('StartTLS timed out')), this.config.timeoutMs);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async bindUser(client: Client, dn: string, password: string) {
    try {
      await client.bind(dn, password);
    } catch (err) {
      if (err instanceof InvalidCredentialsError) throw badCredentials();
      throw err;
    }
  }

  private readOptions(): Pick<SearchOptions, 'attributes' | 'explicitBufferAttributes'> {
    const a = this.config.attributes;
    // The id is often operational (entryUUID): only returned when asked by name.
    return {
      attributes: [a.id, a.username, a.displayName, a.email, a.memberOf],
      explicitBufferAttributes: [a.id],
    };
  }

  private async searchGroups(client: Client, dn: string): Promise<string[]> {
    const groups = this.config.groups;
    if (!groups) return [];
    const filter = groups.filter.replaceAll('{dn}', escapeFilterValue(dn));
    const found = await client.search(groups.base, { scope: 'sub', filter, attributes: [groups.attribute] });
    return found.searchEntries.flatMap((g) => values(g, groups.attribute).slice(0, 1));
  }

  private identity(entry: Entry, typed: string, searched: string[]): ExternalIdentity {
    const a = this.config.attributes;
    const fromMemberOf = values(entry, a.memberOf).flatMap((dn) => firstRdnValue(dn) ?? []);
    const first = (name: string) => values(entry, name)[0]?.trim() || undefined;
    return {
      providerId: this.config.id,
      subject: idText(entry, a.id) ?? entry.dn,
      username: first(a.username) ?? typed,
      displayName: first(a.displayName),
      email: first(a.email),
      groups: [...new Set([...fromMemberOf, ...searched])],
    };
  }
}
