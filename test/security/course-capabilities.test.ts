// T15 — Threat: a course grants CAP_NET_ADMIN to one machine (a firewall course, nftables on `web`) and the
// learner uses it beyond their own machine: to reach the host, another lab or the internet by changing
// addresses, routes, neighbours or interfaces; to change the host's firewall; to write net sysctls or open
// a tun device; or the grant leaks to the lab's other machine or to the grader.
// Defence: the grant is per machine from an allow-list (COURSE_CAPABILITIES); NET_ADMIN acts in the
// machine's own network namespace, on a lab bridge that is internal with no host address; /proc/sys is
// read-only, no /dev/net/tun, no MKNOD, no SYS_ADMIN. Tried from inside real labs on the real engine.
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADER_CAPABILITIES, LAB_CAPABILITIES, LABEL } from '../../server/sandbox/container-profile.js';
import { docker } from '../support/docker-client.js';
import { httpClient, startTestServer, type TestServer } from '../support/server.js';

const COURSES = path.resolve('test/fixtures/courses-capabilities');
const CAP_BIT: Record<string, number> = {
  ...{ CHOWN: 0, DAC_OVERRIDE: 1, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7 },
  ...{ NET_BIND_SERVICE: 10, NET_ADMIN: 12, SYS_CHROOT: 18, SYS_PTRACE: 19, AUDIT_WRITE: 29 },
};
const mask = (caps: readonly string[]) => caps.reduce((m, c) => m | (1n << BigInt(CAP_BIT[c]!)), 0n);
/** The host's firewall as text, without counters and comments (they change with any traffic). */
const hostFirewall = () =>
  ['iptables-save', 'nft list ruleset']
    .map((cmd) => execFileSync('sh', ['-c', `${cmd} 2>/dev/null`], { encoding: 'utf8' }))
    .join('\n')
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/g, '').replace(/counter packets \d+ bytes \d+/g, 'counter'));
// Other tests on this engine create and remove networks meanwhile: Docker's rules for those name a bridge.
const DOCKER_BOOKKEEPING = /br-[0-9a-f]{12}|docker0|-j DOCKER|DNAT|MASQUERADE|masquerade|dnat to/;

