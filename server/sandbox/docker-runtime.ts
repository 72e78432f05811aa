import type Dockerode from 'dockerode';
import type { LabLimits } from '../config.js';
import { readArchiveFile } from './docker-archive.js';
import { diskOf, dockerRootDir, writableLayerBytes } from './docker-disk.js';
import { DISK_PROBE, parseDiskProbe } from './docker-disk-probe.js';
import { ignore, notRunning, statusOf, within, withBudget } from './docker-errors.js';
import { runExec } from './docker-exec.js';
import { Graders } from './docker-grader.js';
import { CONTENT_HASH_LABEL } from './docker-images.js';
import { claimByRename, pooledOf, SpareShells } from './docker-pool.js';
import { DockerTerminal, hangUpAll } from './docker-terminal.js';
import { assertImageAllowed, LABEL, labContainerName, labContainerSpec } from './container-profile.js';
import { SandboxError } from './sandbox-runtime.js';
import type { DiskUsage, ExecOptions, ExecResult, HostDisk, InspectOptions } from './sandbox-runtime.js';
import type { LabInfo, LabSpec } from './sandbox-runtime.js';
import type { PoolSpec, SandboxRuntime, TerminalSize, TerminalStream } from './sandbox-runtime.js';

export interface DockerRuntimeOptions {
  docker: Dockerode;
  /** Instance prefix; container names are `<prefix>-lab-<labId>`. */
  prefix: string;
  /** Read at every create: createSandbox puts the resolved OCI runtime in it. */
  limits: LabLimits;
  allowedImages: ReadonlySet<string>;
  /** Budget for a lab to be running after start. */
  readyTimeoutMs?: number;
}

const MiB = 1024 * 1024;
const PING_BUDGET_MS = 2_000;
const SHELL_SIZE = { cols: 80, rows: 24 };

export class DockerRuntime implements SandboxRuntime {
  private readonly docker: Dockerode;
  private readonly spares = new SpareShells();
  private readonly graders: Graders;
  private rootDir: Promise<string | undefined> | undefined;

  constructor(private readonly opts: DockerRuntimeOptions) {
    this.docker = opts.docker;
    this.graders = new Graders(opts.docker, opts.prefix, opts.limits);
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
    const lab = { labId: spec.poolId, userId: '', courseId: spec.courseId, image: spec.image };
    return this.createAndStart(lab, true);
  }

  async claim(poolId: string, labId: string): Promise<void> {
    await claimByRename(this.container(poolId), poolId, labId, labContainerName(this.opts.prefix, labId));
    this.spares.move(poolId, labId);
  }

  async prewarmShell(labId: string): Promise<void> {
    // By id: the shell's hang-up must still reach the container after a claim renamed it.
    const { containerId } = await this.poll(labId);
    if (!containerId) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    this.spares.put(labId, await this.openShell(this.docker.getContainer(containerId), labId, SHELL_SIZE));
  }

  private async createAndStart(spec: LabSpec, pooled: boolean): Promise<LabInfo> {
    const { prefix, limits, allowedImages } = this.opts;
    assertImageAllowed(spec.image, allowedImages); // before asking Docker anything about the image
    const imageHash = await this.imageHash(spec);
    const body = labContainerSpec(spec, limits, { prefix, allowedImages, imageHash, pooled });
    // 409 on create: same name, so a restarted server or a racing request; adopt that container.
    const created = await this.docker.createContainer(body).then(
      () => true,
      (err: unknown) => (statusOf(err) === 409 ? false : Promise.reject(err)),
    );
    const container = this.docker.getContainer(body.name);
    const budgetMs = this.opts.readyTimeoutMs ?? 10_000;
    try {
      // After a 409 the name may belong to a create still in flight: it becomes visible shortly.
      const info = await within(budgetMs, `lab ${spec.labId} container not visible`, () =>
        container
          .inspect()
          .catch((err: unknown) => (statusOf(err) === 404 ? undefined : Promise.reject(err))),
      );
      // A claimed pool container carries the pool id in its label; its name makes it this lab's.
      const labels = info.Config.Labels ?? {};
      if (labels[LABEL.lab] !== spec.labId && !labels[LABEL.pool]) {
        throw new SandboxError('sandbox-error', `container ${body.name} exists but is not lab ${spec.labId}`);
      }
      if (info.State.Paused) await container.unpause();
      else if (!info.State.Running) await container.start().catch(ignore(304));
      const running = await within(budgetMs, `lab ${spec.labId} not running`, async () => {
        const lab = await this.poll(spec.labId);
        return lab.state === 'running' ? lab : undefined;
      });
      // A pool lab's grader is made ahead, like its shell; a cold start leaves it to the first check, so a
      // class's burst of starts does not pay for twice as many containers.
      if (pooled) this.graders.warm(container, spec.labId);
      return running;
    } catch (err) {
      if (created) await container.remove({ force: true }).catch(() => undefined);
      throw err;
    }
  }

