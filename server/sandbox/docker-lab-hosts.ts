// The addresses Docker gave a lab's machines, for the grader: a check that names a machine (`web`) must
// reach that machine even when lab root has edited /etc/hosts or resolv.conf, or flushed the NAT rules
// behind Docker's resolver with `nft flush ruleset` (the firewall courses do). The grader gets them as
// ATELIER_LAB_HOSTS="web=10.213.0.2 db=10.213.0.3" (checks/lab-net.ts reads it first).
import type Dockerode from 'dockerode';
import { labContainerName, labNetworkName, machineContainerName } from './container-profile.js';
import type { LabLayout } from './docker-machines.js';

/** Addresses stay while the lab runs; a restarted machine may get another, so they are read again soon. */
const KEEP_MS = 30_000;

export class LabHosts {
  private readonly known = new Map<string, { at: number; hosts: string }>();

  constructor(
    private readonly docker: Dockerode,
    private readonly prefix: string,
  ) {}

  /** `name=address` pairs, space-separated; empty for a one-machine lab or when Docker cannot say. */
  async of(labId: string, layout: LabLayout | undefined): Promise<string> {
    if (!layout || layout.machines.length < 2) return '';
    const hit = this.known.get(labId);
    if (hit && Date.now() - hit.at < KEEP_MS) return hit.hosts;
    const net = await this.docker
      .getNetwork(labNetworkName(this.prefix, layout.group))
      .inspect()
      .catch(() => undefined);
    const byContainer = new Map(
      layout.machines.map((m, i) => [
        i === 0 ? labContainerName(this.prefix, labId) : machineContainerName(this.prefix, layout.group, m),
        m,
      ]),
    );
    const pairs = Object.values(
      (net?.Containers ?? {}) as Record<string, { Name?: string; IPv4Address?: string }>,
    ).flatMap((c) => {
      const machine = byContainer.get(c.Name ?? '');
      const ip = /^([0-9]+(?:\.[0-9]+){3})\//.exec(c.IPv4Address ?? '')?.[1];
      return machine && ip ? [`${machine}=${ip}`] : [];
    });
    const hosts = pairs.sort().join(' ');
    if (hosts) this.known.set(labId, { at: Date.now(), hosts });
    return hosts;
  }

  forget(labId: string): void {
    this.known.delete(labId);
  }
}
