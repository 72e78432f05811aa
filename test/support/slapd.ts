// A private OpenLDAP server for one test file: its own temp dir, config, certificates and ports, seeded from
// test/fixtures/ldap/seed.ldif. Needs Debian's slapd and ldap-utils (`bash scripts/ensure-slapd.sh`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);

export const LDAP_BASE_DN = 'dc=atelier,dc=test';
export const LDAP_SERVICE_DN = `cn=atelier,${LDAP_BASE_DN}`;
export const LDAP_PEOPLE_DN = `ou=people,${LDAP_BASE_DN}`;
export const LDAP_GROUPS_DN = `ou=groups,${LDAP_BASE_DN}`;
/** The seed's passwords (its comments list them too). */
export const LDAP_PASSWORDS = {
  alice: 'alice-mdp-2026',
  tom: 'tom-mdp-2026',
  ada: 'ada-mdp-2026',
  bob: 'bob-mdp-2026',
  twin: 'twin-mdp-2026',
  service: 'service-mdp-2026',
} as const;
/** bob's cn and displayName. */
export const BOB_DISPLAY_NAME = 'Bérénice Dupont';

export interface TestSlapd {
  /** `ldap://127.0.0.1:<port>` (StartTLS offered). */
  url: string;
  /** `ldaps://127.0.0.1:<port>`. */
  ldapsUrl: string;
  /** PEM of the CA that signed the server's certificate (for 127.0.0.1). */
  caFile: string;
  /** PEM of another CA, which did not sign it: a TLS connection trusting only it must fail. */
  otherCaFile: string;
  baseDn: string;
  serviceDn: string;
  servicePassword: string;
  /** The database's root (may write anything). */
  rootDn: string;
  rootPassword: string;
  close(): Promise<void>;
}

const SBIN = '/usr/sbin';
const slapdBin = process.env.SLAPD_PATH ?? `${SBIN}/slapd`;
const modulePath = process.env.SLAPD_MODULE_PATH ?? '/usr/lib/ldap';
const schemaDir = process.env.SLAPD_SCHEMA_DIR ?? '/etc/ldap/schema';
const seedFile = path.resolve(import.meta.dirname, '../fixtures/ldap/seed.ldif');

/** A CA, a server certificate it signs for 127.0.0.1, and an unrelated CA. EC keys: made in milliseconds. */
async function makeCertificates(dir: string) {
  const cnf = path.join(dir, 'openssl.cnf');
  fs.writeFileSync(
    cnf,
    [
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '[server]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      // The IP only: a client that checked the name "localhost" instead would fail.
      'subjectAltName = IP:127.0.0.1',
      '',
    ].join('\n'),
  );
  const f = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const ca = (name: string, cn: string) =>
    run('openssl', [
      'req', '-x509', ...ec, '-config', cnf, '-extensions', 'ca', '-days', '2', '-subj', `/CN=${cn}`,
      '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`),
    ]); // prettier-ignore
  await Promise.all([ca('ca', 'Atelier test CA'), ca('other-ca', 'Some other CA')]);
  await run('openssl', [
    'req', '-new', ...ec, '-config', cnf, '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr'),
  ]); // prettier-ignore
  await run('openssl', [
    'x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', cnf, '-extensions', 'server', '-out', f('server.pem'),
  ]); // prettier-ignore
}