  async poll(labId: string): Promise<LabInfo> {
    try {
      const c = await this.container(labId).inspect();
      const labels = c.Config.Labels ?? {};
      const state = c.State.Running && !c.State.Paused ? 'running' : 'stopped';
      const { [LABEL.user]: userId, [LABEL.course]: courseId } = labels;
      const pooled = pooledOf(labId, labels);
      return { labId, state, containerId: c.Id, userId, courseId, image: c.Config.Image, pooled };
    } catch (err) {
      if (statusOf(err) === 404) return { labId, state: 'missing' };
      throw err;
    }
  }

  async stop(labId: string): Promise<void> {
    await this.halt(labId);
    this.spares.drop(labId);
    this.graders.forget(labId);
  }

  /**
   * Freezes the lab's cgroup (no process can fork or run any more), then SIGKILLs it: Docker unpauses a
   * paused container after a SIGKILL, so everything dies at once. A lab is a sandbox, not a server: no
   * grace period, so processes that ignore SIGTERM (a fork bomb under `trap '' TERM`) cannot hold a stop.
   * Both count as a stop asked by the user for the restart policy. 304/404/409: already stopped or gone.
   */
  private async halt(labId: string): Promise<void> {
    const c = this.container(labId);
    await c.pause().catch(ignore(304, 404, 409));
    await c.kill({ signal: 'SIGKILL' }).catch(ignore(304, 404, 409));
  }

  async remove(labId: string): Promise<void> {
    await this.halt(labId);
    // 409: a removal is already in progress.
    await this.container(labId).remove({ force: true, v: true }).catch(ignore(404, 409));
    this.spares.drop(labId);
    this.graders.forget(labId);
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
      return [{ labId, state, containerId: c.Id, userId, courseId, image: c.Image, pooled }];
    });
  }

  exec(labId: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return runExec(this.docker, this.container(labId), cmd, opts).catch((err: unknown) =>
      notRunning(labId, err),
    );
  }

  inspect(labId: string, script: string, opts: InspectOptions = {}): Promise<ExecResult> {
    return this.graders.inspect(this.container(labId), labId, script, opts);
  }

  async openTerminal(labId: string, size: TerminalSize): Promise<TerminalStream> {
    const spare = this.spares.take(labId);
    if (spare) {
      const ready = await spare.resize(size).then(
        () => true,
        () => false,
      );
      if (ready) return spare;
      void spare.close().catch(() => undefined);
    }
    return this.openShell(this.container(labId), labId, size);
  }

  private openShell(container: Dockerode.Container, labId: string, size: TerminalSize) {
    const run = (cmd: string[]) =>
      runExec(this.docker, container, cmd, { timeoutMs: 5_000 }).catch((err: unknown) =>
        notRunning(labId, err),
      );
    return DockerTerminal.open(container, size, run).catch((err: unknown) => notRunning(labId, err));
  }

  async hangUpTerminals(labId: string): Promise<void> {
    await hangUpAll((cmd) => this.exec(labId, cmd, { timeoutMs: 5_000 }));
  }

  readFile(labId: string, path: string, maxBytes = MiB): Promise<Buffer | null> {
    return readArchiveFile(this.container(labId), labId, path, maxBytes, async () =>
      (await this.poll(labId)).state === 'missing' ? notRunning(labId, 404) : null,
    );
  }

  async diskUsage(labId: string): Promise<DiskUsage | undefined> {
    const layer = await writableLayerBytes(this.container(labId));
    if (layer === undefined) return undefined;
    // The grader sees what SizeRw misses; a failed probe leaves the layer alone, not the lab unmeasured.
    const probed = await this.graders
      .inspect(this.container(labId), labId, DISK_PROBE, { timeoutMs: 60_000 })
      .then(parseDiskProbe, () => undefined);
    return { bytes: layer + (probed?.heldBytes ?? 0), entries: probed?.entries };
  }

  async hostDisk(): Promise<HostDisk | undefined> {
    // Asked once (docker info is slow); statfs itself costs microseconds, so every new lab can ask.
    this.rootDir ??= dockerRootDir(this.docker).catch(() => (this.rootDir = undefined));
    const dir = await this.rootDir;
    return dir ? diskOf(dir) : undefined;
  }

  private container(labId: string): Dockerode.Container {
    return this.docker.getContainer(labContainerName(this.opts.prefix, labId));
  }

  private async imageHash(spec: LabSpec): Promise<string> {
    const image = await this.docker
      .getImage(spec.image)
      .inspect()
      .catch((err: unknown) => {
        if (statusOf(err) !== 404) throw err;
        throw new SandboxError('sandbox-error', `image ${spec.image} is not built (run npm run images)`);
      });
    return image.Config.Labels?.[CONTENT_HASH_LABEL] ?? image.Id;
  }
}
