// T12 — Threat: from a machine of a multi-machine lab, a learner reaches another learner's machines, the
// host (its address on the lab's bridge, its services, the platform's port, the Docker API), the cloud
// metadata address, or the internet through DNS. Defence: one internal bridge network per lab with no
// host address on it (inhibit_ipv4), IPv6 off; names resolve only to the lab's own machines.
// Tried from inside a lab, not read from the config.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const FIXTURES = path.resolve('test/fixtures/courses');
const SERVE_8080 =
  'setsid perl -MIO::Socket::INET -e \'my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 8080,' +
  ' Listen => 5, ReuseAddr => 1) or die; while (my $c = $s->accept) { print $c "HTTP/1.0 200 OK\\r\\n\\r\\nok\\n"; close $c }\'' +
  ' >/dev/null 2>&1 < /dev/null & sleep 0.5';

describe('T12 lab networks', () => {
  let server: TestServer;
  const labs: Record<string, string> = {};
  let canary: net.Server;
  let canaryPort = 0;
  let canaryHits = 0;
  const sh = async (who: string, machine: string, script: string, timeoutMs = 30_000) =>
    (await server.runtime.exec(labs[who]!, ['bash', '-c', script], { machine, timeoutMs })).stdout.trim();
  const ipOf = async (who: string, machine: string) =>
    sh(who, machine, "ip -o -4 addr show eth0 | awk '{print $4}' | cut -d/ -f1");

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        ATELIER_COURSES_DIR: FIXTURES,
        ATELIER_EXERCISES_DIR: path.resolve('exercises'),
        ATELIER_AUTO_CHECK_MS: '0',
      },
    });
    for (const who of ['alice', 'bob']) {
      const http = httpClient(server.url);
      await http.post('/api/auth/register', { username: who, password: 'correct horse battery' });
      labs[who] = (await http.post('/api/labs', { courseId: 'duo' })).body.id;
    }
    canary = net.createServer((s) => {
      canaryHits++;
      s.end('HTTP/1.0 200 OK\r\n\r\ncanary');
    });
    await new Promise<void>((resolve) => canary.listen(0, '0.0.0.0', resolve));
    canaryPort = (canary.address() as net.AddressInfo).port;
  }, 120_000);
  afterAll(async () => {
    canary?.close();
    await server?.close();
  });

  it('reaches the lab’s own machines by name, over IPv4 only', async () => {
    await sh('alice', 'app', SERVE_8080);
    expect(await sh('alice', 'web', 'curl -s -m 3 http://app:8080/')).toBe('ok');
    expect(await sh('alice', 'web', 'cat /proc/sys/net/ipv6/conf/all/disable_ipv6')).toBe('1');
    // One interface on the lab's network; its gateway address is held by nobody (tried below).
    expect(await sh('alice', 'web', "ip -o -4 addr show | awk '{print $2}' | sort | tr '\\n' ' '")).toBe(
      'eth0 lo',
    );
  });

  it('reaches nothing else: another lab, the host, the platform, Docker, metadata, the internet', async () => {
    await sh('bob', 'app', SERVE_8080);
    const bobApp = await ipOf('bob', 'app');
    const aliceWeb = await ipOf('alice', 'web');
    expect(bobApp).toMatch(/^10\.213\./);
    const gateway = aliceWeb.replace(/\.\d+$/, (last) => `.${(Number(last.slice(1)) & ~15) + 1}`);
    const hostIps = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    const platformPort = new URL(server.url).port;
    const targets = [
      `http://${bobApp}:8080/`, // another learner's machine
      `http://${gateway}:${canaryPort}/`, // the lab network's gateway address (nobody holds it)
      ...hostIps.map((ip) => `http://${ip}:${canaryPort}/`),
      ...hostIps.map((ip) => `http://${ip}:${platformPort}/api/health`),
      `http://172.17.0.1:${canaryPort}/`,
      'http://172.17.0.1:2375/version',
      'http://169.254.169.254/latest/meta-data/',
      'http://deb.debian.org/',
    ];
    const script = targets
      .map((t) => `(curl -sS -m 3 -o /dev/null "${t}" 2>/dev/null; echo "${t} $?") &`)
      .concat('wait')
      .join('\n');
    const lines = (await sh('alice', 'web', script, 60_000)).split('\n');
    console.log(`[T12] from alice/web: ${lines.join('; ')}`);
    expect(lines).toHaveLength(targets.length);
    // 6: name not resolved, 7: no route / refused, 28: timed out; never 0.
    for (const line of lines) expect(line).toMatch(/ (6|7|28)$/);
    expect(canaryHits).toBe(0);
    // Bob's own machines still reach his service.
    expect(await sh('bob', 'web', 'curl -s -m 3 http://app:8080/')).toBe('ok');
    // Names resolve to the lab's machines only: bob's "app" is not alice's.
    expect(await sh('alice', 'web', 'getent hosts app | cut -d" " -f1')).not.toBe(bobApp);
  }, 90_000);
});
