// The service checks (tls, dns, reach, sql, http headers) judged on canned grader output: no Docker. The
// certificates are made here by the openssl CLI, then verified by the check in Node.
import { execFileSync } from 'node:child_process';
import type { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkSchema, kindOf, type CheckSpec } from '../../../server/courses/checks/index.js';
import { certificatesIn, verifyChain } from '../../../server/courses/checks/tls-verify.js';
import { judge, verdictOf, type World } from './checks-world.js';

const keyOf = (spec: CheckSpec) => kindOf(spec).plan(spec).probes?.[0]?.key ?? '';
const probe = (spec: CheckSpec, output: string, exitCode = 0): World => ({
  probes: { [keyOf(spec)]: { exitCode, output } },
});

describe('tls', () => {
  let dir: string;
  const pem: Record<string, string> = {};
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  /** A key and a certificate signed by `ca` (or self-signed), for `sans`. */
  const make = (name: string, subj: string, sans: string, ca?: string, days = 30) => {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      subj,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${sans}\n`);
    const signer = ca
      ? ['-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial']
      : ['-key', `${name}.key`];
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      ...signer,
      '-days',
      String(days),
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
    pem[name] = readFileSync(path.join(dir, `${name}.crt`), 'utf8');
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'atelier-tls-'));
    for (const ca of ['ca', 'other']) {
      ssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '3650',
        '-subj',
        `/CN=Atelier ${ca}`,
        '-keyout',
        `${ca}.key`,
        '-out',
        `${ca}.crt`,
      );
      pem[ca] = readFileSync(path.join(dir, `${ca}.crt`), 'utf8');
    }
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=Atelier intermediate',
      '-keyout',
      'mid.key',
      '-out',
      'mid.csr',
    );
    writeFileSync(path.join(dir, 'mid.ext'), 'basicConstraints=critical,CA:TRUE\n');
    ssl(
      'x509',
      '-req',
      '-in',
      'mid.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '365',
      '-extfile',
      'mid.ext',
      '-out',
      'mid.crt',
    );
    pem.mid = readFileSync(path.join(dir, 'mid.crt'), 'utf8');
    make('web', '/CN=web', 'DNS:web,DNS:www.atelier.test', 'ca');
    make('viamid', '/CN=web', 'DNS:web', 'mid');
    make('self', '/CN=web', 'DNS:web');
    make('stranger', '/CN=web', 'DNS:web', 'other');
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const spec = (o: Partial<Parameters<typeof check.tls>[1]> = {}) =>
    check.tls('https://web/', { machine: 'client', ca: { machine: 'ca', path: '/root/ca/ca.crt' }, ...o });
  /** What openssl s_client prints for a completed handshake with this chain. */
  const served = (...certs: string[]) =>
    `CONNECTED(00000003)\n---\nCertificate chain\n${certs.join('')}---\nNew, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384\n`;
  const world = (s: CheckSpec, output: string, exitCode = 0): World => ({
    ...probe(s, output, exitCode),
    machines: { ca: { files: { '/root/ca/ca.crt': pem.ca ?? '' } } },
  });

  it('passes on a chain to the CA that covers the names, with the CA file read on another machine', () => {
    const s = spec({ names: ['web', 'www.atelier.test'], issuer: 'Atelier ca', minDaysLeft: 20 });
    expect(kindOf(s).plan(s).on).toEqual({ ca: { reads: ['/root/ca/ca.crt'] } });
    const v = judge(s, world(s, served(pem.web ?? '')));
    expect(v).toEqual({
      passed: true,
      text: 'https://web/ presents a certificate for web, www.atelier.test, issued by "Atelier ca", valid 29 more day(s).',
    });
    expect(judge(s, world(s, served(pem.viamid ?? '', pem.mid ?? ''))).passed).toBe(false); // names
    expect(judge(spec(), world(spec(), served(pem.viamid ?? '', pem.mid ?? ''))).passed).toBe(true);
  });

  it('says precisely why a certificate is not the right one', () => {
    const s = spec();
    const text = (out: string, code = 0, o: Partial<Parameters<typeof check.tls>[1]> = {}) =>
      judge(spec(o), world(spec(o), out, code)).text;
    expect(text(served(pem.self ?? ''))).toBe(
      'The served certificate is self-signed ("web"), not issued by the lab\'s CA.',
    );
    expect(text(served(pem.stranger ?? ''))).toBe(
      'The served certificate is not issued by the lab\'s CA (issuer: "Atelier other").',
    );
    expect(text(served(pem.viamid ?? ''))).toContain(
      'not issued by the lab\'s CA (issuer: "Atelier intermediate")',
    );
    expect(text(served(pem.ca ?? ''))).toBe(
      'The server presents the CA’s own certificate, not a server certificate.',
    );
    expect(text(served(pem.web ?? ''), 0, { names: ['web', 'mail.atelier.test'] })).toBe(
      'The certificate of https://web/ does not cover mail.atelier.test (it covers: web, www.atelier.test).',
    );
    expect(text(served(pem.web ?? ''), 0, { issuer: /Let's Encrypt/ })).toMatch(
      /is issued by "CN=Atelier ca"/,
    );
    expect(text(served(pem.web ?? ''), 0, { minDaysLeft: 60 })).toBe(
      'The certificate of https://web/ expires in 29 day(s) (expected at least 60).',
    );
    expect(text('connect:errno=111\nConnection refused\n', 1)).toBe(
      'Nothing listens at https://web/ (connection refused).',
    );
    expect(text('CONNECTED(00000003)\nwrong version number\nNew, (NONE), Cipher is (NONE)\n', 1)).toBe(
      'https://web/ does not speak TLS (no handshake, no certificate).',
    );
    expect(text('', 124)).toBe('https://web/ does not answer (timed out).');
    // A chain printed without a completed handshake (the server lacks the key) proves nothing.
    expect(
      text(
        `${served(pem.web ?? '')}`.replace(
          'TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384',
          '(NONE), Cipher is (NONE)',
        ),
      ),
    ).toMatch(/does not speak TLS/);
    expect(judge(s, probe(s, served(pem.web ?? ''))).text).toBe(
      'The CA certificate /root/ca/ca.crt (ca) is missing.',
    );
    expect(judge(s, probe(s, 'NOTOOL\n', 127)).text).toBe("This check needs openssl in the machine's image.");
  });

  it('verifies every link: signatures, names and validity', () => {
    const one = (n: string) => {
      const [c] = certificatesIn(pem[n] ?? '');
      if (!c) throw new Error(`no certificate ${n}`);
      return c;
    };
    const [web, mid, ca, stranger, viamid] = ['web', 'mid', 'ca', 'stranger', 'viamid'].map(one) as [
      X509Certificate,
      X509Certificate,
      X509Certificate,
      X509Certificate,
      X509Certificate,
    ];
    expect(verifyChain([web], [ca])).toEqual({ ok: true, depth: 0 });
    expect(verifyChain([viamid, mid], [ca])).toEqual({ ok: true, depth: 1 });
    // A certificate that only claims the CA's name as its issuer is not signed by it.
    expect(stranger.issuer).not.toBe(ca.subject);
    expect(verifyChain([stranger], [ca]).ok).toBe(false);
    const later = Date.now() + 40 * 86_400_000;
    const expired = verifyChain([web], [ca], later);
    expect(expired.ok === false && expired.why.en).toMatch(
      /^The certificate "web" expired on \d{4}-\d\d-\d\d\.$/,
    );
  });
});

describe('http headers and redirects', () => {
  const s = check.http('http://web/', {
    status: 301,
    location: 'https://web/',
    headers: { 'x-frame-options': 'DENY' },
  });
  const out = (headers: string, status = 301) => `${status}\n${headers.length}\n${headers}<html>moved</html>`;
  it('reads the Location and other headers, names case-insensitive', () => {
    expect(keyOf(s)).toMatch(/^http\+headers /);
    const ok = 'HTTP/1.1 301 Moved Permanently\r\nLocation: https://web/\r\nX-Frame-Options: DENY\r\n\r\n';
    expect(judge(s, probe(s, out(ok)))).toEqual({ passed: true, text: 'http://web/ answers 301.' });
    expect(judge(s, probe(s, out(ok.replace('https://web/', 'http://web/'))))).toEqual({
      passed: false,
      text: 'The Location header of http://web/ is "http://web/" (expected https://web/).',
    });
    expect(judge(s, probe(s, out('HTTP/1.1 301 Moved\r\nLocation: https://web/\r\n\r\n'))).text).toBe(
      'http://web/ sends no x-frame-options header.',
    );
    const hsts = check.http('https://web/', { headers: { 'Strict-Transport-Security': /max-age=\d{7,}/ } });
    const h = 'HTTP/2 200\r\nstrict-transport-security: max-age=31536000\r\n\r\n';
    expect(judge(hsts, probe(hsts, out(h, 200))).passed).toBe(true);
    // A body that looks like headers is still the body.
    const fake = `Strict-Transport-Security: max-age=31536000\r\n`;
    expect(judge(hsts, probe(hsts, `200\n0\n${fake}`)).passed).toBe(false);
  });
  it('keeps the plain probe for checks without headers', () => {
    expect(keyOf(check.http('http://web/'))).toMatch(/^http /);
  });
});

describe('dns', () => {
  const answer = (status: string, flags: string, records: string[]) =>
    `S 10.213.0.52\nQ www.atelier.test\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: ${status}, id: 4242\n;; flags: ${flags}; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: 0, ADDITIONAL: 1\n\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n${records.join('\n')}\n`;
  const web = {
    machines: {
      web: {
        probes: {
          ipv4: {
            exitCode: 0,
            output: '1220: eth0    inet 10.213.0.51/28 brd 10.213.0.63 scope global eth0',
          },
        },
      },
    },
  };

  it("compares answers as a set, case and trailing dots ignored, and web's address from its kernel", () => {
    const s = check.dns('www.atelier.test', {
      machine: 'client',
      server: 'ns',
      expect: { addressOf: 'web' },
      authoritative: true,
    });
    expect(kindOf(s).plan(s).on).toEqual({
      web: { probes: [expect.objectContaining({ key: 'ipv4 addresses' })] },
    });
    const ok = answer('NOERROR', 'qr aa rd', ['www.atelier.test. 300 IN A 10.213.0.51']);
    expect(judge(s, { ...probe(s, ok), ...web })).toEqual({
      passed: true,
      text: '10.213.0.52 answers www.atelier.test A → 10.213.0.51.',
    });
    expect(judge(s, { ...probe(s, ok.replace('0.51', '0.99')), ...web }).text).toBe(
      '10.213.0.52 answers www.atelier.test A → 10.213.0.99 (expected 10.213.0.51).',
    );
    expect(judge(s, { ...probe(s, ok.replace('qr aa rd', 'qr rd ra')), ...web }).text).toBe(
      "10.213.0.52's answer for www.atelier.test is not authoritative (flags: qr rd ra).",
    );
    expect(judge(s, probe(s, ok)).text).toBe('The address of machine web could not be read.');
    const mx = check.dns('atelier.test', {
      type: 'MX',
      expect: ['20 MAIL2.atelier.test', '10 mail.atelier.test.'],
    });
    const mxOut = answer('NOERROR', 'qr aa', [
      'atelier.test. 60 IN MX 10 mail.atelier.test.',
      'atelier.test. 60 IN MX 20 mail2.atelier.test.',
    ]);
    expect(judge(mx, probe(mx, mxOut)).passed).toBe(true);
    const txt = check.dns('atelier.test', { type: 'TXT', expect: 'v=spf1 mx -all' });
    expect(
      judge(txt, probe(txt, answer('NOERROR', 'qr', ['atelier.test. 60 IN TXT "v=spf1 " "mx -all"']))).passed,
    ).toBe(true);
  });

  it('absent, errors, a missing dig, the PTR of a machine', () => {
    const gone = check.dns('old.atelier.test', { absent: true });
    expect(judge(gone, probe(gone, answer('NXDOMAIN', 'qr aa rd', []))).passed).toBe(true);
    expect(
      judge(gone, probe(gone, answer('NOERROR', 'qr aa rd', ['old.atelier.test. 1 IN A 10.0.0.1']))).text,
    ).toBe('10.213.0.52 still answers old.atelier.test A → 10.0.0.1.');
    const s = check.dns('www.atelier.test');
    expect(judge(s, probe(s, answer('NXDOMAIN', 'qr rd ra', []))).text).toBe(
      '10.213.0.52 answers NXDOMAIN for www.atelier.test.',
    );
    expect(
      judge(s, probe(s, answer('NOERROR', 'qr rd ra', ['www.atelier.test. 1 IN CNAME web.atelier.test.'])))
        .text,
    ).toBe('10.213.0.52 has no A record for www.atelier.test.');
    expect(
      judge(s, probe(s, 'S 10.213.0.52\nQ www\n;; communications error to 10.213.0.52#53: timed out\n', 9))
        .text,
    ).toBe('No DNS answer from 10.213.0.52 (communications error to 10.213.0.52#53: timed out).');
    expect(judge(s, probe(s, 'NOTOOL\n', 127)).text).toBe(
      "This check needs dig in the machine's image (package bind9-dnsutils).",
    );
    const ptr = check.dns({ addressOf: 'web' }, { expect: 'web.atelier.test' });
    const ptrOut = (q: string) =>
      `S 10.213.0.52\nQ ${q}\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n;; flags: qr aa; QUERY: 1, ANSWER: 1\n${q}. 60 IN PTR web.atelier.test.\n`;
    expect(judge(ptr, { ...probe(ptr, ptrOut('51.0.213.10.in-addr.arpa')), ...web }).passed).toBe(true);
    expect(judge(ptr, { ...probe(ptr, ptrOut('9.0.213.10.in-addr.arpa')), ...web }).text).toBe(
      "web's address is 10.213.0.51, not the one queried (9.0.213.10.in-addr.arpa).",
    );
  });
});

describe('reach', () => {
  it('tells accepted, refused, dropped and unknown names apart', () => {
    const s = check.reach('web', 5432, { machine: 'client', open: false });
    const r = (out: string, code = 0) => judge(s, probe(s, out, code));
    expect(r('R 124 \n')).toEqual({
      passed: true,
      text: 'web:5432 does not answer (nothing in 2 s: packets dropped?).',
    });
    expect(r('R 1 bash: connect: Connection refused\n')).toEqual({
      passed: true,
      text: 'web:5432 refuses the connection.',
    });
    expect(r('R 0 \n')).toEqual({ passed: false, text: 'web:5432 accepts the connection.' });
    expect(r('NONAME\n', 4)).toEqual({ passed: false, text: 'The name web is unknown.' });
    const open = check.reach('web', 80);
    expect(judge(open, probe(open, 'R 0 \n')).passed).toBe(true);
    expect(judge(open, probe(open, 'R 1 bash: connect: No route to host\n')).text).toBe(
      'web:80 is unreachable (No route to host).',
    );
  });
});

describe('sql', () => {
  const out = (rc: number, err: string, stdout: string) => `R ${rc}\nE ${err.length}\n${err}${stdout}`;
  it('compares the output, reports errors, and tells a refusal from a server that is down', () => {
    const s = check.sql('SELECT name, qty FROM stock ORDER BY 1', {
      engine: 'postgres',
      user: 'app',
      password: 'pw',
      database: 'shop',
      expect: 'pommes\t3\npoires\t5',
    });
    expect(judge(s, probe(s, out(0, '', 'pommes\t3\npoires\t5\n'))).passed).toBe(true);
    expect(judge(s, probe(s, out(0, '', 'pommes\t3\n'))).text).toBe(
      'The query returns "pommes 3" (expected "pommes 3 poires 5").',
    );
    expect(keyOf(s)).not.toContain('pw');
    const err =
      'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication failed for user "app"\n';
    expect(judge(s, probe(s, out(2, err, '')))).toMatchObject({ passed: false });
    const denied = check.sql('SELECT 1', { engine: 'postgres', user: 'intrus', denied: true });
    expect(judge(denied, probe(denied, out(2, err, '')))).toMatchObject({ passed: true });
    const down = 'psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused\n';
    expect(judge(denied, probe(denied, out(2, down, ''))).text).toMatch(/failed, but not a refusal/);
    expect(judge(denied, probe(denied, out(0, '', '1\n'))).text).toBe(
      'intrus@127.0.0.1 can connect and run the query.',
    );
    const maria = check.sql('SHOW DATABASES', { engine: 'mariadb', user: 'root', contains: 'wiki' });
    expect(judge(maria, probe(maria, out(0, '', 'information_schema\nwiki\n'))).passed).toBe(true);
    expect(judge(maria, probe(maria, 'NOTOOL\n', 127)).text).toBe(
      "This check needs mariadb (mariadb-client) in the machine's image.",
    );
    // The password travels in the client's environment, on the batch's stdin: never in an argv.
    const script = kindOf(s).plan(s).probes?.[0];
    expect(script?.builtin).toBe(true);
    expect(script?.script).toMatch(/PGPASSWORD='pw' PGCONNECT_TIMEOUT/);
  });
});

describe('schemas', () => {
  it('refuses bad service checks at load time', () => {
    for (const bad of [
      check.tls('http://web/', { ca: { path: '/ca.crt' } }),
      check.tls('https://web/', { ca: { path: 'ca.crt' } }),
      check.dns('bad name'),
      check.dns('x', { type: 'ANY' as 'A' }),
      check.reach('web', 0),
      check.reach('web;rm', 80),
      check.sql('SELECT 1', { engine: 'oracle' as 'postgres', user: 'a' }),
      check.sql('SELECT 1', { engine: 'postgres', user: "a'b" }),
      { ...check.http('http://web/'), headers: { 'bad header': 'x' } },
    ]) {
      expect(checkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(verdictOf(check.dns({ addressOf: 'web' }), {}).passed).toBe(false);
  });
});
