import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LabLimits } from '../config.js';
import { readArchiveFile } from './docker-archive.js';
import { DockerCheckpoints } from './docker-checkpoints.js';
import { diskOf, dockerRootDir, writableLayerBytes } from './docker-disk.js';
import { DISK_PROBE, parseDiskProbe } from './docker-disk-probe.js';
import { ignore, notRunning, statusOf, within, withBudget } from './docker-errors.js';
import { runExec } from './docker-exec.js';
import { Graders } from './docker-grader.js';
import { LabFileTool } from './docker-lab-files.js';
import { CONTENT_HASH_LABEL } from './docker-images.js';
import { claimByRename, pooledOf, SpareShells } from './docker-pool.js';
import { randomBytes } from 'node:crypto';
import { HeldTerminal, holderCommand, SHELL_ENV } from './docker-held-terminal.js';
import { TermHub } from './docker-term-hub.js';
import { DockerTerminal } from './docker-terminal.js';
import { TermTool } from './docker-term-tool.js';
import {
  assertImageAllowed,
  DEFAULT_MACHINE,
  LABEL,
  labContainerName,
  labContainerSpec,
} from './container-profile.js';
import { LabHosts } from './docker-lab-hosts.js';
import { LabNetworks } from './docker-lab-network.js';
import { LabMachines, layoutOf } from './docker-machines.js';
import { PreviewRelays } from './docker-preview-relay.js';
import type { SubnetRange } from './lab-subnets.js';
import { SandboxError } from './sandbox-runtime.js';
import type {
  Checkpoint,
  DiskUsage,
  ExecOptions,
  ExecResult,
  HostDisk,
  InspectOptions,
} from './sandbox-runtime.js';
import type { FileOptions, LabInfo, LabSpec, MachineSpec } from './sandbox-runtime.js';
import type { PoolSpec, SandboxRuntime, TerminalSize, TerminalStream } from './sandbox-runtime.js';

export interface DockerRuntimeOptions {
  docker: Dockerode;
  /** Instance prefix; container names are `<prefix>-lab-<labId>`. */
  prefix: string;
  /** Read at every create: createSandbox puts the resolved OCI runtime in it. */
  limits: LabLimits;
  /** Awaited before every create: the OCI runtime being resolved (a lab must not start under another). */
  beforeCreate?: () => Promise<unknown>;
  allowedImages: ReadonlySet<string>;
  /** Budget for a lab to be running after start. */
  readyTimeoutMs?: number;
  /** Where lab networks take their /28 subnets from (ATELIER_LAB_SUBNETS). */
  labSubnets: SubnetRange;
  /** Most machines one lab may have (ATELIER_LAB_MACHINES). */
  maxMachines: number;
  /** The image with the terminal holder (`<image prefix>/term`). */
  termImage: string;
  /** A shell nobody attached to for this long hangs itself up, even with no server to do it. */
  terminalIdleSeconds: number;
  /** For what the hoster should fix on the host (a lab network the host cannot filter). */
  warn?: (msg: string) => void;
}

/** Exit codes of an exec whose program is not there: a lab created before the terminal holder existed. */
const NO_PROGRAM = new Set([126, 127]);
// Generous: in a class rush (60 labs starting on 2 cores) an exec can take seconds to begin running.
const HOLDER_START_BUDGET_MS = 20_000;
const TERMINAL_ID = /^[0-9a-f]{16}$/;

const MiB = 1024 * 1024;
const PING_BUDGET_MS = 2_000;
const SHELL_SIZE = { cols: 80, rows: 24 };

export class DockerRuntime implements SandboxRuntime {
  private readonly docker: Dockerode;
  private readonly spares = new SpareShells();
  private readonly graders: Graders;
  private readonly machines: LabMachines;
  private readonly networks: LabNetworks;
  private readonly hosts: LabHosts;
  private readonly relays: PreviewRelays;
  private readonly term: TermTool;
  /** The editor's file operations (docker-lab-files.ts). */
  private readonly files: LabFileTool;
  /** Machine hubs this process attached to, by `<labId>/<machine>` (docker-term-hub.ts). */
  private readonly hubs = new Map<string, TermHub>();
  private rootDir: Promise<string | undefined> | undefined;
  private readonly checkpoints: DockerCheckpoints;

