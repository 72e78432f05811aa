// A lab's private network (several machines): created before its machines, removed after them, its
// subnet taken from ATELIER_LAB_SUBNETS. Docker's own pools are never used, so a class of 60 gets 60.
import type Dockerode from 'dockerode';
import { readFile, writeFile } from 'node:fs/promises';
import { LABEL, labNetworkName, labNetworkSpec } from './container-profile.js';
import { ignore, statusOf } from './docker-errors.js';
import { SubnetPool, type SubnetRange } from './lab-subnets.js';

/** Another network (ours or not) already holds the subnet: Docker says its pool overlaps. */
const OVERLAP = /overlap/i;
const MAX_TRIES = 64;

/**
 * Loose reverse-path filtering on the lab's bridge (rp_filter 2, what systemd sets host-wide): the host then
 * drops packets whose source it cannot route back, so a lab machine's UDP broadcasts, or a machine with
 * NET_ADMIN routing the host's addresses over its own link, no longer reach host services even one way
 * (docs/SECURITY.md). Docker names a user network's bridge `br-` + 12 characters of its id. False when this
 * process cannot set it (not on the host's network namespace, not root).
 */
async function filterReversePath(networkId: string): Promise<boolean> {
  const file = `/proc/sys/net/ipv4/conf/br-${networkId.slice(0, 12)}/rp_filter`;
  try {
    if (Number((await readFile(file, 'utf8')).trim()) === 0) await writeFile(file, '2');
    return true;
  } catch {
    return false;
  }
}

export class LabNetworks {
  private readonly pool: SubnetPool;
  private loaded: Promise<void> | undefined;
  private warned = false;

  constructor(
    private readonly docker: Dockerode,
    private readonly prefix: string,
    range: SubnetRange,
    private readonly warn: (msg: string) => void = () => undefined,
  ) {
    this.pool = new SubnetPool(range);
  }

  /** The lab's network, created when missing (an existing one is adopted as it is). */
  async ensure(group: string): Promise<string> {
    const name = labNetworkName(this.prefix, group);
    const existing = await this.docker
      .getNetwork(name)
      .inspect()
      .catch((err: unknown) => (statusOf(err) === 404 ? undefined : Promise.reject(err)));
    if (existing) return name;
    await this.load();
    for (let attempt = 0; ; attempt++) {
      const subnet = this.pool.take();
      const made = await this.docker.createNetwork(labNetworkSpec(this.prefix, group, subnet)).then(
        async (network) => {
          if (!(await filterReversePath(String(network?.id ?? ''))) && !this.warned) {
            this.warned = true;
            this.warn(
              'lab networks: cannot set rp_filter=2 on their bridges from here (not root, or not in the ' +
                "host's network namespace): set net.ipv4.conf.all.rp_filter=2 on the host (docs/SECURITY.md)",
            );
          }
          return true;
        },
        (err: unknown) => {
          // Taken by something outside this process: keep it marked and try the next one.
          if (OVERLAP.test(String((err as Error).message)) && attempt < MAX_TRIES) return false;
          this.pool.release(subnet);
          if (statusOf(err) === 409) return true; // a racing create of the same lab's network
          throw err;
        },
      );
      if (made) return name;
    }
  }

  /** Removes the lab's network (after its machines); a missing one is fine. */
  async remove(group: string): Promise<void> {
    const network = this.docker.getNetwork(labNetworkName(this.prefix, group));
    const subnet = await network
      .inspect()
      .then((n: Dockerode.NetworkInspectInfo) => n.IPAM?.Config?.[0]?.Subnet)
      .catch(() => undefined);
    await network.remove().catch(ignore(404));
    if (subnet) this.pool.release(subnet);
  }

  /** The groups of this instance's lab networks (to find those left without a lab). */
  async groups(): Promise<string[]> {
    const nets = await this.docker.listNetworks({ filters: { label: [`${LABEL.managed}=1`] } });
    const prefix = labNetworkName(this.prefix, '');
    return nets.flatMap((n) => {
      const group = n.Labels?.[LABEL.group];
      return n.Name.startsWith(prefix) && group ? [group] : [];
    });
  }

  get used(): number {
    return this.pool.used;
  }

  /** Subnets already used by any network on the engine (ours from an earlier run, or someone else's). */
  private load(): Promise<void> {
    this.loaded ??= this.docker.listNetworks().then((nets) => {
      for (const n of nets) for (const c of n.IPAM?.Config ?? []) if (c.Subnet) this.pool.mark(c.Subnet);
    });
    return this.loaded.catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
  }
}
