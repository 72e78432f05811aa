// A root learner fakes the services the service checks look at (tls, dns, reach, sql, http headers): fake
// tools in the lab, fake listeners and resolvers, forged /etc/hosts and /etc/resolv.conf, a certificate on
// disk that is not the one served. The grader runs its own image's tools, asks Docker's resolver for lab
// names, and verifies what is served: none of it passes a check it should not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckSpec } from '../../server/courses/checks/index.js';
import { startServiceLab, type ServiceLab } from '../integration/checks/service-lab.js';

const ca = { machine: 'client', path: '/root/ca/ca.crt' };
const app = { engine: 'postgres' as const, user: 'app', password: 's3cret-Pw', database: 'shop' };

/** Prints a forged success whatever it is asked, as every planted tool does. */
const FAKE = `#!/bin/bash
echo ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1'
echo ';; flags: qr aa rd ra; QUERY: 1, ANSWER: 1'
echo 'www.atelier.test. 300 IN A 10.9.9.9'
echo 999; echo 'New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384'; echo 301
exit 0
`;

async function passed(lab: ServiceLab, specs: CheckSpec[]): Promise<boolean[]> {
  return (await lab.verdicts(specs)).map((c) => c.passed);
}

describe('service checks against a root learner’s fakes', () => {
  let lab: ServiceLab;
  beforeAll(async () => {
    lab = await startServiceLab();
    await lab.sh('client', 'apt-get install -y unbound >/dev/null 2>&1');
  }, 300_000);
  afterAll(async () => lab?.remove());

  it('F1: fake openssl, dig, psql, curl and mariadb in the lab change nothing', async () => {
    await lab.sh(
      'client',
      `cat > /tmp/fake <<'X'\n${FAKE}X
cp /usr/bin/openssl /root/openssl.real
for t in /usr/bin/openssl /usr/bin/dig /usr/bin/psql /usr/bin/curl /usr/bin/mariadb /usr/lib/postgresql/*/bin/psql /usr/local/bin/dig; do
  [ -e "$t" ] || [ "$t" = /usr/local/bin/dig ] || continue; cp /tmp/fake "$t"; chmod 755 "$t"; done`,
    );
    const on = { machine: 'client' };
    expect(
      await passed(lab, [
        check.dns('www.atelier.test', { ...on, server: 'ns', expect: '10.9.9.9' }),
        check.sql('SELECT count(*) FROM stock', { ...app, ...on, host: 'web', expect: '999' }),
        check.http('http://web/', { ...on, status: 301, location: 'https://evil/' }),
        check.tls('https://web/', { ...on, ca, names: ['evil.example'] }),
        // …while the truth still passes.
        check.dns('www.atelier.test', { ...on, server: 'ns', expect: { addressOf: 'web' } }),
        check.sql('SELECT count(*) FROM stock', { ...app, ...on, host: 'web', expect: '2' }),
        check.tls('https://web/', { ...on, ca }),
      ]),
    ).toEqual([false, false, false, false, true, true, true]);
  });

  it('F2: forged /etc/hosts and resolv.conf, a fake resolver and fake listeners on the client', async () => {
    const webCert = lab.pem.web + lab.pem.webKey;
    await lab.sh(
      'client',
      `cat > /etc/unbound/unbound.conf.d/fake.conf <<'X'
server:
  interface: 127.0.0.1
  username: ""
  local-zone: "atelier.test." static
  local-data: "www.atelier.test. 300 IN A 10.9.9.9"
X
rm -f /etc/unbound/unbound.conf.d/root-auto-trust-anchor-file.conf; unbound >/dev/null 2>&1
printf '127.0.0.1 web ns www.atelier.test\\n' >> /etc/hosts; echo 'nameserver 127.0.0.1' > /etc/resolv.conf
cat > /root/web.pem <<'X'\n${webCert}X
# The real certificate and key of web, served by a listener on the client itself; and a fake "open" port.
(/root/openssl.real s_server -accept 443 -cert /root/web.pem -www >/dev/null 2>&1 &) 2>/dev/null || true
nohup perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>8080,Listen=>5,ReuseAddr=>1) or die; while($c=$s->accept){close $c}' >/dev/null 2>&1 &
sleep 0.5`,
    );
    // web's nginx stops: the client's own listener must not pass for it.
    await lab.sh('web', 'service nginx stop >/dev/null');
    const on = { machine: 'client' };
    const r = await lab.verdicts([
      check.reach('web', 8080, on),
      check.dns('www.atelier.test', { ...on, server: 'ns', expect: '10.9.9.9' }),
      check.tls('https://web/', { ...on, ca }),
      check.reach('web', 5432, on),
      check.dns('www.atelier.test', { ...on, server: 'ns', expect: { addressOf: 'web' } }),
      // The default server is what the machine's programs use: its resolv.conf, forged or not (the
      // honest limit, docs/COURSES.md): the fake resolver answers this one.
      check.dns('www.atelier.test', { ...on, expect: '10.9.9.9' }),
    ]);
    expect(r.map((c) => c.passed)).toEqual([false, false, false, true, true, true]);
    expect(r[0]?.message).toBe('web:8080 refuses the connection.');
    expect(r[2]?.message).toBe('Nothing listens at https://web/ (connection refused).');
    await lab.sh('web', 'service nginx start >/dev/null');
  });

  it('F3: a certificate on disk is not the one served; a self-signed one with the right names fails', async () => {
    await lab.sh(
      'web',
      `mkdir -p /etc/letsencrypt/live/web && cp /etc/ssl/atelier/web.crt /etc/letsencrypt/live/web/fullchain.pem
cat > /etc/ssl/atelier/web.crt <<'X'\n${lab.pem.self}X
cat > /etc/ssl/atelier/web.key <<'X'\n${lab.pem.selfKey}X
service nginx restart >/dev/null`,
    );
    const r = await lab.verdicts([
      check.file('/etc/letsencrypt/live/web/fullchain.pem', {
        machine: 'web',
        contains: 'BEGIN CERTIFICATE',
      }),
      check.tls('https://web/', { machine: 'client', ca, names: ['web', 'www.atelier.test'] }),
      check.tls('https://localhost/', { machine: 'web', ca, names: ['web'] }),
    ]);
    expect(r.map((c) => c.passed)).toEqual([true, false, false]);
    expect(r[1]?.message).toBe('The served certificate is self-signed ("web"), not issued by the lab\'s CA.');
  });
});