  constructor(private readonly opts: DockerRuntimeOptions) {
    this.docker = opts.docker;
    this.graders = new Graders(opts.docker, opts.prefix, opts.limits);
    this.machines = new LabMachines(opts.docker, opts.prefix);
    this.hosts = new LabHosts(opts.docker, opts.prefix);
    this.networks = new LabNetworks(opts.docker, opts.prefix, opts.labSubnets, opts.warn);
    this.relays = new PreviewRelays(opts.docker);
    this.term = new TermTool(opts.docker, opts.termImage, opts.termImage.split('/')[0] ?? 'atelier');
    this.files = new LabFileTool(opts.docker);
    this.checkpoints = new DockerCheckpoints({
      docker: opts.docker,
      prefix: opts.prefix,
      machines: this.machines,
      remove: (labId) => this.remove(labId),
      create: (spec, images) => this.createAndStart(spec, false, images),
    });
  }

  async ping(): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
    try {
      const v = await withBudget(this.docker.version(), PING_BUDGET_MS, 'docker version');
      return { ok: true, version: v.Version };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  ensureLab(spec: LabSpec): Promise<LabInfo> {
    return this.createAndStart(spec, false);
  }

  createPooled(spec: PoolSpec): Promise<LabInfo> {
    const { poolId: labId, courseId, image, machines } = spec;
    const lab = { labId, userId: '', courseId, image, machines };
    return this.createAndStart(lab, true);
  }

  async claim(poolId: string, labId: string): Promise<void> {
    await claimByRename(
      this.machines.primary(poolId),
      poolId,
      labId,
      labContainerName(this.opts.prefix, labId),
    );
    this.spares.move(poolId, labId);
    for (const [key, hub] of [...this.hubs])
      if (key.startsWith(`${poolId}/`)) {
        this.hubs.delete(key);
        this.hubs.set(labId + key.slice(poolId.length), hub);
      }
    this.machines.move(poolId, labId);
    this.graders.move(poolId, labId);
  }

  async prewarmShell(labId: string): Promise<void> {
    // By id: the shell's hang-up must still reach the container after a claim renamed it.
    const { containerId } = await this.poll(labId);
    if (!containerId) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    // The default machine's shell: the tab a learner sees first.
    const first = this.machines.known(labId)?.machines[0] ?? DEFAULT_MACHINE;
    const container = this.docker.getContainer(containerId);
    this.spares.put(labId, await this.openShell(container, labId, first, SHELL_SIZE));
  }

  /** `images`: a checkpoint's images standing in for the named machines' (restoreCheckpoint). */
  private async createAndStart(
    spec: LabSpec,
    pooled: boolean,
    images: ReadonlyMap<string, string> = new Map(),
  ): Promise<LabInfo> {
    await this.opts.beforeCreate?.();
    const { prefix, limits } = this.opts;
    // A checkpoint's images run as the machines they were saved from (the runtime found them by label).
    const allowedImages = images.size
      ? new Set([...this.opts.allowedImages, ...images.values()])
      : this.opts.allowedImages;
    const machines: MachineSpec[] = spec.machines?.length
      ? spec.machines
      : [{ name: DEFAULT_MACHINE, image: spec.image }];
    // Before asking Docker anything about the images.
    for (const m of machines) assertImageAllowed(m.image, this.opts.allowedImages);
    if (machines.length > this.opts.maxMachines)
      throw new SandboxError(
        'sandbox-error',
        `this course needs ${machines.length} machines; ATELIER_LAB_MACHINES allows ${this.opts.maxMachines}`,
      );
    // An existing lab is adopted as it is (its own machines, under the id it was created with).
    const existing = await this.machines
      .primary(spec.labId)
      .inspect()
      .catch(() => undefined);
    const layout = existing
      ? layoutOf(existing.Config.Labels ?? {}, spec.labId)
      : { group: spec.labId, machines: machines.map((m) => m.name), hub: true };
    const network = layout.machines.length > 1 ? await this.networks.ensure(layout.group) : undefined;
    const termVolume = await this.term.volumeName();
    const created: Dockerode.Container[] = [];
    try {
      await Promise.all(
        layout.machines.map(async (name) => {
          const image =
            images.get(name) ??
            machines.find((m) => m.name === name)?.image ??
            // A restored lab's is a checkpoint's, not for a machine the course added since.
            [existing?.Config.Image].find((i) => i && this.opts.allowedImages.has(i)) ??
            spec.image;
          assertImageAllowed(image, allowedImages);
          const body = labContainerSpec({ ...spec, image }, limits, {
            prefix,
            allowedImages,
            imageHash: await this.imageHash(image),
            pooled,
            machine: name,
            machines: layout.machines,
            group: layout.group,
            network,
            termVolume,
          });
          // 409 on create: same name, so a restarted server or a racing request; adopt that container.
          const made = await this.docker.createContainer(body).then(
            () => true,
            (err: unknown) => (statusOf(err) === 409 ? false : Promise.reject(err)),
          );
          const container = this.docker.getContainer(body.name);
          if (made) created.push(container);
          await this.startMachine(container, spec.labId, name === layout.machines[0]);
        }),
      );
      this.machines.remember(spec.labId, layout);
      const budgetMs = this.opts.readyTimeoutMs ?? 10_000;
      const running = await within(budgetMs, `lab ${spec.labId} not running`, async () => {
        const lab = await this.poll(spec.labId);
        return lab.state === 'running' ? lab : undefined;
      });
      // A pool lab's grader is made ahead, like its shell; a cold start leaves it to the first check, so a
      // class's burst of starts does not pay for twice as many containers.
      if (pooled)
        this.graders.warm(this.machines.primary(spec.labId), spec.labId, layout.machines[0] as string);
      return running;
    } catch (err) {
      this.machines.forget(spec.labId);
      await Promise.all(created.map((c) => c.remove({ force: true }).catch(() => undefined)));
      if (network && !existing) await this.networks.remove(layout.group).catch(() => undefined);
      throw err;
    }
  }

  /** Starts one machine's container (unpauses a halted one) once it is visible. */
  private async startMachine(container: Dockerode.Container, labId: string, primary: boolean): Promise<void> {
    const budgetMs = this.opts.readyTimeoutMs ?? 10_000;
    // After a 409 the name may belong to a create still in flight: it becomes visible shortly.
    const info = await within(budgetMs, `lab ${labId} container not visible`, () =>
      container.inspect().catch((err: unknown) => (statusOf(err) === 404 ? undefined : Promise.reject(err))),
    );
    // A claimed pool container carries the pool id in its label; its name makes it this lab's.
    const labels = info.Config.Labels ?? {};
    if (primary && labels[LABEL.lab] !== labId && !labels[LABEL.pool])
      throw new SandboxError('sandbox-error', `container ${info.Name} exists but is not lab ${labId}`);
    if (info.State.Paused) await container.unpause();
    else if (!info.State.Running) await container.start().catch(ignore(304));
  }

  async poll(labId: string): Promise<LabInfo> {
    try {
      // A known layout lets every machine be inspected at once (a pool hit polls on the learner's path).
      const known = this.machines.known(labId);
      const others = (names: string[]) =>
        Promise.all(names.slice(1).map((m) => this.machines.container(labId, m).then((x) => x.inspect())));
      const early =
        known && known.machines.length > 1 ? others(known.machines).catch(() => undefined) : undefined;
      const c = await this.machines.primary(labId).inspect();
      const labels = c.Config.Labels ?? {};
      let running = c.State.Running && !c.State.Paused;
      const layout = layoutOf(labels, labId);
      if (running && layout.machines.length > 1) {
        // The lab runs when every machine does (a stopped one is restarted by the next ensureLab).
        const rest = await (early ?? others(layout.machines).catch(() => undefined));
        running = !!rest?.every((o) => o.State.Running && !o.State.Paused);
      }
      const { [LABEL.user]: userId, [LABEL.course]: courseId } = labels;
      const pooled = pooledOf(labId, labels);
      const state = running ? 'running' : 'stopped';
      return { labId, state, containerId: c.Id, userId, courseId, image: c.Config.Image, pooled };
    } catch (err) {
      if (statusOf(err) === 404) return { labId, state: 'missing' };
      throw err;
    }
  }

  async stop(labId: string): Promise<void> {
    await Promise.all((await this.machines.all(labId)).map((c) => halt(c)));
    this.spares.drop(labId);
    this.graders.forget(labId);
    this.hosts.forget(labId);
    this.relays.close(labId);
    this.closeHubs(labId);
  }

  async remove(labId: string): Promise<void> {
    const layout = await this.machines.layout(labId);
    const all = await this.machines.all(labId);
    await Promise.all(all.map((c) => halt(c)));
    // 409: a removal is already in progress.
    await Promise.all(all.map((c) => c.remove({ force: true, v: true }).catch(ignore(404, 409))));
    if (layout && layout.machines.length > 1) await this.networks.remove(layout.group);
    this.letGo(labId);
  }

  /**
   * The engine was restarted or came back empty (several engines: server/sandbox/fleet-runtime.ts): what
   * this process kept about the labs' shells, graders and machines, and the terminal holder's volume, is
   * stale; it is asked again on next use.
   */
  engineRestarted(labIds: Iterable<string>): void {
    for (const labId of labIds) this.letGo(labId);
    this.term.forget();
    this.rootDir = undefined;
  }

  private letGo(labId: string): void {
    this.spares.drop(labId);
    this.graders.forget(labId);
    this.hosts.forget(labId);
    this.relays.close(labId);
    this.closeHubs(labId);
    this.machines.forget(labId);
  }

  /**
   * Machines and networks whose lab is gone: a crash between creating a lab's parts, or a default machine
   * removed by hand. Their group is no default machine's `atelier.lab`.
   */
  async pruneStrays(): Promise<number> {
    const all = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.managed}=1`] } });
    const live = new Set(all.flatMap((c) => (c.Labels[LABEL.lab] ? [c.Labels[LABEL.lab]] : [])));
    const strays = all.filter(
      (c) => !c.Labels[LABEL.lab] && c.Labels[LABEL.group] && !live.has(c.Labels[LABEL.group]),
    );
    await Promise.all(
      strays.map((c) =>
        this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignore(404, 409)),
      ),
    );
    const nets = (await this.networks.groups()).filter((g) => !live.has(g));
    await Promise.all(nets.map((g) => this.networks.remove(g).catch(() => undefined)));
    return strays.length + nets.length;
  }

  /** Managed containers of this instance; the lab id comes from the name (a claim renames). */
  async list(): Promise<LabInfo[]> {
    const prefix = `/${labContainerName(this.opts.prefix, '')}`;
    const all = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.managed}=1`] } });
    return all.flatMap((c): LabInfo[] => {
      const name = c.Names.find((n) => n.startsWith(prefix));
      if (!name || !c.Labels[LABEL.lab]) return [];
      const labId = name.slice(prefix.length);
      const { [LABEL.user]: userId, [LABEL.course]: courseId } = c.Labels;
      const state = c.State === 'running' ? 'running' : 'stopped';
      const pooled = pooledOf(labId, c.Labels);
      // The labels say the layout: a restarted server's first resumes then cost no inspect per lab.
      if (state === 'running' && !this.machines.known(labId))
        this.machines.remember(labId, layoutOf(c.Labels, labId));
      return [{ labId, state, containerId: c.Id, userId, courseId, image: c.Image, pooled }];
    });
  }

  async exec(labId: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const { machine, ...rest } = opts;
    const container = await this.machines.container(labId, machine);
    return runExec(this.docker, container, cmd, rest).catch((err: unknown) => notRunning(labId, err));
  }

  async inspect(labId: string, script: string, opts: InspectOptions = {}): Promise<ExecResult> {
    const { machine, ...rest } = opts;
    const [container, name] = await this.machineOf(labId, machine);
    const hosts = await this.hosts.of(labId, this.machines.known(labId));
    return this.graders.inspect(container, labId, name, script, rest, hosts);
  }

  async connect(labId: string, target: { machine?: string; port: number }): Promise<Duplex> {
    const [, defaultName] = await this.machineOf(labId, undefined);
    const machine = target.machine ?? defaultName;
    await this.machines.container(labId, machine); // unknown-machine before anything runs
    // From the default machine's network namespace: itself is loopback, the others are names on the network.
    const host = machine === defaultName ? '127.0.0.1' : machine;
    // The grader is asked for only when the lab has no relay yet: a page then costs no Docker call.
    const grader = () => this.graders.ready(this.machines.primary(labId), labId, defaultName);
    return this.relays.connect(grader, labId, host, target.port);
  }

  async openTerminal(
    labId: string,
    size: TerminalSize,
    machine?: string,
    resume?: string,
  ): Promise<TerminalStream> {
    const [container, name] = await this.machineOf(labId, machine);
    if (resume && TERMINAL_ID.test(resume)) {
      // machineOf has just read the layout. A lab made before the hub reattaches with an exec.
      const run = this.runIn(container, labId);
      const held = await (
        this.machines.known(labId)?.hub
          ? HeldTerminal.viaHub(this.hubOf(labId, name, container), resume, run)
          : HeldTerminal.attach(container, resume, run)
      ).catch((err: unknown) => notRunning(labId, err));
      if (held) {
        await held.resize(size);
        return held;
      }
    }
    // The spare shell is the default machine's (machineOf has just read the layout).
    const first = this.machines.known(labId)?.machines[0] ?? DEFAULT_MACHINE;
    const spare = name === first ? this.spares.take(labId) : undefined;
    if (spare) {
      const ready = await spare.resize(size).then(
        () => true,
        () => false,
      );
      if (ready) return spare;
      void spare.close().catch(() => undefined);
    }
    return this.openShell(container, labId, name, size);
  }

  private hubOf(labId: string, machine: string, container: Dockerode.Container): TermHub {
    const key = `${labId}/${machine}`;
    const known = this.hubs.get(key);
    if (known) return known;
    const hub: TermHub = new TermHub(container, () => {
      for (const [k, h] of this.hubs) if (h === hub) this.hubs.delete(k); // its key may have moved (claim)
    });
    this.hubs.set(key, hub);
    return hub;
  }

  private closeHubs(labId: string): void {
    for (const [key, hub] of this.hubs)
      if (key.startsWith(`${labId}/`)) {
        this.hubs.delete(key);
        hub.close();
      }
  }

  private runIn(container: Dockerode.Container, labId: string) {
    return (cmd: string[]) =>
      runExec(this.docker, container, cmd, { timeoutMs: 5_000 }).catch((err: unknown) =>
        notRunning(labId, err),
      );
  }

  private async openShell(
    container: Dockerode.Container,
    labId: string,
    machine: string,
    size: TerminalSize,
  ): Promise<TerminalStream> {
    const run = this.runIn(container, labId);
    const id = randomBytes(8).toString('hex');
    const viaHub =
      this.machines.known(labId)?.hub && (await this.startViaHub(container, labId, machine, id, size));
    if (viaHub) return viaHub;
    try {
      return await HeldTerminal.open(container, id, size, this.opts.terminalIdleSeconds, run);
    } catch (err) {
      const exit = (err as { cause?: { exitCode?: unknown } }).cause?.exitCode;
      if (typeof exit !== 'number' || !NO_PROGRAM.has(exit)) return notRunning(labId, err);
      // A lab from before the holder: a plain exec shell, which a restart of the server ends.
      return DockerTerminal.open(container, size, run).catch((e: unknown) => notRunning(labId, e));
    }
  }

  /**
   * A new shell on a machine that runs the hub: a short exec starts its holder and ends, then the hub's
   * attach carries it, so the engine keeps no exec per shell (60 of them cost it ~0.5 s to clean up after
   * a crash). Null when the holder cannot (older than `start`): the caller opens it the older way. A hub the
   * learner killed leaves an exec relay to reach the same shell.
   */
  private async startViaHub(
    container: Dockerode.Container,
    labId: string,
    machine: string,
    id: string,
    size: TerminalSize,
  ): Promise<HeldTerminal | null> {
    const cmd = holderCommand('start', id, size, this.opts.terminalIdleSeconds);
    const started = await runExec(this.docker, container, cmd, {
      env: SHELL_ENV,
      timeoutMs: HOLDER_START_BUDGET_MS,
    }).catch((err: unknown) => notRunning(labId, err));
    if (started.exitCode !== 0) return null;
    const run = this.runIn(container, labId);
    const hub = this.hubOf(labId, machine, container);
    return (
      (await HeldTerminal.viaHub(hub, id, run).catch(() => null)) ??
      (await HeldTerminal.attach(container, id, run).catch((err: unknown) => notRunning(labId, err)))
    );
  }

  async listFiles(labId: string, path: string, opts: FileOptions & { maxEntries?: number } = {}) {
    const container = await this.machines.container(labId, opts.machine);
    return this.files.list(container, path, opts.maxEntries).catch((e: unknown) => notRunning(labId, e));
  }

  async openFile(labId: string, path: string, opts: FileOptions & { maxBytes?: number } = {}) {
    const container = await this.machines.container(labId, opts.machine);
    return this.files.open(container, path, opts.maxBytes).catch((e: unknown) => notRunning(labId, e));
  }

  async saveFile(
    labId: string,
    path: string,
    content: Buffer,
    opts: FileOptions & { expect: string; maxBytes?: number },
  ) {
    const container = await this.machines.container(labId, opts.machine);
    return this.files
      .save(container, path, content, opts.expect, opts.maxBytes)
      .catch((e: unknown) => notRunning(labId, e));
  }

  async readFile(labId: string, path: string, maxBytes = MiB, machine?: string): Promise<Buffer | null> {
    const container = await this.machines.container(labId, machine);
    return readArchiveFile(container, labId, path, maxBytes, async () =>
      (await this.poll(labId)).state === 'missing' ? notRunning(labId, 404) : null,
    );
  }

  /** The whole lab: every machine's writable layer and what its grader sees. */
  async diskUsage(labId: string): Promise<DiskUsage | undefined> {
    const layout = await this.machines.layout(labId);
    if (!layout) return undefined;
    const parts = await Promise.all(layout.machines.map((m) => this.machineDisk(labId, m)));
    if (parts[0] === undefined) return undefined;
    if (parts.length === 1) return parts[0];
    const machines = parts.flatMap((p, i) => (p ? [{ name: layout.machines[i] as string, ...p }] : []));
    const entries = machines.every((p) => p.entries !== undefined)
      ? machines.reduce((n, p) => n + (p.entries ?? 0), 0)
      : undefined;
    return { bytes: machines.reduce((n, p) => n + p.bytes, 0), entries, machines };
  }

  private async machineDisk(labId: string, machine: string): Promise<DiskUsage | undefined> {
    const container = await this.machines.container(labId, machine);
    const layer = await writableLayerBytes(container);
    if (layer === undefined) return undefined;
    // The grader sees what SizeRw misses; a failed probe leaves the layer alone, not the lab unmeasured.
    const probed = await this.graders
      .inspect(container, labId, machine, DISK_PROBE, { timeoutMs: 60_000 })
      .then(parseDiskProbe, () => undefined);
    return { bytes: layer + (probed?.heldBytes ?? 0), entries: probed?.entries };
  }

  /** A machine's container and its name (default: the first machine). */
  private async machineOf(labId: string, machine?: string): Promise<[Dockerode.Container, string]> {
    const container = await this.machines.container(labId, machine);
    if (machine) return [container, machine];
    const layout = await this.machines.layout(labId);
    return [container, layout?.machines[0] ?? DEFAULT_MACHINE];
  }

  saveCheckpoint(labId: string, name: string): Promise<Checkpoint> {
    return this.checkpoints.save(labId, name);
  }

  listCheckpoints(labId?: string): Promise<Checkpoint[]> {
    return this.checkpoints.list(labId);
  }

  restoreCheckpoint(spec: LabSpec, name: string): Promise<LabInfo> {
    return this.checkpoints.restore(spec, name);
  }

  dropCheckpoints(labId: string, names?: string[]): Promise<void> {
    return this.checkpoints.drop(labId, names);
  }

  async hostDisk(): Promise<HostDisk | undefined> {
    // Asked once (docker info is slow); statfs itself costs microseconds, so every new lab can ask.
    this.rootDir ??= dockerRootDir(this.docker).catch(() => (this.rootDir = undefined));
    const dir = await this.rootDir;
    return dir ? diskOf(dir) : undefined;
  }

  private async imageHash(name: string): Promise<string> {
    const image = await this.docker
      .getImage(name)
      .inspect()
      .catch((err: unknown) => {
        if (statusOf(err) !== 404) throw err;
        throw new SandboxError('sandbox-error', `image ${name} is not built (run npm run images)`);
      });
    return image.Config.Labels?.[CONTENT_HASH_LABEL] ?? image.Id;
  }
}

/**
 * Freezes a machine's cgroup (no process can fork or run any more), then SIGKILLs it: Docker unpauses a
 * paused container after a SIGKILL, so everything dies at once. A lab is a sandbox, not a server: no
 * grace period, so processes that ignore SIGTERM (a fork bomb under `trap '' TERM`) cannot hold a stop.
 * Both count as a stop asked by the user for the restart policy. 304/404/409: already stopped or gone.
 */
async function halt(c: Dockerode.Container): Promise<void> {
  // Best effort: a machine its policy is restarting answers 500 "cannot pause a stopped container".
  await c.pause().catch(() => undefined);
  await c.kill({ signal: 'SIGKILL' }).catch(ignore(304, 404, 409));
}
