// A second real Docker Engine on this machine, next to the default one (root only): its own data root,
// exec root, pidfile, bridge, cgroup parent and containerd (the managed one, under its exec root: there is no
// system containerd socket here), listening only on 127.0.0.1 with mutual TLS (-H names no unix socket).
// --iptables=false: at start, dockerd's bridge driver deletes and recreates the DOCKER and DOCKER-ISOLATION
// chains, which would wipe the default engine's rules. Its containers thus get no NAT and no isolation rules
// from Docker; labs use no network or internal ones, and one FORWARD rule lets a lab's machines talk.
// One second engine at a time: the address ranges are fixed.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { closeSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import type { EngineConfig } from '../../server/sandbox/engine-types.js';
import { freePort } from './ports.js';

/** Its bridge, clear of docker0 (172.17/16) and of the default lab range (10.213/16). No
 * --default-address-pool: with one, dockerd 20.10 deletes the link named docker0 (the default engine's)
 * at every start on an existing data root. Labs give their networks a subnet, so no pool is drawn from. */
const BRIDGE_CIDR = '10.214.0.1/24';
/** Its labs' networks (engineConfig): a range of their own, so a subnet names one engine. */
export const SECOND_ENGINE_LAB_SUBNETS = '10.215.0.0/16';
/** Bridged frames cross FORWARD (br_netfilter), whose policy is DROP. */
const FORWARD_RULE =
  `FORWARD -s ${SECOND_ENGINE_LAB_SUBNETS} -d ${SECOND_ENGINE_LAB_SUBNETS} -j ACCEPT`.split(' ');

export interface SecondEngine {
  name: string;
  /** tcp://127.0.0.1:PORT */
  url: string;
  /** The client side's PEM files. */
  tls: { ca: string; cert: string; key: string };
  /** Its temp dir; the log is dockerd.log there. */
  dir: string;
  engineConfig(extra?: Partial<EngineConfig>): EngineConfig;
  docker(): Dockerode;
  /** Like a host that died: dockerd, containerd, shims and containers SIGKILLed; resolves once gone. */
  kill(): Promise<void>;
  /** Starts it (again) on the same data root; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and empties its data root: the next start() is an empty engine. */
  wipe(): Promise<void>;
  /** Teardown: stops it, removes its processes, mounts, cgroups, bridges, FORWARD rule and files. */
  stop(): Promise<void>;
}

