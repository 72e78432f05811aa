// The Docker floors of multi-machine labs, on bare containers made from the create bodies the profile
// gives a lab (no Atelier code in the path): a lab's network and machines created, started and a shell
// opened; and a page served by the same kind of machine on a bridge the host can reach by address.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { loadConfig } from '../server/config.js';
import { labContainerSpec, labNetworkSpec } from '../server/sandbox/container-profile.js';
import { docker } from '../test/support/docker-client.js';
import { shellFloor } from './floors.js';

const config = loadConfig();
export const BASE_IMAGE = `${config.imagePrefix}/base`;
const PREFIX = 'atelier-bench-floor';
const profile = { prefix: PREFIX, allowedImages: new Set([BASE_IMAGE]), imageHash: 'bench-floor' };

/**
 * A /28 outside ATELIER_LAB_SUBNETS' default (servers of other runs may allocate there meanwhile),
 * retried while Docker says it overlaps a network that exists.
 */
async function withFreeSubnet(
  create: (subnet: string) => Promise<Dockerode.Network>,
): Promise<Dockerode.Network> {
  for (let attempt = 0; ; attempt++) {
    const n = randomBytes(2).readUInt16BE(0) & 0xfff0;
    const subnet = `10.214.${n >> 8}.${n & 0xff}/28`;
    try {
      return await create(subnet);
    } catch (err) {
      if (!/overlap/i.test(String((err as Error).message)) || attempt > 20) throw err;
    }
  }
}

function machineBody(group: string, machine: string, machines: string[], network: string) {
  const spec = { labId: group, userId: 'bench', courseId: 'bench', image: BASE_IMAGE };
  return labContainerSpec(spec, config.lab, { ...profile, machine, machines, group, network });
}

export interface LabFloorRun {
  networkMs: number;
  machinesMs: number;
  shellMs: number;
  totalMs: number;
}

/**
 * A lab's private network created, its machines created and started at once (as the runtime does),
 * then exec TTY `bash -l` → first byte on the first machine. Everything is removed after each run.
 */
export async function labFloor(runs: number, machines = ['web', 'app']): Promise<LabFloorRun[]> {
  const out: LabFloorRun[] = [];
  for (let i = 0; i < runs; i++) {
    const group = `floor${randomBytes(4).toString('hex')}`;
    const made: Dockerode.Container[] = [];
    let network: Dockerode.Network | undefined;
    try {
      const t0 = performance.now();
      network = await withFreeSubnet((subnet) => docker.createNetwork(labNetworkSpec(PREFIX, group, subnet)));
      const t1 = performance.now();
      const name = labNetworkSpec(PREFIX, group, '').Name;
      await Promise.all(
        machines.map(async (m, idx) => {
          const c = await docker.createContainer(machineBody(group, m, machines, name));
          made[idx] = c;
          await c.start();
        }),
      );
      const t2 = performance.now();
      const [shellMs] = await shellFloor(made[0]!, 1);
      out.push({ networkMs: t1 - t0, machinesMs: t2 - t1, shellMs: shellMs!, totalMs: t2 - t0 + shellMs! });
    } finally {
      await Promise.all(made.filter(Boolean).map((c) => c.remove({ force: true }).catch(() => undefined)));
      await network?.remove().catch(() => undefined);
    }
  }
  return out;
}

/** n labs at once, each its network then its machines (no shell): wall time, everything removed after. */
export async function labBurstFloor(n: number, machines = ['web', 'app']): Promise<{ wallMs: number }> {
  const made: Dockerode.Container[] = [];
  const networks: Dockerode.Network[] = [];
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: n }, async () => {
        const group = `floor${randomBytes(4).toString('hex')}`;
        const name = labNetworkSpec(PREFIX, group, '').Name;
        networks.push(
          await withFreeSubnet((subnet) => docker.createNetwork(labNetworkSpec(PREFIX, group, subnet))),
        );
        await Promise.all(
          machines.map(async (m) => {
            const c = await docker.createContainer(machineBody(group, m, machines, name));
            made.push(c);
            await c.start();
          }),
        );
      }),
    );
    return { wallMs: performance.now() - t0 };
  } finally {
    await Promise.all(made.map((c) => c.remove({ force: true }).catch(() => undefined)));
    await Promise.all(networks.map((net) => net.remove().catch(() => undefined)));
  }
}

export interface PageMachine {
  /** http://<address>:<port>/ of the machine, reachable from the host. */
  url: string;
  dispose(): Promise<void>;
}

/**
 * A machine with a lab's body on a normal user-defined bridge (not internal: the host has an address on
 * it), running `serve` (a shell command that starts a page server on `port`).
 */
export async function pageMachine(serve: string, port: number): Promise<PageMachine> {
  const group = `direct${randomBytes(4).toString('hex')}`;
  const name = `${PREFIX}-net-${group}`;
  const network = await withFreeSubnet((subnet) =>
    docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
    }),
  );
  const c = await docker
    .createContainer(machineBody(group, 'web', ['web'], name))
    .catch(async (err: unknown) => {
      await network.remove().catch(() => undefined);
      throw err;
    });
  const dispose = async () => {
    await c.remove({ force: true }).catch(() => undefined);
    await network.remove().catch(() => undefined);
  };
  try {
    await c.start();
    const exec = await c.exec({ Cmd: ['bash', '-c', serve], AttachStdout: true, AttachStderr: true });
    const s = await exec.start({ hijack: true, stdin: false });
    await new Promise((r) => (s.on('data', () => undefined), s.once('end', r)));
    const info = await c.inspect();
    const ip = info.NetworkSettings.Networks[name]?.IPAddress;
    if (!ip) throw new Error(`no address for ${info.Name} on ${name}`);
    return { url: `http://${ip}:${port}/`, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** GET on a fresh connection (no keep-alive): milliseconds to the response head, the page's first bytes. */
export function firstByte(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { agent: false }, (res) => {
      const ms = performance.now() - t0;
      res.resume();
      if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
      else res.on('end', () => resolve(ms));
    });
    req.on('error', reject);
  });
}