function configLdif(dir: string, rootPassword: string): string {
  const svc = `dn.exact="${LDAP_SERVICE_DN}"`;
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${dir}/slapd.pid
olcLogLevel: 0
olcTLSCACertificateFile: ${dir}/ca.pem
olcTLSCertificateFile: ${dir}/server.pem
olcTLSCertificateKeyFile: ${dir}/server.key

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: ${modulePath}
olcModuleLoad: back_mdb
olcModuleLoad: memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file://${schemaDir}/core.ldif

include: file://${schemaDir}/cosine.ldif

include: file://${schemaDir}/inetorgperson.ldif

include: file://${schemaDir}/nis.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${LDAP_BASE_DN}
olcRootDN: cn=admin,${LDAP_BASE_DN}
olcRootPW: ${rootPassword}
olcDbDirectory: ${dir}/db
olcDbMaxSize: 16777216
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcDbIndex: member eq
olcAccess: {0}to attrs=userPassword by anonymous auth by * none
olcAccess: {1}to dn.subtree="ou=people,${LDAP_BASE_DN}" by ${svc} read by self read by * none
olcAccess: {2}to dn.subtree="ou=staff,${LDAP_BASE_DN}" by ${svc} read by self read by * none
olcAccess: {3}to dn.subtree="ou=groups,${LDAP_BASE_DN}" by ${svc} read by users read by * none
olcAccess: {4}to * by ${svc} search by * none

dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfRefInt: TRUE
`;
}

/** The seed's entries: groups are added online (the memberof overlay fills memberOf then), the rest offline. */
function splitSeed(): { offline: string; groups: string } {
  const entries = fs
    .readFileSync(seedFile, 'utf8')
    .split(/\n\s*\n/)
    .map((e) => e.trim())
    .filter((e) => e.split('\n').some((line) => line.startsWith('dn:')));
  const isGroup = (e: string) => /^objectClass:\s*groupOfNames\s*$/im.test(e);
  return {
    offline: entries.filter((e) => !isGroup(e)).join('\n\n') + '\n',
    groups: entries.filter(isGroup).join('\n\n') + '\n',
  };
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`slapd exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`slapd did not listen on ${port}: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts a seeded slapd on two free loopback ports (ldap:// with StartTLS, ldaps://). */
export async function startSlapd(): Promise<TestSlapd> {
  if (!fs.existsSync(slapdBin) || !fs.existsSync(`${SBIN}/slapadd`)) {
    throw new Error(`slapd not found at ${slapdBin}: run \`bash scripts/ensure-slapd.sh\``);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-slapd-'));
  const conf = path.join(dir, 'slapd.d');
  fs.mkdirSync(conf);
  fs.mkdirSync(path.join(dir, 'db'));
  const rootPassword = randomBytes(12).toString('hex');
  const rootDn = `cn=admin,${LDAP_BASE_DN}`;
  let child: ChildProcess | undefined;
  try {
    await makeCertificates(dir);
    fs.writeFileSync(path.join(dir, 'config.ldif'), configLdif(dir, rootPassword));
    const seed = splitSeed();
    fs.writeFileSync(path.join(dir, 'seed.ldif'), seed.offline);
    fs.writeFileSync(path.join(dir, 'groups.ldif'), seed.groups);
    await run(`${SBIN}/slapadd`, ['-n0', '-F', conf, '-l', path.join(dir, 'config.ldif')]);
    await run(`${SBIN}/slapadd`, ['-q', '-n1', '-F', conf, '-l', path.join(dir, 'seed.ldif')]);

    const [port, tlsPort] = [await freePort(), await freePort()];
    const url = `ldap://127.0.0.1:${port}`;
    const ldapsUrl = `ldaps://127.0.0.1:${tlsPort}`;
    // -d 0: in the foreground, so the child is slapd itself and close() can stop it.
    child = spawn(slapdBin, ['-F', conf, '-h', `${url}/ ${ldapsUrl}/`, '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (d: Buffer) => (errors = (errors + d.toString()).slice(-4000)));
    await waitForPort(port, child, () => errors);
    await run('ldapadd', [
      '-x',
      '-H',
      url,
      '-D',
      rootDn,
      '-w',
      rootPassword,
      '-f',
      path.join(dir, 'groups.ldif'),
    ]);

    const proc = child;
    return {
      url,
      ldapsUrl,
      caFile: path.join(dir, 'ca.pem'),
      otherCaFile: path.join(dir, 'other-ca.pem'),
      baseDn: LDAP_BASE_DN,
      serviceDn: LDAP_SERVICE_DN,
      servicePassword: LDAP_PASSWORDS.service,
      rootDn,
      rootPassword,
      close: async () => {
        await stop(proc);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child) await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