const run = (cmd: string, args: string[], cwd?: string) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
const attempt = (fn: () => unknown) => {
  try {
    fn();
  } catch {
    /* already gone */
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A zombie counts as gone: this machine's init reaps orphans seconds later. */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const CERTIFICATES = `set -e
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
key ca-key.pem
openssl req -x509 -new -key ca-key.pem -out ca.pem -days 2 -subj /CN=atelier-test-ca
printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' >server.ext
printf 'extendedKeyUsage=clientAuth\\n' >client.ext
for who in server client; do
  key $who-key.pem
  openssl req -new -key $who-key.pem -subj /CN=atelier-$who |
    openssl x509 -req -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile $who.ext -out $who-cert.pem
done`;

const cgroupRoots = (cgroup: string) =>
  readdirSync('/sys/fs/cgroup')
    .map((c) => join('/sys/fs/cgroup', c, cgroup))
    .filter(existsSync);
/** A cgroup and its descendants, deepest first. */
const cgroupTree = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => cgroupTree(join(root, e.name)))
    .concat(root);

/** Its containers' processes: those in its cgroup parent. */
const containerPids = (cgroup: string) =>
  cgroupRoots(cgroup)
    .flatMap(cgroupTree)
    .flatMap((cg) => readFileSync(join(cg, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number));

async function killAll(pids: number[]): Promise<void> {
  for (const pid of pids) attempt(() => process.kill(pid, 'SIGKILL'));
  for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(100);
}

/** What a dead host loses: containers, containerd and shims (its dir in their command line), mounts. */
async function killEverything(dir: string, cgroup: string): Promise<void> {
  const pids = containerPids(cgroup);
  for (const p of readdirSync('/proc').filter((e) => /^\d+$/.test(e)))
    attempt(() => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir) && pids.push(Number(p)));
  await killAll(pids);
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '');
  for (const m of mounts.filter((m) => m.startsWith(dir)).sort((a, b) => b.length - a.length))
    attempt(() => run('umount', ['-l', m]));
}

/** What outlives its processes: cgroups, bridges (its own and its networks'), the FORWARD rule. */
function removeHostParts(dir: string, cgroup: string, bridge: string): void {
  for (const cg of cgroupRoots(cgroup).flatMap(cgroupTree)) attempt(() => rmdirSync(cg));
  // Docker names a network's bridge br-<first 12 of its id>; the ids are in its own network store.
  const store = join(dir, 'data/network/files/local-kv.db');
  const ids = existsSync(store)
    ? (readFileSync(store, 'latin1').match(/(?<=bridge\/)[0-9a-f]{64}/g) ?? [])
    : [];
  for (const link of new Set([bridge, ...ids.map((id) => `br-${id.slice(0, 12)}`)]))
    attempt(() => run('ip', ['link', 'del', link]));
  attempt(() => run('iptables', ['-D', ...FORWARD_RULE]));
}

export async function startSecondEngine(opts: { name?: string } = {}): Promise<SecondEngine> {
  const name = opts.name ?? 'engine2';
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(name)) throw new Error(`bad engine name ${name}`);
  const dir = mkdtempSync(join(tmpdir(), 'ateng-'));
  const at = (p: string) => join(dir, p);
  const [tlsDir, data, exec, log] = [at('tls'), at('data'), at('exec'), at('dockerd.log')];
  mkdirSync(tlsDir);
  run('bash', ['-c', CERTIFICATES], tlsDir);
  writeFileSync(join(dir, 'daemon.json'), '{}');
  const port = await freePort();
  const url = `tcp://127.0.0.1:${port}`;
  const [bridge, cgroup] = [`ateng-${name}`.slice(0, 15), `ateng-${name}`];
  const tls = {
    ca: join(tlsDir, 'ca.pem'),
    cert: join(tlsDir, 'client-cert.pem'),
    key: join(tlsDir, 'client-key.pem'),
  };
  // Its own (empty) config file: never /etc/docker/daemon.json. No path here holds a space.
  const args =
    `--config-file=${dir}/daemon.json --data-root=${data} --exec-root=${exec} --pidfile=${dir}/dockerd.pid
    -H=${url} --tlsverify --tlscacert=${tls.ca} --tlscert=${tlsDir}/server-cert.pem --tlskey=${tlsDir}/server-key.pem
    --bridge=${bridge} --iptables=false --ip-masq=false
    --cgroup-parent=/${cgroup} --shutdown-timeout=2 --log-opt=max-size=1m --log-opt=max-file=2`.split(/\s+/);
  let child: ChildProcess | undefined;
  let exited = Promise.resolve();

  const docker = () =>
    new Dockerode({
      protocol: 'https',
      host: '127.0.0.1',
      port,
      ca: readFileSync(tls.ca),
      cert: readFileSync(tls.cert),
      key: readFileSync(tls.key),
    });
  const signal = async (sig: NodeJS.Signals, waitMs: number) => {
    if (!child) return;
    child.kill(sig);
    await Promise.race([exited, sleep(waitMs)]);
  };
  // Its containers killed once it shuts down (no restart then): it would give each 10 s to heed SIGTERM.
  const halt = async () => {
    if (child) {
      child.kill('SIGTERM');
      await sleep(100);
      await killAll(containerPids(cgroup));
      await Promise.race([exited, sleep(10_000)]);
    }
    await signal('SIGKILL', 5_000);
    await killEverything(dir, cgroup);
    removeHostParts(dir, cgroup, bridge);
  };

  const start = async () => {
    if (child) return;
    attempt(() => run('ip', ['link', 'del', bridge]));
    run('ip', ['link', 'add', bridge, 'type', 'bridge']);
    run('ip', ['addr', 'add', BRIDGE_CIDR, 'dev', bridge]);
    run('ip', ['link', 'set', bridge, 'up']);
    attempt(() => run('iptables', ['-D', ...FORWARD_RULE]));
    run('iptables', ['-I', 'FORWARD', '1', ...FORWARD_RULE.slice(1)]);
    const out = openSync(log, 'a');
    const proc = spawn('dockerd', args, { stdio: ['ignore', out, out] });
    closeSync(out);
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    void exited.then(() => child === proc && (child = undefined));
    const deadline = Date.now() + 30_000;
    const client = docker();
    const answers = () =>
      client.ping().then(
        () => true,
        () => false,
      );
    while (!(await answers())) {
      if (child !== proc || Date.now() > deadline) {
        await halt();
        const tail = readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
        throw new Error(`second engine ${name} did not start:\n${tail}`);
      }
      await sleep(100);
    }
  };

  const engine: SecondEngine = {
    name,
    url,
    tls,
    dir,
    engineConfig: (extra = {}) => ({
      ...{ name, url, tls, mode: 'active', labSubnets: SECOND_ENGINE_LAB_SUBNETS },
      capacity: { labs: 0, memoryBytes: 0 },
      ...extra,
    }),
    docker,
    // With its shims alive, the next dockerd would stop their containers (10 s each) and not restart them.
    // Its killed containerd lingers as a zombie, which the next dockerd would reuse through its pid file.
    kill: async () => {
      await signal('SIGKILL', 5_000);
      await killEverything(dir, cgroup);
      for (const f of ['exec/containerd/containerd.pid', 'dockerd.pid'])
        rmSync(join(dir, f), { force: true });
    },
    start,
    wipe: async () => {
      await halt();
      for (const d of [data, exec]) rmSync(d, { recursive: true, force: true });
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await start();
  return engine;
}
