// A private LemonLDAP::NG portal for one test file: CAS server and SAML identity provider, its Demo users
// and groups (dwho in "timelords"; rtyler and msmith in "earthlings"; everyone in "users"; each password
// is the login), served by plackup from a temp dir on a free loopback port.
// Needs Debian's LemonLDAP::NG, Lasso and Plack (`bash scripts/ensure-lemonldap.sh`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);
const psgi = path.resolve(import.meta.dirname, '../fixtures/lemonldap/portal.psgi');
const templates = '/usr/share/lemonldap-ng/portal/templates';

/** The Demo backend's people: login = password. */
export const LLNG_USERS = {
  dwho: { password: 'dwho', cn: 'Doctor Who', groups: ['timelords', 'users'] },
  rtyler: { password: 'rtyler', cn: 'Rose Tyler', groups: ['earthlings', 'users'] },
  msmith: { password: 'msmith', cn: 'Mickey Smith', groups: ['earthlings', 'users'] },
} as const;

export interface LemonldapOptions {
  /** The port to listen on (chosen before the platform starts, which must know the portal's URL). */
  port?: number;
  /** Our CAS service URL prefix, e.g. `http://127.0.0.1:1234/api/auth/sso/campus-cas/`. */
  casService?: string;
  /** Our SP metadata (GET /api/auth/sso/<id>/metadata). */
  samlSpMetadata?: string;
}

export interface TestLemonldap {
  /** `http://localhost:<port>`: another site than the platform's 127.0.0.1, as in real life. */
  url: string;
  port: number;
  /** The CAS server's base URL (`<url>/cas`). */
  casUrl: string;
  /** The IdP's metadata URL and entity id. */
  samlMetadataUrl: string;
  /** PEM of the IdP's signing certificate. */
  samlCert: string;
  close(): Promise<void>;
}

/** RSA: Lasso signs with RSA-SHA256. */
async function makeSigningKey(dir: string) {
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=LemonLDAP::NG test IdP',
    '-keyout', path.join(dir, 'idp.key'), '-out', path.join(dir, 'idp.pem'),
  ]); // prettier-ignore
  return {
    key: fs.readFileSync(path.join(dir, 'idp.key'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'idp.pem'), 'utf8'),
  };
}

const ATTR = (name: string) => `1;${name};urn:oasis:names:tc:SAML:2.0:attrname-format:basic`;

function lmConf(dir: string, url: string, o: LemonldapOptions, key: { key: string; cert: string }) {
  const sessions = (name: string) => ({
    Directory: path.join(dir, name),
    LockDirectory: path.join(dir, name, 'lock'),
    generateModule: 'Lemonldap::NG::Common::Apache::Session::Generate::SHA256',
  });
  for (const d of ['sessions', 'psessions', 'cas', 'saml'])
    fs.mkdirSync(path.join(dir, d, 'lock'), { recursive: true });
  return {
    cfgNum: 1,
    cfgAuthor: 'atelier tests',
    cfgDate: Math.floor(Date.now() / 1000),
    key: randomBytes(16).toString('hex'),
    portal: `${url}/`,
    domain: 'localhost',
    https: 0,
    securedCookie: 0,
    // SameSite=None without Secure is dropped by browsers; the tests run on http.
    sameSite: 'Lax',
    logLevel: 'warn',
    authentication: 'Demo',
    userDB: 'Same',
    passwordDB: 'Demo',
    registerDB: 'Null',
    captcha: 'Atelier::NoCaptcha',
    captcha_login_enabled: 0,
    captcha_mail_enabled: 0,
    captcha_register_enabled: 0,
    whatToTrace: 'uid',
    multiValuesSeparator: '; ',
    exportedVars: {},
    demoExportedVars: { uid: 'uid', cn: 'cn', mail: 'mail' },
    // A group list as one attribute (the Demo backend fills `groups`).
    macros: {},
    locationRules: { localhost: { default: 'accept' } },
    globalStorage: 'Apache::Session::File',
    globalStorageOptions: sessions('sessions'),
    persistentStorage: 'Apache::Session::File',
    persistentStorageOptions: sessions('psessions'),
    casStorage: 'Apache::Session::File',
    casStorageOptions: sessions('cas'),
    samlStorage: 'Apache::Session::File',
    samlStorageOptions: sessions('saml'),
    localSessionStorage: '',
    notification: 0,
    portalDisplayRegister: 0,
    portalCheckLogins: 0,
    loginHistoryEnabled: 0,
    requireToken: 0,
    checkXSS: 0,
    portalAntiFrame: 0,
    trustedDomains: '127.0.0.1 localhost',
    // CAS server.
    issuerDBCASActivation: 1,
    casAccessControlPolicy: 'error',
    casBackChannelSingleLogout: 1,
    casAppMetaDataOptions: o.casService
      ? { atelier: { casAppMetaDataOptionsService: o.casService, casAppMetaDataOptionsRule: '1' } }
      : {},
    casAppMetaDataExportedVars: o.casService
      ? { atelier: { cn: 'cn', mail: 'mail', groups: 'groups', uid: 'uid' } }
      : {},
    // SAML identity provider (Lasso).
    issuerDBSAMLActivation: 1,
    samlServicePrivateKeySig: key.key,
    samlServicePrivateKeySigPwd: '',
    samlServicePublicKeySig: key.cert,
    samlServiceUseCertificateInResponse: 1,
    samlOrganizationName: 'Atelier tests',
    samlOrganizationDisplayName: 'Atelier tests',
    samlOrganizationURL: url,
    samlSPMetaDataXML: o.samlSpMetadata ? { atelier: { samlSPMetaDataXML: o.samlSpMetadata } } : {},
    samlSPMetaDataExportedAttributes: o.samlSpMetadata
      ? { atelier: { uid: ATTR('uid'), cn: ATTR('cn'), mail: ATTR('mail'), groups: ATTR('groups') } }
      : {},
    samlSPMetaDataOptions: o.samlSpMetadata
      ? {
          atelier: {
            samlSPMetaDataOptionsNameIDFormat: 'persistent',
            samlSPMetaDataOptionsSignSSOMessage: 1,
            samlSPMetaDataOptionsSignSLOMessage: 1,
            // Our SP does not sign its AuthnRequests (docs/SECURITY.md): nothing in them is trusted.
            samlSPMetaDataOptionsCheckSSOMessageSignature: 0,
            samlSPMetaDataOptionsCheckSLOMessageSignature: 0,
            samlSPMetaDataOptionsEncryptionMode: 'none',
            samlSPMetaDataOptionsSignatureMethod: 'RSA_SHA256',
            samlSPMetaDataOptionsEnableIDPInitiatedURL: 0,
            samlSPMetaDataOptionsForceUTF8: 1,
            samlSPMetaDataOptionsOneTimeUse: 0,
            samlSPMetaDataOptionsNotOnOrAfterTimeout: 72000,
            samlSPMetaDataOptionsSessionNotOnOrAfterTimeout: 72000,
          },
        }
      : {},
  };
}

