// Directory login against a real OpenLDAP (a private slapd per file): binds, TLS, groups, injections refused
// before any query, a directory down; then through the server's POST /api/auth/login (FakeRuntime, no Docker).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapDirectory } from '../../server/auth/sso/ldap-directory.js';
import type { LdapProviderConfig } from '../../server/auth/sso/sso-types.js';
import { AppError } from '../../server/errors/app-error.js';
import { openDatabase, type Db } from '../../server/store/database.js';
import { userWithRole, PASSWORD } from '../support/classes-support.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../support/server.js';
import {
  BOB_DISPLAY_NAME,
  LDAP_GROUPS_DN,
  LDAP_PASSWORDS as PW,
  LDAP_PEOPLE_DN,
  startSlapd,
  type TestSlapd,
} from '../support/slapd.js';
import { freePort } from '../support/ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INJECTIONS = [
  '*)(uid=*',
  'alice)(|(uid=*',
  '*',
  'alice*',
  'uid=alice,ou=people',
  'alice\0',
  ' alice',
  '',
];

let slapd: TestSlapd;
let ca: string;
let deadUrl: string;

function provider(over: Partial<LdapProviderConfig> = {}): LdapProviderConfig {
  return {
    kind: 'ldap',
    id: 'annuaire',
    name: { fr: 'Annuaire', en: 'Directory' },
    url: slapd.url,
    startTls: false,
    userDn: `uid={username},${LDAP_PEOPLE_DN}`,
    attributes: { id: 'entryUUID', username: 'uid', displayName: 'cn', email: 'mail', memberOf: 'memberOf' },
    timeoutMs: 3_000,
    ...over,
  };
}

const searching = (over: Partial<LdapProviderConfig> = {}) =>
  provider({
    userDn: undefined,
    search: {
      base: slapd.baseDn,
      filter: '(&(objectClass=inetOrgPerson)(uid={username}))',
      bindDn: slapd.serviceDn,
      bindPassword: slapd.servicePassword,
    },
    ...over,
  });

async function reason(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.reason;
    throw err;
  }
}

beforeAll(async () => {
  const t0 = Date.now();
  slapd = await startSlapd();
  console.log(`[slapd] started in ${Date.now() - t0} ms`);
  ca = fs.readFileSync(slapd.caFile, 'utf8');
  deadUrl = `ldap://127.0.0.1:${await freePort()}`;
});
afterAll(async () => slapd?.close());

