// ATELIER_PREVIEW_ORIGIN: previews on a domain of their own, `<token>-<machine>-<port>.<domain>`, with full
// fidelity (the page keeps its cookies, host-only) since that origin shares nothing with the platform.
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const SERVE =
  "nohup perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>8080,Listen=>20,ReuseAddr=>1) or die;" +
  'while($c=$s->accept){my $l=<$c>;while(<$c>){last if /^\\r?$/} my $b="page $l";' +
  'print $c "HTTP/1.1 200 OK\\r\\nSet-Cookie: sid=1; Domain=preview.test; Path=/\\r\\nContent-Length: ".length($b)."\\r\\n\\r\\n$b";' +
  "close $c}' >/dev/null 2>&1 &";

/** A request to the server with the Host a browser would send for the preview origin. */
function getWithHost(base: string, host: string, urlPath: string) {
  const { port } = new URL(base);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
    },
  );
}

describe('previews on their own origin', () => {
  let server: TestServer;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        ATELIER_COURSES_DIR: path.resolve('test/fixtures/courses'),
        ATELIER_EXERCISES_DIR: path.resolve('exercises'),
        ATELIER_PREVIEW_ORIGIN: 'http://*.preview.test',
        ATELIER_AUTO_CHECK_MS: '0',
      },
    });
    const ana = httpClient(server.url);
    await ana.post('/api/auth/register', { username: 'ana', password: 'correct horse' });
    const lab = (await ana.post('/api/labs', { courseId: 'duo' })).body.id as string;
    await server.runtime.exec(lab, ['bash', '-c', SERVE]);
    url = (await ana.post(`/api/labs/${lab}/preview`, {})).body.url;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('links to <token>-<machine>-<port>.<domain> and serves the page at its root, cookies kept host-only', async () => {
    expect(url).toMatch(/^http:\/\/[a-z2-7]{32}-web-8080\.preview\.test\/$/);
    const host = new URL(url).host;
    let res = await getWithHost(server.url, host, '/a?b=1');
    for (let i = 0; i < 20 && res.status === 502; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await getWithHost(server.url, host, '/a?b=1');
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^page GET \/a\?b=1 HTTP\/1.1/);
    expect(res.headers['set-cookie']).toEqual(['sid=1; Path=/']);
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers 404 for a host of the preview domain that names no lab, and the platform as usual', async () => {
    expect((await getWithHost(server.url, `${'a'.repeat(32)}-web-8080.preview.test`, '/')).status).toBe(404);
    expect((await getWithHost(server.url, 'junk.preview.test', '/')).status).toBe(404);
    const health = await getWithHost(server.url, '127.0.0.1', '/api/health');
    expect(health.status).toBe(200);
  });
});
