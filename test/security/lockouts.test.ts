// Lockouts an attacker can cause (issue 11, part 3), performed for real against a started server. Each
// client connects from its own loopback address (test/security/support/source-address.ts), so the
// server sees distinct TCP peers, as it would for distinct networks.
// Threats: an attacker's wrong passwords locking the owner out of their account; a few bad join codes
// from a classroom's NAT locking the whole class out of joining; a forged X-Forwarded-For choosing the
// address the per-IP limits count. Defences: login failures per (account, source) and per account with
// the owner's usual addresses exempt (server/auth/login-throttle.ts); failed join codes per IP with a
// budget far above a class's typos and 8-digit codes (server/classes/join-code.ts); forwarded headers
// trusted only from ATELIER_TRUST_PROXY (no proxy by default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../server/auth/login-throttle.js';
import { CODE_DIGITS, JOIN_FAILURES } from '../../server/classes/join-code.js';
import { PASSWORD, userWithRole } from '../support/classes-support.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { startTestServer, type AnyTestServer } from '../support/server.js';
import { clientFrom } from './support/source-address.js';

const wrong = (i: number) => ({ password: `wrong guess ${i}` });

describe('lockouts an attacker can cause', () => {
  let server: AnyTestServer<FakeRuntime>;
  const login = (from: string, username: string, password: string, headers?: Record<string, string>) =>
    clientFrom(server.url, from, headers).post('/api/auth/login', { username, password });

  beforeAll(async () => {
    server = await startTestServer({ runtime: new FakeRuntime() });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('W6: wrong passwords from another address do not lock the owner out', async () => {
    await userWithRole(server, 'owner', 'learner');
    expect((await login('127.0.0.10', 'owner', PASSWORD)).status).toBe(200); // the owner's usual network
    const attacker = [];
    for (let i = 0; i <= LOGIN_LIMITS.perSource; i++)
      attacker.push((await login('127.0.0.20', 'owner', wrong(i).password)).status);
    expect(attacker.slice(0, LOGIN_LIMITS.perSource)).toEqual(Array(LOGIN_LIMITS.perSource).fill(401));
    expect(attacker.at(-1)).toBe(429);
    // The attacker cannot race the limit, even holding the right password…
    expect((await login('127.0.0.20', 'owner', PASSWORD)).status).toBe(429);
    // …nor with parallel guesses (counted before hashing).
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login('127.0.0.21', 'owner', wrong(i).password)),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(LOGIN_LIMITS.perSource);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(30 - LOGIN_LIMITS.perSource);
    // The owner, on their network, still gets in at once.
    expect((await login('127.0.0.10', 'owner', PASSWORD)).status).toBe(200);
  }, 60_000);

  it('W6: many attacking addresses spend the account budget, never the owner’s usual address', async () => {
    await userWithRole(server, 'target', 'learner');
    expect((await login('127.0.0.11', 'target', PASSWORD)).status).toBe(200);
    const sources = LOGIN_LIMITS.perAccount / LOGIN_LIMITS.perSource;
    let failures = 0;
    for (let s = 0; s < sources; s++)
      for (let i = 0; i < LOGIN_LIMITS.perSource; i++)
        if ((await login(`127.0.1.${s + 1}`, 'target', wrong(i).password)).status === 401) failures++;
    expect(failures).toBe(LOGIN_LIMITS.perAccount);
    // A fresh attacking address gets nothing more: guessing from many addresses stays bounded.
    const fresh = await login('127.0.2.1', 'target', wrong(0).password);
    expect(fresh.status).toBe(429);
    expect(fresh.body.error?.reason).toBe('rate-limited');
    // The owner's usual address is exempt from the account-wide budget.
    expect((await login('127.0.0.11', 'target', PASSWORD)).status).toBe(200);
    console.log(
      `[lockouts] ${sources} addresses × ${LOGIN_LIMITS.perSource} failures spent the account budget ` +
        `(${LOGIN_LIMITS.perAccount} per 15 min); a new address → 429, the owner's usual address → 200`,
    );
  }, 60_000);

  it('W7: a class of 60 behind one address joins despite typos; an enumerator is stopped', async () => {
    const { client: trainer } = await userWithRole(server, 'trainer-w7', 'trainer');
    const cls = (await trainer.post('/api/classes', { name: 'Formation Nginx', courseIds: ['premiers-pas'] }))
      .body;
    expect(cls.joinCode).toMatch(new RegExp(`^NGINX-\\d{4}-\\d{4}$`));
    const digits = cls.joinCode.replace(/\D/g, '') as string;
    const typo = (i: number) => `NGINX-${digits.slice(0, 7)}${(Number(digits[7]) + 1 + (i % 9)) % 10}`;
    const nat = '127.0.0.30';
    const statuses: number[] = [];
    let typos = 0;
    for (let i = 0; i < 60; i++) {
      const learner = clientFrom(server.url, nat);
      // Two typos each (120 in all, four times the old budget of 30), then the right code.
      for (const bad of [typo(i), `NGIX ${digits}`]) {
        const miss = await learner.post('/api/join', {
          code: bad,
          displayName: `Élève ${i}`,
          password: PASSWORD,
        });
        expect(miss.body.error?.reason).toBe('unknown-code');
        typos++;
      }
      const ok = await learner.post('/api/join', {
        code: cls.joinCode.toLowerCase(),
        displayName: `Élève ${i}`,
        password: PASSWORD,
      });
      statuses.push(ok.status);
    }
    expect(statuses).toEqual(Array(60).fill(201));

    // An enumerator from one address: refused after JOIN_FAILURES.max misses, and then even the right
    // code is refused, so a refusal tells nothing about the code tried.
    const enumerator = clientFrom(server.url, '127.0.0.40');
    let misses = 0;
    let refused;
    const t0 = performance.now();
    for (let n = 0; ; n++) {
      const guess = `NGINX-${String(n).padStart(CODE_DIGITS, '0')}`;
      if (guess.replace(/\D/g, '') === digits) continue;
      const res = await enumerator.get(`/api/join/${guess}`);
      if (res.status !== 404) {
        refused = res;
        break;
      }
      misses++;
    }
    const perSecond = misses / ((performance.now() - t0) / 1000);
    expect(misses).toBe(JOIN_FAILURES.max);
    expect(refused.status).toBe(429);
    expect((await enumerator.get(`/api/join/${cls.joinCode}`)).status).toBe(429);
    // The class's address is not affected by the enumerator's.
    expect((await clientFrom(server.url, nat).get(`/api/join/${cls.joinCode}`)).status).toBe(200);
    const hours = 10 ** CODE_DIGITS / 2 / (JOIN_FAILURES.max / (JOIN_FAILURES.windowMs / 3_600_000));
    console.log(
      `[lockouts] 60 learners behind ${nat} joined after ${typos} typos; an enumerator was refused after ` +
        `${misses} misses (${perSecond.toFixed(0)}/s until then); expected search for one class whose word ` +
        `is known: ${hours.toFixed(0)} h (${(hours / 8766).toFixed(1)} years) per address`,
    );
  }, 120_000);
});

describe('X-Forwarded-For is believed only from a configured proxy', () => {
  const servers: AnyTestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const start = async (env: Record<string, string> = {}) => {
    const s = await startTestServer({ runtime: new FakeRuntime(), env });
    servers.push(s);
    await userWithRole(s, 'victim', 'learner');
    return (from: string, xff: string, password = wrong(0).password) =>
      clientFrom(s.url, from, { 'x-forwarded-for': xff }).post('/api/auth/login', {
        username: 'victim',
        password,
      });
  };
  /** Statuses of perSource + 1 wrong logins, each with a new forged address. */
  const forged = async (login: (from: string, xff: string) => Promise<{ status: number }>, from: string) => {
    const out: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perSource; i++)
      out.push((await login(from, `198.51.100.${i + 1}`)).status);
    return out;
  };

  it('by default, a forged header from a loopback peer does not reset the count', async () => {
    const login = await start();
    expect((await forged(login, '127.0.0.1')).at(-1)).toBe(429);
  }, 60_000);

  it('with ATELIER_TRUST_PROXY, the proxy’s header names the client; anyone else’s is ignored', async () => {
    const login = await start({ ATELIER_TRUST_PROXY: '127.0.0.1' });
    // Behind the proxy (127.0.0.1), two clients are two sources: one's failures do not block the other.
    for (let i = 0; i < LOGIN_LIMITS.perSource; i++) await login('127.0.0.1', '203.0.113.7');
    expect((await login('127.0.0.1', '203.0.113.7')).status).toBe(429);
    expect((await login('127.0.0.1', '203.0.113.8', PASSWORD)).status).toBe(200);
    // A client's own forged entry before the proxy's (nginx's $proxy_add_x_forwarded_for) changes nothing.
    expect((await login('127.0.0.1', '10.9.9.9, 203.0.113.7')).status).toBe(429);
    // A peer that is not the configured proxy cannot choose its address.
    expect((await forged(login, '127.0.0.50')).at(-1)).toBe(429);
  }, 60_000);
});
