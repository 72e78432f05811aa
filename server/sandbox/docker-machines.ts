// Which container is which machine of a lab. The default machine is the container named after the lab
// (a pool claim renames it); the others are named after the id the lab was created under (its group),
// which the default machine's labels give, with the list of machine names.
import type Dockerode from 'dockerode';
import { DEFAULT_MACHINE, LABEL, labContainerName, machineContainerName } from './container-profile.js';
import { statusOf } from './docker-errors.js';
import { SandboxError } from './sandbox-runtime.js';

export interface LabLayout {
  /** The id the lab was created under: names its other machines and its network. */
  group: string;
  /** Machine names, the default first. */
  machines: string[];
  /** Its machines run the terminal hub (labs created before it existed do not). */
  hub: boolean;
}

/** The layout a default machine's labels describe (a lab made before machines existed has one). */
export function layoutOf(labels: Record<string, string>, fallbackGroup: string): LabLayout {
  const machines = labels[LABEL.machines]?.split(',').filter(Boolean) ?? [];
  return {
    group: labels[LABEL.lab] ?? fallbackGroup,
    machines: machines.length ? machines : [labels[LABEL.machine] ?? DEFAULT_MACHINE],
    hub: labels[LABEL.hub] === '1',
  };
}

export class LabMachines {
  /** By the lab's current id; a layout never changes while the lab exists. */
  private readonly layouts = new Map<string, LabLayout>();

  constructor(
    private readonly docker: Dockerode,
    private readonly prefix: string,
  ) {}

  primary(labId: string): Dockerode.Container {
    return this.docker.getContainer(labContainerName(this.prefix, labId));
  }

  remember(labId: string, layout: LabLayout): void {
    this.layouts.set(labId, layout);
  }

  move(from: string, to: string): void {
    const layout = this.layouts.get(from);
    this.layouts.delete(from);
    if (layout) this.layouts.set(to, layout);
  }

  /** The layout if this process already knows it (no Docker call). */
  known(labId: string): LabLayout | undefined {
    return this.layouts.get(labId);
  }

  forget(labId: string): void {
    this.layouts.delete(labId);
  }

  /** The lab's layout; undefined when the lab has no container. */
  async layout(labId: string): Promise<LabLayout | undefined> {
    const known = this.layouts.get(labId);
    if (known) return known;
    const info = await this.primary(labId)
      .inspect()
      .catch((err: unknown) => (statusOf(err) === 404 ? undefined : Promise.reject(err)));
    if (!info) return undefined;
    const layout = layoutOf(info.Config.Labels ?? {}, labId);
    this.layouts.set(labId, layout);
    return layout;
  }

  /** The container of one machine (default: the first); unknown-machine for a name the lab lacks. */
  async container(labId: string, machine?: string): Promise<Dockerode.Container> {
    if (machine === undefined) return this.primary(labId);
    const layout = await this.layout(labId);
    if (!layout) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    if (!layout.machines.includes(machine))
      throw new SandboxError('unknown-machine', `lab ${labId} has no machine "${machine}"`);
    return machine === layout.machines[0]
      ? this.primary(labId)
      : this.docker.getContainer(machineContainerName(this.prefix, layout.group, machine));
  }

  /** Every machine's container, the default first (only the default one when the lab is gone). */
  async all(labId: string): Promise<Dockerode.Container[]> {
    const layout = await this.layout(labId);
    if (!layout) return [this.primary(labId)];
    return layout.machines.map((m, i) =>
      i === 0
        ? this.primary(labId)
        : this.docker.getContainer(machineContainerName(this.prefix, layout.group, m)),
    );
  }
}