describe('LdapDirectory against slapd', () => {
  it('direct bind: reads the entry, its entryUUID and its groups (memberOf)', async () => {
    const alice = await new LdapDirectory(provider()).authenticate('alice', PW.alice);
    expect(alice).toEqual({
      providerId: 'annuaire',
      subject: expect.stringMatching(UUID),
      username: 'alice',
      displayName: 'Alice Martin',
      email: 'alice@atelier.test',
      groups: ['promo-2026'],
    });
    const dir = new LdapDirectory(provider());
    expect((await dir.authenticate('tom', PW.tom)).groups).toEqual(['formateurs']);
    expect((await dir.authenticate('ada', PW.ada)).groups).toEqual(['atelier-admins']);
    // The same person twice: the same subject.
    expect((await dir.authenticate('alice', PW.alice)).subject).toBe(alice.subject);
  });

  it('keeps accents in the display name', async () => {
    const bob = await new LdapDirectory(provider()).authenticate('bob', PW.bob);
    expect(bob.displayName).toBe(BOB_DISPLAY_NAME);
    const viaDisplayName = provider({ attributes: { ...provider().attributes, displayName: 'displayName' } });
    expect((await new LdapDirectory(viaDisplayName).authenticate('bob', PW.bob)).displayName).toBe(
      BOB_DISPLAY_NAME,
    );
  });

  it('search then bind: the service account finds the entry, exactly one', async () => {
    const direct = await new LdapDirectory(provider()).authenticate('tom', PW.tom);
    const dir = new LdapDirectory(searching());
    expect(await dir.authenticate('tom', PW.tom)).toEqual(direct);
    expect(await reason(dir.authenticate('tom', PW.alice))).toBe('bad-credentials');
    expect(await reason(dir.authenticate('nobody', PW.alice))).toBe('bad-credentials');
    // Two entries with uid=twin (ou=people, ou=staff): ambiguous, refused even with the right password.
    expect(await reason(dir.authenticate('twin', PW.twin))).toBe('bad-credentials');
    const peopleOnly = searching({
      search: { ...searching().search!, base: LDAP_PEOPLE_DN },
    });
    expect((await new LdapDirectory(peopleOnly).authenticate('twin', PW.twin)).displayName).toBe('Twin One');
  });

  it('a service account refused by the directory is a configuration fault, not a wrong password', async () => {
    const dir = new LdapDirectory(searching({ search: { ...searching().search!, bindPassword: 'wrong' } }));
    expect(await reason(dir.authenticate('tom', PW.tom))).toBe('sso-unavailable');
  });

  it('groups by search when the directory gives no memberOf', async () => {
    const byGroups = {
      attributes: { ...provider().attributes, memberOf: 'description' },
      groups: { base: LDAP_GROUPS_DN, filter: '(&(objectClass=groupOfNames)(member={dn}))', attribute: 'cn' },
    };
    expect((await new LdapDirectory(provider(byGroups)).authenticate('tom', PW.tom)).groups).toEqual([
      'formateurs',
    ]);
    expect((await new LdapDirectory(searching(byGroups)).authenticate('ada', PW.ada)).groups).toEqual([
      'atelier-admins',
    ]);
    const bob = await new LdapDirectory(searching(byGroups)).authenticate('bob', PW.bob);
    expect(bob.groups).toEqual(['promo-2026']);
  });

  it('StartTLS and ldaps:// with the CA; another CA is refused as unavailable', async () => {
    const startTls = new LdapDirectory(provider({ startTls: true, ca }));
    expect((await startTls.authenticate('tom', PW.tom)).groups).toEqual(['formateurs']);
    const ldaps = new LdapDirectory(searching({ url: slapd.ldapsUrl, ca }));
    expect((await ldaps.authenticate('alice', PW.alice)).username).toBe('alice');

    const other = fs.readFileSync(slapd.otherCaFile, 'utf8');
    expect(
      await reason(new LdapDirectory(provider({ startTls: true, ca: other })).authenticate('tom', PW.tom)),
    ).toBe('sso-unavailable');
    expect(
      await reason(
        new LdapDirectory(provider({ url: slapd.ldapsUrl, ca: other })).authenticate('tom', PW.tom),
      ),
    ).toBe('sso-unavailable');
    // No CA: the system's, which do not know the test CA.
    expect(
      await reason(new LdapDirectory(provider({ url: slapd.ldapsUrl })).authenticate('tom', PW.tom)),
    ).toBe('sso-unavailable');
  });

  it('wrong password, unknown user, empty password: bad-credentials', async () => {
    const dir = new LdapDirectory(provider());
    expect(await reason(dir.authenticate('alice', PW.tom))).toBe('bad-credentials');
    expect(await reason(dir.authenticate('nobody', PW.tom))).toBe('bad-credentials');
    expect(await reason(dir.authenticate('alice', ''))).toBe('bad-credentials');
    // Refused before the server is asked: the same answer with the directory down.
    expect(await reason(new LdapDirectory(provider({ url: deadUrl })).authenticate('alice', ''))).toBe(
      'bad-credentials',
    );
  });

  it('refuses injections before any query, even with a right password', async () => {
    for (const config of [provider(), searching(), provider({ url: deadUrl }), searching({ url: deadUrl })]) {
      const dir = new LdapDirectory(config);
      for (const name of INJECTIONS)
        expect(await reason(dir.authenticate(name, PW.alice)), name).toBe('bad-credentials');
    }
    expect(await reason(new LdapDirectory(provider()).authenticate('a'.repeat(65), PW.alice))).toBe(
      'bad-credentials',
    );
    // Letters of any script pass, an accent typed as a combining mark too (NFC): the down directory is asked.
    const down = new LdapDirectory(provider({ url: deadUrl }));
    for (const name of ['élodie', 'e\u0301lodie', 'jean.dupont@univ-x.fr', 'Ελένη']) {
      expect(await reason(down.authenticate(name, PW.alice)), name).toBe('sso-unavailable');
    }
  });

  it('a directory down or silent: sso-unavailable within the timeout', async () => {
    expect(await reason(new LdapDirectory(provider({ url: deadUrl })).authenticate('alice', PW.alice))).toBe(
      'sso-unavailable',
    );
    // Accepts the connection and never answers.
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `ldap://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      for (const config of [
        provider({ url, timeoutMs: 500 }),
        provider({ url, timeoutMs: 500, startTls: true, ca }),
      ]) {
        // A silent server can only end in sso-unavailable through the timeout.
        expect(await reason(new LdapDirectory(config).authenticate('alice', PW.alice))).toBe(
          'sso-unavailable',
        );
      }
    } finally {
      held.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    }
  });

  it('closes its connection after every login, failed or not', async () => {
    // A counting relay in front of slapd.
    let open = 0;
    let total = 0;
    const target = new URL(slapd.url);
    const relay = net.createServer((client) => {
      open++;
      total++;
      const upstream = net.connect(Number(target.port), '127.0.0.1');
      client.pipe(upstream).pipe(client);
      const done = () => {
        client.destroy();
        upstream.destroy();
      };
      client.once('close', () => {
        open--;
        done();
      });
      client.on('error', done);
      upstream.on('error', done);
      upstream.once('close', done);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const url = `ldap://127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
    try {
      await new LdapDirectory(provider({ url })).authenticate('tom', PW.tom);
      await reason(new LdapDirectory(provider({ url })).authenticate('tom', 'wrong'));
      await reason(new LdapDirectory(searching({ url })).authenticate('nobody', 'wrong'));
      await reason(new LdapDirectory(searching({ url, startTls: true, ca })).authenticate('ada', PW.ada));
      for (let i = 0; i < 100 && open > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(total).toBe(4);
      expect(open).toBe(0);
    } finally {
      await new Promise((r) => relay.close(r));
    }
  });
});

describe('POST /api/auth/login with a directory provider', () => {
  let server: AnyTestServer<FakeRuntime>;
  let db: Db;
  let dir: string;
  const count = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sso-ldap-'));
    const file = path.join(dir, 'sso.yaml');
    fs.writeFileSync(path.join(dir, 'ca.pem'), ca);
    fs.writeFileSync(
      file,
      `providers:
  - id: annuaire
    kind: ldap
    name: { fr: "Annuaire de l'école", en: School directory }
    url: ${slapd.url}
    startTls: true
    ca: file:ca.pem
    search:
      base: "${LDAP_PEOPLE_DN}"
      filter: "(uid={username})"
      bindDn: "${slapd.serviceDn}"
      bindPassword: env:LDAP_TEST_PW
    roles: { trainer: [formateurs], admin: [atelier-admins] }
    timeoutMs: 2000
  - id: annuaire-hs
    kind: ldap
    name: Annuaire en panne
    url: ${deadUrl}
    userDn: "uid={username},${LDAP_PEOPLE_DN}"
    timeoutMs: 1000
`,
    );
    server = await startTestServer({
      runtime: new FakeRuntime(),
      env: { ATELIER_SSO_FILE: file, LDAP_TEST_PW: slapd.servicePassword },
    });
    db = openDatabase(path.join(server.dataDir, 'atelier.db'));
  });
  afterAll(async () => {
    db?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the providers in /api/config', async () => {
    const config = (await httpClient(server.url).get('/api/config')).body;
    expect(config.sso.providers).toEqual(
      expect.arrayContaining([
        { id: 'annuaire', kind: 'ldap', name: { fr: "Annuaire de l'école", en: 'School directory' } },
      ]),
    );
  });

  it('creates the account at the first login, with the display name and a role from the groups', async () => {
    const bob = httpClient(server.url);
    const res = await bob.post('/api/auth/login', {
      username: 'bob',
      password: PW.bob,
      provider: 'annuaire',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'bob', role: 'learner', displayName: BOB_DISPLAY_NAME });
    expect((await bob.get('/api/me')).body.username).toBe('bob');

    const tom = httpClient(server.url);
    const t = await tom.post('/api/auth/login', { username: 'tom', password: PW.tom, provider: 'annuaire' });
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ username: 'tom', role: 'trainer', displayName: 'Tom Leroy' });

    const ada = await httpClient(server.url).post('/api/auth/login', {
      username: 'ada',
      password: PW.ada,
      provider: 'annuaire',
    });
    expect(ada.body.role).toBe('admin');

    // A second login finds the same account.
    const again = await httpClient(server.url).post('/api/auth/login', {
      username: 'tom',
      password: PW.tom,
      provider: 'annuaire',
    });
    expect(again.body.id).toBe(t.body.id);
    expect(count('user_identities')).toBe(3);
  });

  it('wrong password, unknown user, injections: 401 and nothing created', async () => {
    const users = count('users');
    const identities = count('user_identities');
    const http = httpClient(server.url);
    for (const [username, password] of [
      ['alice', 'pas le bon'],
      ['nobody', PW.alice],
      ['*)(uid=*', PW.alice],
      ['alice)(|(uid=*', PW.alice],
      ['*', PW.alice],
    ]) {
      const res = await http.post('/api/auth/login', { username, password, provider: 'annuaire' });
      expect(res.status, username).toBe(401);
      expect(res.body.error.reason, username).toBe('bad-credentials');
    }
    expect(count('users')).toBe(users);
    expect(count('user_identities')).toBe(identities);
    expect(http.cookie).toBe('');
  });

  it('an unknown provider is 404', async () => {
    const res = await httpClient(server.url).post('/api/auth/login', {
      username: 'alice',
      password: PW.alice,
      provider: 'nope',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.reason).toBe('unknown-provider');
  });

  it('a directory down is 503 sso-unavailable, and a local login still works', async () => {
    const users = count('users');
    const res = await httpClient(server.url).post('/api/auth/login', {
      username: 'alice',
      password: PW.alice,
      provider: 'annuaire-hs',
    });
    expect(res.status).toBe(503);
    expect(res.body.error.reason).toBe('sso-unavailable');
    expect(count('users')).toBe(users);

    const { client } = await userWithRole(server, 'locale', 'learner');
    expect((await client.get('/api/me')).body.username).toBe('locale');
    const local = await httpClient(server.url).post('/api/auth/login', {
      username: 'locale',
      password: PASSWORD,
      provider: 'local',
    });
    expect(local.status).toBe(200);
  });
});
