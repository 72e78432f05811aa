// An HTTP client that connects from a chosen loopback address (Linux routes all of 127.0.0.0/8 to lo), so
// a test can be "another network" for real: the server sees that address as the TCP peer. Optional extra
// headers (X-Forwarded-For) go with every request. Keeps the session cookie like a browser.
import http from 'node:http';

export function clientFrom(base: string, localAddress: string, headers: Record<string, string> = {}) {
  let cookie = '';
  const call = (method: string, url: string, body?: unknown, extra: Record<string, string> = {}) =>
    new Promise<{ status: number; body: { error?: { reason: string } } & Record<string, unknown> }>(
      (resolve, reject) => {
        const data = body === undefined ? undefined : JSON.stringify(body);
        const req = http.request(
          base + url,
          {
            method,
            localAddress,
            agent: false,
            headers: {
              ...headers,
              ...extra,
              ...(data
                ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }
                : {}),
              ...(cookie ? { cookie } : {}),
            },
          },
          (res) => {
            const set = res.headers['set-cookie']?.[0];
            if (set) cookie = set.split(';')[0]!;
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
          },
        );
        req.on('error', reject);
        req.end(data);
      },
    );
  return {
    get: (url: string, extra?: Record<string, string>) => call('GET', url, undefined, extra),
    post: (url: string, body: unknown, extra?: Record<string, string>) => call('POST', url, body, extra),
  };
}
