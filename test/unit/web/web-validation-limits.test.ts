// Web side — Threats: malformed or oversized payloads (crash, prototype pollution, smuggled fields such
// as a container id), password guessing, and socket event floods that burn CPU or docker execs.
// Defences: zod `.strict()` schemas with bounds on every HTTP body and socket payload, a 64 KB JSON body
// limit, a login rate limit per account and source, per account and per IP, token buckets per socket event (socket-rate-limit.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STRIKES } from '../../../server/realtime/socket-rate-limit.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../../support/server.js';
import { connectSocket, type TestSocket } from '../../support/socket-client.js';

const PASSWORD = 'correct horse battery';
const TERMINAL_ID = '0123456789abcdef';

describe('web: validation and rate limits', () => {
  let server: AnyTestServer<FakeRuntime>;
  let cookie = '';
  const sockets: TestSocket[] = [];
  const socket = async () => {
    const s = await connectSocket(server.url, cookie);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startTestServer({ runtime: new FakeRuntime() });
    const u = httpClient(server.url);
    await u.post('/api/auth/register', { username: 'validator', password: PASSWORD });
    cookie = u.cookie;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
  });

  it('refuses unknown fields, wrong types and oversized HTTP bodies', async () => {
    const u = httpClient(server.url);
    const cases: [unknown, number][] = [
      [{ username: 'mallory', password: PASSWORD, role: 'admin' }, 400], // smuggled role
      [`{"username":"mallory","password":"${PASSWORD}","__proto__":{"role":"admin"}}`, 400],
      [{ username: 'mallory', password: PASSWORD }, 201],
      [{ username: ['mallory'], password: PASSWORD }, 400],
      [{ username: 'x'.repeat(33), password: PASSWORD }, 400],
      [{ username: 'mal/../lory', password: PASSWORD }, 400],
      [{ username: 'mallory2', password: 'p'.repeat(257) }, 400],
      ['{"username":', 400],
    ];
    for (const [body, status] of cases)
      expect((await u.post('/api/auth/register', body)).status, JSON.stringify(body)).toBe(status);
    expect((await u.get('/api/me')).body).toMatchObject({ username: 'mallory', role: 'learner' });
    const big = await u.post('/api/labs', { courseId: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.reason).toBe('body-too-large');
    expect((await u.post('/api/labs', { courseId: 'premiers-pas', containerId: 'abc' })).status).toBe(400);
  });

  it('refuses malformed socket payloads with invalid-payload (cols/rows 1–500, ids by pattern)', async () => {
    const s = await socket();
    const bad: [string, unknown][] = [
      ['terminal:open', { labId: '0123456789abcdef', cols: 0, rows: 24 }],
      ['terminal:open', { labId: '0123456789abcdef', cols: 501, rows: 24 }],
      ['terminal:open', { labId: '0123456789abcdef', cols: 80.5, rows: 24 }],
      ['terminal:open', { labId: '0123456789abcdef', cols: '80', rows: 24 }],
      ['terminal:open', { labId: '../../etc/passwd', cols: 80, rows: 24 }],
      ['terminal:open', { labId: '0123456789abcdef', cols: 80, rows: 24, userId: 'someone-else' }],
      ['terminal:open', null],
      ['terminal:open', 'labId'],
      ['terminal:open', [1, 2, 3]],
      ['terminal:resize', { terminalId: TERMINAL_ID, cols: 80, rows: 0 }],
      ['terminal:resize', { terminalId: 'ZZZZ', cols: 80, rows: 24 }],
      ['terminal:input', { terminalId: TERMINAL_ID, data: 42 }],
      ['terminal:close', { terminalId: TERMINAL_ID, containerId: 'x' }],
    ];
    for (const [event, payload] of bad) {
      const ack = await (s.emitWithAck as (e: string, p: unknown) => Promise<unknown>)(event, payload);
      expect(ack, `${event} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        reason: 'invalid-payload',
      });
    }
    // Bounds themselves are accepted by validation (then refused for an unknown lab).
    const edge = await s.emitWithAck('terminal:open', { labId: '0123456789abcdef', cols: 500, rows: 1 });
    expect(edge).toMatchObject({ ok: false, reason: 'unknown-lab' });
    expect(s.connected).toBe(true);
  });

  it('rate-limits login per account and source (10 failures a minute), answering 429', async () => {
    const u = httpClient(server.url);
    await u.post('/api/auth/register', { username: 'victim', password: PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await u.post('/api/auth/login', { username: 'victim', password: `wrong ${i} guess` })).status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right password waits out the window: guessing cannot race the limit.
    const right = await u.post('/api/auth/login', { username: 'victim', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(right.body.error.reason).toBe('rate-limited');
  }, 60_000);

  it('keeps the event loop responsive during a burst of password guesses (hashing is queued)', async () => {
    const t0 = performance.now();
    const burst = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        httpClient(server.url).post('/api/auth/login', {
          username: `nobody-${i}`,
          password: 'wrong password',
        }),
      ),
    );
    const latencies: number[] = [];
    let done = false;
    void burst.then(() => (done = true));
    while (!done) {
      const t = performance.now();
      await fetch(`${server.url}/api/health`);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    const statuses = new Set((await burst).map((r) => r.status));
    console.log(
      `[web] 20 concurrent wrong logins took ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `/api/health meanwhile: max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length} calls`,
    );
    expect([...statuses]).toEqual([401]);
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  }, 120_000);

  it('rate-limits socket events with a rate-limited ack, then disconnects a socket that keeps hammering', async () => {
    const s = await socket();
    const acks = await Promise.all(
      Array.from({ length: 100 }, () =>
        s.emitWithAck('terminal:resize', { terminalId: TERMINAL_ID, cols: 80, rows: 24 }),
      ),
    );
    const limited = acks.filter((a) => !a.ok && a.reason === 'rate-limited').length;
    console.log(`[web] 100 resizes at once: ${100 - limited} handled, ${limited} rate-limited`);
    expect(limited).toBeGreaterThan(50);
    expect(s.connected).toBe(true);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    for (let i = 0; i < MAX_STRIKES + 50; i++)
      s.emit('terminal:resize', { terminalId: TERMINAL_ID, cols: 80, rows: 24 });
    expect(await gone).toBe('io server disconnect');
    // The user can still come back with a fresh socket.
    const again = await socket();
    expect(again.connected).toBe(true);
  });
});
