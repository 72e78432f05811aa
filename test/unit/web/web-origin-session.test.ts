// Web side — Threats: a foreign page drives a learner's terminal over their cookie (cross-site WebSocket
// hijacking), steals or fixes the session cookie, or forges state-changing requests (CSRF); a student
// calls admin routes. Defences: exact Origin check on the handshake (never reflected), HttpOnly +
// SameSite=Lax cookies (Secure + __Host- behind https), a new session id at every login, Origin check on
// state-changing HTTP requests, roles checked server-side, helmet headers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../../support/server.js';
import { connectSocket } from '../../support/socket-client.js';

const PASSWORD = 'correct horse battery';

/** A stand-in for the built client: the unit tier does not build it, and `/` must serve index.html. */
function stubClient(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-client-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Atelier</title>');
  return dir;
}

/** Raw Socket.IO handshake over polling with a chosen Origin. */
const handshake = (url: string, origin?: string) =>
  fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: origin ? { origin } : {} });

/** A WebSocket-only connection with an Origin header, as a browser on another site would open it. */
function wsConnect(url: string, cookie: string, origin: string): Promise<string> {
  const s = io(url, { transports: ['websocket'], extraHeaders: { cookie, origin }, reconnection: false });
  return new Promise((resolve) => {
    s.once('connect', () => (s.disconnect(), resolve('connected')));
    s.once('connect_error', (e) => (s.disconnect(), resolve(`refused: ${e.message}`)));
  });
}

describe('web: origin, cookies, sessions, headers (http origin)', () => {
  let server: AnyTestServer<FakeRuntime>;
  beforeAll(async () => {
    server = await startTestServer({ runtime: new FakeRuntime(), clientDir: stubClient() });
  });
  afterAll(() => server?.close());

  it('accepts the handshake only from its own origin and never reflects Origin', async () => {
    // Without ATELIER_PUBLIC_ORIGIN only host:port is compared (the scheme is the proxy's business).
    const own = `http://${new URL(server.url).host}`;
    expect((await handshake(server.url, own)).status).toBe(200);
    for (const origin of ['http://evil.example', 'null', `${own}.evil.example`, 'http://127.0.0.1:1']) {
      const res = await handshake(server.url, origin);
      expect(res.status, origin).toBe(403);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(res.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
    const alice = httpClient(server.url);
    await alice.post('/api/auth/register', { username: 'alice', password: PASSWORD });
    expect(await wsConnect(server.url, alice.cookie, 'http://evil.example')).toMatch(/^refused/);
    expect(await wsConnect(server.url, alice.cookie, own)).toBe('connected');
  });

  it('sets an HttpOnly, SameSite=Lax, host-only session cookie (no Secure over http)', async () => {
    const res = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cookie-http', password: PASSWORD }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^atelier_sid=[^;]{32,};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Domain=/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('issues a new session id at login and drops the old one (no fixation)', async () => {
    const bob = httpClient(server.url);
    await bob.post('/api/auth/register', { username: 'bob', password: PASSWORD });
    const first = bob.cookie;
    expect((await bob.post('/api/auth/login', { username: 'bob', password: PASSWORD })).status).toBe(200);
    expect(bob.cookie).not.toBe(first);
    const old = await fetch(`${server.url}/api/me`, { headers: { cookie: first } });
    expect(old.status).toBe(401);
    // An id chosen by an attacker before login is never adopted.
    const fixed = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'atelier_sid=attacker-chosen-id' },
      body: JSON.stringify({ username: 'bob', password: PASSWORD }),
    });
    expect(fixed.headers.get('set-cookie')).not.toContain('attacker-chosen-id');
  });

  it('logout kills the session and disconnects its sockets', async () => {
    const carol = httpClient(server.url);
    await carol.post('/api/auth/register', { username: 'carol', password: PASSWORD });
    const socket = await connectSocket(server.url, carol.cookie);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const cookie = carol.cookie;
    expect((await carol.post('/api/auth/logout')).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie } })).status).toBe(401);
    await expect(connectSocket(server.url, cookie)).rejects.toThrow(/not-authenticated/);
  });

  it('refuses state-changing requests from a foreign Origin (CSRF from a sibling site)', async () => {
    const dave = httpClient(server.url);
    await dave.post('/api/auth/register', { username: 'dave', password: PASSWORD });
    // A form on another (same-site) origin posting text/plain with the learner's cookie.
    const forged = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: dave.cookie, origin: 'http://preview.evil.example', 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.reason).toBe('bad-origin');
    expect((await dave.get('/api/me')).status).toBe(200); // still logged in
    const own = `http://${new URL(server.url).host}`;
    const sameOrigin = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: dave.cookie, origin: own },
    });
    expect(sameOrigin.status).toBe(204);
  });

  it('keeps admin routes for admins', async () => {
    const eve = httpClient(server.url);
    await eve.post('/api/auth/register', { username: 'eve', password: PASSWORD });
    expect((await eve.get('/api/admin/overview')).status).toBe(403);
    expect((await httpClient(server.url).get('/api/admin/overview')).status).toBe(401);
  });

  it('sends helmet’s headers with a strict CSP', async () => {
    for (const path of ['/api/health', '/']) {
      const res = await fetch(server.url + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
      expect(res.headers.get('strict-transport-security'), path).toBeNull(); // no HSTS over plain http
    }
  });
});

describe('web: cookies and HSTS behind https (ATELIER_PUBLIC_ORIGIN=https://…)', () => {
  let server: AnyTestServer<FakeRuntime>;
  beforeAll(async () => {
    server = await startTestServer({
      runtime: new FakeRuntime(),
      env: { ATELIER_PUBLIC_ORIGIN: 'https://atelier.example.org' },
    });
  });
  afterAll(() => server?.close());

  it('uses a Secure __Host- cookie, HSTS, and accepts only the public origin', async () => {
    const res = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://atelier.example.org' },
      body: JSON.stringify({ username: 'secure', password: PASSWORD }),
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-atelier_sid=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Domain=/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await handshake(server.url, 'https://atelier.example.org')).status).toBe(200);
    expect((await handshake(server.url, `http://${new URL(server.url).host}`)).status).toBe(403);
  });
});