describe('T15 course capabilities (NET_ADMIN on one machine)', () => {
  let server: TestServer;
  const labs: Record<string, string> = {};
  let tcpHits = 0;
  let udpHits = 0;
  const canary = net.createServer((s) => {
    tcpHits++;
    s.end('HTTP/1.0 200 OK\r\n\r\ncanary');
  });
  const udp = dgram.createSocket('udp4').on('message', () => udpHits++);
  let canaryPort = 0;
  const sh = async (who: string, machine: string, script: string, timeoutMs = 60_000) =>
    server.runtime.exec(labs[who]!, ['bash', '-c', script], { machine, timeoutMs });
  const out = async (who: string, machine: string, script: string, timeoutMs?: number) =>
    (await sh(who, machine, script, timeoutMs)).stdout.trim();
  const ipOf = (who: string, machine: string) =>
    out(who, machine, "ip -o -4 addr show eth0 | awk '{print $4}' | head -1 | cut -d/ -f1");
  const hostIps = Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        ATELIER_COURSES_DIR: COURSES,
        ATELIER_EXERCISES_DIR: path.resolve('exercises'),
        ATELIER_AUTO_CHECK_MS: '0',
      },
    });
    for (const who of ['alice', 'bob']) {
      const http = httpClient(server.url);
      await http.post('/api/auth/register', { username: who, password: 'correct horse battery' });
      const lab = await http.post('/api/labs', { courseId: 'pare-feu' });
      if (lab.status !== 200) throw new Error(`lab for ${who}: ${lab.status} ${JSON.stringify(lab.body)}`);
      labs[who] = lab.body.id;
    }
    await new Promise<void>((resolve) => canary.listen(0, '0.0.0.0', resolve));
    canaryPort = (canary.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => udp.bind(canaryPort, '0.0.0.0', resolve));
    // Offline installs from the image's .deb files: the firewall, and two real services to filter.
    const install =
      'DEBIAN_FRONTEND=noninteractive apt-get install -y -q nftables nginx openssh-server >/dev/null 2>&1';
    const starts = await Promise.all([
      sh('alice', 'web', `${install} && service nginx start && service ssh start && sleep 1`, 300_000),
      sh('alice', 'client', install, 300_000),
    ]);
    for (const r of starts) expect(r.exitCode, r.stderr).toBe(0);
  }, 400_000);
  afterAll(async () => {
    canary.close();
    udp.close();
    await server?.close();
  });

  it('grants NET_ADMIN to web only, never to client nor to web’s grader', async () => {
    const capEff = async (machine: string) =>
      BigInt(`0x${await out('alice', machine, "awk '/^CapEff/ {print $2}' /proc/self/status")}`);
    expect(await capEff('web')).toBe(mask([...LAB_CAPABILITIES, 'NET_ADMIN']));
    expect(await capEff('client')).toBe(mask(LAB_CAPABILITIES));
    const g = await server.runtime.inspect(
      labs.alice!,
      "awk '/^CapEff/ {print $2}' /proc/self/status; ip link set lo mtu 1280; echo rc=$?",
      { machine: 'web' },
    );
    expect(BigInt(`0x${g.stdout.split('\n')[0]}`)).toBe(mask(GRADER_CAPABILITIES));
    expect(g.stdout).toContain('rc=2'); // RTNETLINK answers: Operation not permitted
    const graders = await docker.listContainers({ filters: { label: [`${LABEL.grader}=${labs.alice}`] } });
    expect(graders.length).toBeGreaterThan(0);
    for (const c of graders)
      expect((await docker.getContainer(c.Id).inspect()).HostConfig.CapAdd).not.toContain('NET_ADMIN');
  });

  it('lets web filter with nftables, really: client no longer reaches web:80 nor web:22', async () => {
    const probe =
      'curl -s -m 3 -o /dev/null -w "http=%{http_code}\\n" http://web/; timeout 3 bash -c "exec 3<>/dev/tcp/web/22 && head -c 7 <&3"; echo " ssh=$?"';
    const open = await out('alice', 'client', probe);
    expect(open).toMatch(/http=200/);
    expect(open).toMatch(/SSH-2.0 ssh=0/);
    const rules =
      "nft add table inet f && nft add chain inet f input '{ type filter hook input priority 0; policy drop; }'" +
      " && nft add rule inet f input iif lo accept && nft list ruleset | grep -c 'policy drop'";
    expect(await out('alice', 'web', rules)).toBe('1');
    const closed = await out('alice', 'client', probe);
    console.log(
      `[T15] client → web before: ${open.replace(/\n/g, ' ')}; after policy drop: ${closed.replace(/\n/g, ' ')}`,
    );
    expect(closed).toMatch(/http=000/);
    expect(closed).not.toMatch(/SSH-2.0/);
    expect(closed).toMatch(/ssh=(1|124)/);
    expect(await out('alice', 'web', 'curl -s -m 3 -o /dev/null -w "%{http_code}" http://127.0.0.1/')).toBe(
      '200',
    );
    await out('alice', 'web', 'nft delete table inet f');
    expect(await out('alice', 'client', probe)).toMatch(/http=200/);
  }, 60_000);

  it('refuses nft and ip changes on client, which has no NET_ADMIN', async () => {
    const tries = [
      'nft list ruleset',
      'nft add table inet f',
      'ip addr add 10.9.9.9/32 dev eth0',
      'ip link set eth0 down',
      'ip link set eth0 mtu 1280',
      'ip route add 10.9.9.0/24 dev eth0',
    ];
    const r = await out(
      'alice',
      'client',
      tries.map((t) => `${t} >/dev/null 2>&1; echo "${t}=$?"`).join('\n'),
    );
    console.log(`[T15] client without NET_ADMIN: ${r.replace(/\n/g, '; ')}`);
    for (const line of r.split('\n')) expect(line).not.toMatch(/=0$/);
  });

  it('reaches nothing outside the lab from web, whatever addresses, routes, neighbours or macvlans it sets', async () => {
    const [aliceWeb, bobWeb, bobClient] = [
      await ipOf('alice', 'web'),
      await ipOf('bob', 'web'),
      await ipOf('bob', 'client'),
    ];
    const gateway = aliceWeb.replace(/\.\d+$/, (last) => `.${(Number(last.slice(1)) & ~15) + 1}`);
    const fake = aliceWeb.replace(/\.\d+$/, (last) => `.${(Number(last.slice(1)) & ~15) + 14}`);
    const platformPort = new URL(server.url).port;
    const targets = [
      `http://${bobWeb}/`, // another lab's machines (bob's nginx is not installed: any answer would do)
      `http://${bobClient}:22/`,
      `http://${gateway}:${canaryPort}/`,
      ...hostIps.flatMap((ip) => [
        `http://${ip}:${canaryPort}/`,
        `http://${ip}:${platformPort}/api/health`,
        `http://${ip}:2375/version`,
      ]),
      `http://172.17.0.1:${canaryPort}/`,
      'http://172.17.0.1:2375/version',
      'http://169.254.169.254/latest/meta-data/',
      'http://1.1.1.1/',
      'http://deb.debian.org/',
    ];
    const udpTo = [...hostIps, '172.17.0.1', gateway]
      .map((ip) => `echo x > /dev/udp/${ip}/${canaryPort}`)
      .join('; ');
    const tryAll = targets
      .map((t) => `(curl -sS -m 3 -o /dev/null "${t}" 2>/dev/null; echo "${t} $?") &`)
      .concat('wait')
      .join('\n');
    // Each way web may try to leave: its own network's gateway (held by nobody); a gateway whose neighbour
    // entry is the broadcast address; an address in another lab's subnet and in Docker's default bridge;
    // a macvlan on eth0 with its own address and a default route through it.
    const setups: Record<string, string> = {
      'gateway address taken': `ip addr add ${gateway}/28 dev eth0; ip route replace default via ${gateway}`,
      'broadcast neighbour': `ip neigh replace ${fake} lladdr ff:ff:ff:ff:ff:ff dev eth0 nud permanent; ip route replace default via ${fake}`,
      'foreign addresses': `ip addr add ${bobWeb.replace(/\.\d+$/, '.13')}/28 dev eth0; ip addr add 172.17.0.250/16 dev eth0; ip route replace default dev eth0`,
      macvlan: `ip link add mv0 link eth0 type macvlan mode bridge && ip addr add 172.17.0.251/16 dev mv0 && ip link set mv0 up && ip route replace default dev mv0`,
    };
    const udpBefore = udpHits;
    for (const [name, setup] of Object.entries(setups)) {
      const udp0 = udpHits;
      const r = await sh('alice', 'web', `${setup} 2>&1 | sed 's/^/setup: /'; ${udpTo}; ${tryAll}`);
      const lines = r.stdout
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('setup: '));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const reached = lines.filter((l) => !/ (6|7|28)$/.test(l)).join('; ') || 'all failed (6/7/28)';
      console.log(`[T15] web (${name}): TCP ${reached}; UDP datagrams at the host: ${udpHits - udp0}`);
      expect(lines).toHaveLength(targets.length);
      for (const line of lines) expect(line, name).toMatch(/ (6|7|28)$/);
      await sh(
        'alice',
        'web',
        `ip link del mv0 2>/dev/null; ip neigh flush dev eth0 nud all; ip addr flush dev eth0; ip addr add ${aliceWeb}/28 dev eth0; ip route replace default via ${gateway}`,
      );
    }
    expect(tcpHits).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    const rpFilter = execFileSync('cat', ['/proc/sys/net/ipv4/conf/all/rp_filter'], {
      encoding: 'utf8',
    }).trim();
    // The platform set loose reverse-path filtering on the lab's bridge when it made the network: even on
    // this host (rp_filter 0 host-wide), nothing from the lab reaches the host's stack, not even one way.
    const bridge = await bridgeOf(labs.alice!);
    const knob = `/proc/sys/net/ipv4/conf/${bridge}/rp_filter`;
    console.log(
      `[T15] UDP datagrams at the host canary from web: ${udpHits - udpBefore} (host rp_filter=${rpFilter}, ${bridge} ${readFileSync(knob, 'utf8').trim()})`,
    );
    expect(readFileSync(knob, 'utf8').trim()).toBe('2');
    expect(udpHits - udpBefore).toBe(0);
    const udpGuarded = udpHits;
    await sh(
      'alice',
      'web',
      `${setups['broadcast neighbour']}; ${udpTo}; perl -MIO::Socket::INET -e 'IO::Socket::INET->new(Proto=>"udp",PeerAddr=>"255.255.255.255",PeerPort=>${canaryPort},Broadcast=>1)->send("b")'`,
    );
    await new Promise((r) => setTimeout(r, 500));
    console.log(`[T15] a broadcast from web: ${udpHits - udpGuarded} datagrams at the host`);
    expect(udpHits - udpGuarded).toBe(0);
    // Bob's lab still works on its own: his web answers (refused: no server there), it does not time out.
    expect(await out('bob', 'client', 'curl -s -m 3 http://web/; echo $?')).toBe('7');
  }, 180_000);

  it('leaves the host’s firewall as it was when web flushes and rewrites its own ruleset', async () => {
    const before = hostFirewall();
    await out(
      'alice',
      'web',
      [
        'nft flush ruleset',
        "nft add table ip atelier_probe && nft add chain ip atelier_probe fwd '{ type filter hook forward priority -500; policy drop; }'",
        "nft add chain ip atelier_probe post '{ type nat hook postrouting priority 100; }' && nft add rule ip atelier_probe post masquerade",
        "nft add table netdev atelier_probe && nft add chain netdev atelier_probe in '{ type filter hook ingress device eth0 priority 0; policy drop; }'",
      ].join('; '),
    );
    const after = hostFirewall();
    const changed = [
      ...after.filter((l) => !before.includes(l)),
      ...before.filter((l) => !after.includes(l)),
    ];
    console.log(
      `[T15] host firewall: ${before.length} lines, ${changed.length} changed meanwhile (other labs' networks): ${changed.slice(0, 3).join(' | ')}`,
    );
    expect(after.join('\n')).not.toMatch(/atelier_probe/);
    for (const line of changed) expect(line).toMatch(DOCKER_BOOKKEEPING);
    await out('alice', 'web', 'nft flush ruleset');
  });

  it('keeps net sysctls read-only and tun devices out of reach, even with NET_ADMIN', async () => {
    const tries = [
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      'sysctl -w net.ipv6.conf.all.disable_ipv6=0',
      'sysctl -w net.ipv4.conf.all.rp_filter=0',
      'test -e /dev/net/tun',
      'mknod /tmp/tun c 10 200',
      'ip tuntap add tap0 mode tap',
      'unshare -n true',
      'ip netns add other',
    ];
    const r = await out(
      'alice',
      'web',
      tries.map((t) => `(${t}) >/dev/null 2>&1; echo "${t}=$?"`).join('\n'),
    );
    console.log(`[T15] web with NET_ADMIN: ${r.replace(/\n/g, '; ')}`);
    for (const line of r.split('\n')) expect(line).not.toMatch(/=0$/);
    expect(await out('alice', 'web', 'awk \'$5 == "/proc/sys" {print $6}\' /proc/self/mountinfo')).toMatch(
      /^ro,/,
    );
    expect(await out('alice', 'web', 'cat /proc/sys/net/ipv6/conf/all/disable_ipv6')).toBe('1');
  });
});

/** The host-side bridge of the lab's network (`br-` and the network id's first 12 digits). */
async function bridgeOf(labId: string): Promise<string> {
  const list = await docker.listContainers({ filters: { label: [`${LABEL.lab}=${labId}`] } });
  const info = await docker.getContainer(list[0]!.Id).inspect();
  const network = Object.values(info.NetworkSettings.Networks)[0]!;
  return `br-${network.NetworkID.slice(0, 12)}`;
}