function ini(dir: string) {
  return `[all]
logLevel = warn
checkTime = 1
[configuration]
type = File
dirName = ${path.join(dir, 'conf')}
[portal]
staticPrefix = /static
templateDir = ${templates}
languages = fr, en
`;
}

async function waitForHttp(url: string, child: ChildProcess, stderr: () => string) {
  const deadline = Date.now() + 30_000;
  const port = Number(new URL(url).port);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the LemonLDAP::NG portal exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (/can't load conf/.test(stderr())) throw new Error(`the LemonLDAP::NG portal failed: ${stderr()}`);
    if (open) {
      const res = await fetch(`${url}/saml/metadata`).catch(() => undefined);
      if (res?.ok) return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the LemonLDAP::NG portal did not answer at ${url} within 30000 ms: ${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the portal (CAS server, SAML IdP) with our CAS service and SAML SP registered. */
export async function startLemonldap(o: LemonldapOptions = {}): Promise<TestLemonldap> {
  if (!fs.existsSync('/usr/bin/plackup') || !fs.existsSync(templates)) {
    throw new Error('LemonLDAP::NG or plackup not found: run `bash scripts/ensure-lemonldap.sh`');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-llng-'));
  let child: ChildProcess | undefined;
  try {
    const port = o.port ?? (await freePort());
    const url = `http://localhost:${port}`;
    const key = await makeSigningKey(dir);
    fs.mkdirSync(path.join(dir, 'conf'));
    fs.writeFileSync(
      path.join(dir, 'conf', 'lmConf-1.json'),
      JSON.stringify(lmConf(dir, url, o, key), null, 1),
    );
    fs.writeFileSync(path.join(dir, 'lemonldap-ng.ini'), ini(dir));
    child = spawn(
      '/usr/bin/plackup',
      [
        '-I',
        path.join(path.dirname(psgi), 'lib'),
        '-s',
        'HTTP::Server::PSGI',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        psgi,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          ...process.env,
          LLNG_DEFAULTCONFFILE: path.join(dir, 'lemonldap-ng.ini'),
          PLACK_ENV: 'deployment',
        },
      },
    );
    let errors = '';
    // The first lines say why a portal failed; the rest repeats it.
    child.stderr!.on('data', (d: Buffer) => (errors = (errors + d.toString()).slice(0, 4000)));
    await waitForHttp(url, child, () => errors);
    const proc = child;
    return {
      url,
      port,
      casUrl: `${url}/cas`,
      samlMetadataUrl: `${url}/saml/metadata`,
      samlCert: key.cert,
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

/** Where the portal sends the browser once signed in: a redirect out of it, or an auto-posted form. */
export type PortalExit = (
  | { kind: 'redirect'; location: string }
  | { kind: 'form'; action: string; fields: Record<string, string> }
  | { kind: 'page'; status: number; html: string }
) & {
  /** The portal's cookies at that point (its SSO session), for a later request such as its logout. */
  cookie: string;
};

const decodeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function hiddenFields(form: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1];
    if (name) fields[name] = decodeHtml(value ?? '');
  }
  return fields;
}

/**
 * A browser's walk through the portal without a browser: follows `start` (a URL of the portal), fills the
 * login form as `user`, and stops where the portal hands the browser back to a service.
 */
export async function signInAtPortal(
  portal: TestLemonldap,
  start: string,
  user: string,
  password: string,
): Promise<PortalExit> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const send = async (url: string, body?: URLSearchParams) => {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookie(),
        accept: 'text/html',
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
  let url = start;
  let body: URLSearchParams | undefined;
  let filled = false;
  for (let hop = 0; hop < 10; hop++) {
    const res = await send(url, body);
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (!next.startsWith(portal.url)) return { kind: 'redirect', location: next, cookie: cookie() };
      url = next;
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*>[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    const action = decodeHtml(/action="([^"]*)"/.exec(form)?.[1] ?? '');
    if (/name="user"/.test(form) && !filled) {
      filled = true;
      body = new URLSearchParams({ ...hiddenFields(form), user, password });
      url = action && action !== '#' ? new URL(action, url).href : url;
      continue;
    }
    if (/name="(SAMLResponse|SAMLRequest)"/.test(form)) {
      return {
        kind: 'form',
        action: new URL(action, url).href,
        fields: hiddenFields(form),
        cookie: cookie(),
      };
    }
    return { kind: 'page', status: res.status, html, cookie: cookie() };
  }
  throw new Error(`no way out of the portal from ${start}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
