// T10/T11 — Threat: from a lab, a learner reaches another learner's lab (their nginx, their shell) or the
// host's services: the platform's port, the Docker API over TCP, a database bound to 0.0.0.0.
// Defence: NetworkMode "none": a lab has only its own loopback; no route leaves the container.
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import { inLab, learner, removeContainers, startServer, type Learner } from './support/lab-harness.js';

describe('T10 lateral movement', () => {
  let server: TestServer;
  let a: Learner;
  let b: Learner;
  let canary: net.Server;
  let canaryPort = 0;
  let canaryHits = 0;
  const containers: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    [a, b] = [await learner(server, 'alice', containers), await learner(server, 'bob', containers)];
    // A service on every host interface, as a careless host might run one; the test owns it.
    canary = net.createServer((s) => {
      canaryHits++;
      s.end('HTTP/1.0 200 OK\r\n\r\ncanary');
    });
    await new Promise<void>((resolve) => canary.listen(0, '0.0.0.0', resolve));
    canaryPort = (canary.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    canary?.close();
    await server?.close();
    await removeContainers(containers);
  });

  it('gives a lab no interface but loopback and no route', async () => {
    for (const lab of [a, b]) {
      const r = await inLab(
        server,
        lab.labId,
        'ip -o -4 addr show | awk "{print \\$2}"; echo "routes=$(ip route | wc -l)"',
      );
      expect(r.stdout.trim().split('\n')).toEqual(['lo', 'routes=0']);
    }
  });

  it('cannot reach another lab, the host’s services or the platform port', async () => {
    // B serves HTTP on all its interfaces, like a learner's nginx would.
    const serve =
      'my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die;' +
      ' while (my $c = $s->accept) { print $c "HTTP/1.0 200 OK\\r\\n\\r\\nok\\n"; close $c }';
    await inLab(
      server,
      b.labId,
      `setsid perl -MIO::Socket::INET -e '${serve}' >/dev/null 2>&1 < /dev/null & sleep 0.5`,
    );
    const hostIps = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    const platformPort = new URL(server.url).port;
    const targets = [
      ...hostIps.map((ip) => `http://${ip}:${canaryPort}/`), // host service bound to 0.0.0.0
      ...hostIps.map((ip) => `http://${ip}:${platformPort}/api/health`), // the platform, if it listened widely
      `http://127.0.0.1:${platformPort}/api/health`, // loopback is the lab's own
      `http://127.0.0.1:${canaryPort}/`,
      'http://172.17.0.1:2375/version', // Docker API over TCP on the default bridge gateway
    ];
    const script = targets
      .map((t) => `curl -sS -m 3 -o /dev/null "${t}" 2>/dev/null; echo "${t} $?"`)
      .join('\n');
    const t0 = performance.now();
    const r = await inLab(server, a.labId, script, 60_000);
    const lines = r.stdout.trim().split('\n');
    console.log(
      `[T10] ${targets.length} targets from lab A in ${(performance.now() - t0).toFixed(0)} ms: ${lines.join('; ')}`,
    );
    expect(hostIps.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/ (7|28)$/); // couldn't connect / timed out
    expect(canaryHits).toBe(0);
    // Only B itself can talk to its own service.
    expect(
      (await inLab(server, b.labId, 'curl -s -m 3 http://127.0.0.1:8080/ || echo fail')).stdout,
    ).toContain('ok');
  }, 90_000);
});
