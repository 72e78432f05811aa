// The service checks on a real lab of three hebergement machines: nginx over TLS with the lab's CA and
// PostgreSQL on `web`, unbound on `ns`, everything asked from `client` (service-lab.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../server/courses/checks/index.js';
import { startServiceLab, type ServiceLab } from './service-lab.js';

const ca = { machine: 'client', path: '/root/ca/ca.crt' };

describe('service checks on a real lab', () => {
  let lab: ServiceLab;
  beforeAll(async () => {
    lab = await startServiceLab();
  }, 240_000);
  afterAll(async () => lab?.remove());

  it('tls: the served chain verifies up to the CA read on another machine', async () => {
    const r = await lab.verdicts([
      check.tls('https://web/', {
        machine: 'client',
        ca,
        names: ['web', 'www.atelier.test'],
        issuer: 'Atelier Lab CA',
        minDaysLeft: 30,
      }),
      check.tls('https://web/', { machine: 'client', ca, names: ['mail.atelier.test'] }),
      check.tls('https://web:8443/', { machine: 'client', ca }),
      check.tls('https://web:80/', { machine: 'client', ca }),
      check.tls('https://web/', { machine: 'client', ca: { machine: 'client', path: '/root/nope.crt' } }),
    ]);
    expect(r.map((c) => c.passed)).toEqual([true, false, false, false, false]);
    expect(r[0]?.message).toMatch(
      /^https:\/\/web\/ presents a certificate for web, www.atelier.test, issued by "Atelier Lab CA", valid (89|90) more day\(s\)\.$/,
    );
    expect(r[1]?.message).toBe(
      'The certificate of https://web/ does not cover mail.atelier.test (it covers: web, www.atelier.test).',
    );
    expect(r[2]?.message).toBe('Nothing listens at https://web:8443/ (connection refused).');
    expect(r[3]?.message).toBe('https://web:80/ does not speak TLS (no handshake, no certificate).');
    expect(r[4]?.message).toBe('The CA certificate /root/nope.crt (client) is missing.');
  });

  it('http: a 301 to https with its headers', async () => {
    const r = await lab.verdicts([
      check.http('http://web/', {
        machine: 'client',
        status: 301,
        location: 'https://web/',
        headers: { 'x-frame-options': 'DENY' },
      }),
      check.http('https://web/', {
        machine: 'client',
        headers: { 'Strict-Transport-Security': /max-age=\d{7,}/ },
      }),
      check.http('http://web/', { machine: 'client', status: 301, location: 'https://www.atelier.test/' }),
    ]);
    expect(r.map((c) => c.passed)).toEqual([true, true, false]);
    expect(r[2]?.message).toBe(
      'The Location header of http://web/ is "https://web/" (expected https://www.atelier.test/).',
    );
  });

  it('dns: records, authority, PTR of a machine, absence, the default resolver', async () => {
    const r = await lab.verdicts([
      check.dns('www.atelier.test', {
        machine: 'client',
        server: 'ns',
        expect: { addressOf: 'web' },
        authoritative: true,
      }),
      check.dns({ addressOf: 'web' }, { machine: 'client', server: 'ns', expect: 'web.atelier.test.' }),
      check.dns('atelier.test', {
        machine: 'client',
        server: 'ns',
        type: 'MX',
        expect: '10 mail.atelier.test',
      }),
      check.dns('old.atelier.test', { machine: 'client', server: 'ns', absent: true }),
      check.dns('www.atelier.test', { machine: 'client', server: 'ns', expect: '10.9.9.9' }),
      // Docker's resolver (the client's resolv.conf) answers machine names, not the lab's zone.
      check.dns('web', { machine: 'client', expect: { addressOf: 'web' } }),
      check.dns('www.atelier.test', { machine: 'client' }),
      check.dns('www.atelier.test', { machine: 'client', server: 'web', timeoutS: 1 }),
    ]);
    expect(r.map((c) => c.passed)).toEqual([true, true, true, true, false, true, false, false]);
    expect(r[4]?.message).toMatch(
      /^\d+\.\d+\.\d+\.\d+ answers www\.atelier\.test A → [\d.]+ \(expected 10\.9\.9\.9\)\.$/,
    );
    expect(r[5]?.message).toMatch(/^127\.0\.0\.11 answers web A → /);
    expect(r[7]?.message).toMatch(
      /^No DNS answer from [\d.]+ \(communications error to [\d.#]+: connection refused\)\.$/,
    );
  });

  it('reach: accepted, refused, dropped, unknown name', async () => {
    const r = await lab.verdicts([
      check.reach('web', 443, { machine: 'client' }),
      check.reach('web', 5432, { machine: 'client' }),
      check.reach('web', 8080, { machine: 'client', open: false }),
      check.reach('web', 8080, { machine: 'client' }),
      check.reach('nowhere', 80, { machine: 'client' }),
    ]);
    expect(r.map((c) => c.passed)).toEqual([true, true, true, false, false]);
    expect(r[3]?.message).toBe('web:8080 refuses the connection.');
    expect(r[4]?.message).toBe('The name nowhere is unknown.');
    // An address of the lab's subnet where nobody lives: nothing answers within the timeout.
    const web = (await lab.sh('client', 'getent hosts web | cut -d" " -f1')).trim();
    const empty = web.replace(/\.\d+$/, '.14');
    const dropped = await lab.verdict(check.reach(empty, 80, { machine: 'client', timeoutS: 1 }));
    expect(dropped.message).toMatch(/does not answer|unreachable/);
  });

  it('sql: postgres over TCP, locally and from another machine; denials', async () => {
    const app = { engine: 'postgres' as const, user: 'app', password: 's3cret-Pw', database: 'shop' };
    const r = await lab.verdicts([
      check.sql('SELECT name, qty FROM stock ORDER BY qty', {
        ...app,
        machine: 'web',
        expect: 'pommes\t3\npoires\t5',
      }),
      check.sql('SELECT count(*) FROM stock', { ...app, machine: 'client', host: 'web', expect: '2' }),
      check.sql('SELECT 1', { ...app, machine: 'client', host: 'web', password: 'wrong', denied: true }),
      check.sql('SELECT 1', {
        engine: 'postgres',
        user: 'intrus',
        machine: 'client',
        host: 'web',
        database: 'shop',
        denied: true,
      }),
      check.sql('SELECT 1', { ...app, machine: 'client', host: 'web', denied: true }),
      check.sql('SELECT 1', { ...app, machine: 'client', host: 'web', port: 5433, denied: true }),
      check.sql('SELECT nope FROM stock', { ...app, machine: 'web' }),
    ]);
    expect(r.map((c) => c.passed)).toEqual([true, true, true, true, false, false, false]);
    expect(r[4]?.message).toBe('app@web/shop can connect and run the query.');
    expect(r[5]?.message).toMatch(/failed, but not a refusal \(.*Connection refused/);
    expect(r[6]?.message).toMatch(/column "nope" does not exist/);
  });
});
