import Dockerode from 'dockerode';
import { posix } from 'node:path';
import { type Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { extract } from 'tar-stream';
import type { LabLimits } from '../config.js';
import { assertImageAllowed, LABEL, labContainerName, labContainerSpec } from './container-profile.js';
import { CONTENT_HASH_LABEL } from './docker-images.js';
import { DockerTerminal, hangUpAll, execExitCode } from './docker-terminal.js';
import { statInContainer } from './docker-stat.js';
import type { PathStat } from '../courses/checks/check-kind.js';
import { SandboxError } from './sandbox-runtime.js';
import type { ExecOptions, ExecResult, LabInfo, LabSpec, SandboxRuntime } from './sandbox-runtime.js';
import type { TerminalSize, TerminalStream } from './sandbox-runtime.js';

export interface DockerRuntimeOptions {
  docker?: Dockerode;
  /** Image prefix (`atelier`); container names are `<prefix>-lab-<labId>`. */
  prefix: string;
  limits: LabLimits;
  allowedImages: ReadonlySet<string>;
  /** Budget for a lab to be running after start. */
  readyTimeoutMs?: number;
}

const MiB = 1024 * 1024;
const PING_BUDGET_MS = 2_000;
const STOP_GRACE_S = 5;
const EXEC_TIMEOUT_MS = 30_000;
// `timeout` inside the lab ends the command; this outer grace only covers a wedged container.
const EXEC_GRACE_MS = 2_000;

export class DockerRuntime implements SandboxRuntime {
  private readonly docker: Dockerode;

  constructor(private readonly opts: DockerRuntimeOptions) {
    this.docker = opts.docker ?? new Dockerode();
  }

  async ping(): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
    try {
      const v = await withBudget(this.docker.version(), PING_BUDGET_MS, 'docker version');
      return { ok: true, version: v.Version };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  async ensureLab(spec: LabSpec): Promise<LabInfo> {
    const { prefix, limits, allowedImages } = this.opts;
    assertImageAllowed(spec.image, allowedImages); // before asking Docker anything about the image
    const imageHash = await this.imageHash(spec);
    const body = labContainerSpec(spec, limits, { prefix, allowedImages, imageHash });
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
      if (info.Config.Labels?.[LABEL.lab] !== spec.labId) {
        throw new SandboxError('sandbox-error', `container ${body.name} exists but is not lab ${spec.labId}`);
      }
      if (info.State.Paused) await container.unpause();
      else if (!info.State.Running) await container.start().catch(ignore(304));
      return await within(budgetMs, `lab ${spec.labId} not running`, async () => {
        const lab = await this.poll(spec.labId);
        return lab.state === 'running' ? lab : undefined;
      });
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
      return { labId, state, containerId: c.Id, userId, courseId, image: c.Config.Image };
    } catch (err) {
      if (statusOf(err) === 404) return { labId, state: 'missing' };
      throw err;
    }
  }

  async stop(labId: string): Promise<void> {
    await this.container(labId).stop({ t: STOP_GRACE_S }).catch(ignore(304, 404));
  }

  async remove(labId: string): Promise<void> {
    // 409: a removal is already in progress.
    await this.container(labId).remove({ force: true, v: true }).catch(ignore(404, 409));
  }

  async list(): Promise<LabInfo[]> {
    const prefix = `/${labContainerName(this.opts.prefix, '')}`;
    const all = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.managed}=1`] } });
    return all.flatMap((c): LabInfo[] => {
      const labId = c.Labels[LABEL.lab];
      if (!labId || !c.Names.some((n) => n.startsWith(prefix))) return [];
      const { [LABEL.user]: userId, [LABEL.course]: courseId } = c.Labels;
      return [
        {
          labId,
          state: c.State === 'running' ? 'running' : 'stopped',
          containerId: c.Id,
          userId,
          courseId,
          image: c.Image,
        },
      ];
    });
  }

  exec(labId: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return this.run(labId, cmd, opts).catch((err: unknown) => notRunning(labId, err));
  }

  private async run(labId: string, cmd: string[], opts: ExecOptions): Promise<ExecResult> {
    const timeoutMs = opts.timeoutMs ?? EXEC_TIMEOUT_MS;
    const withStdin = opts.stdin !== undefined;
    const started = performance.now();
    const exec = await this.container(labId).exec({
      // `timeout` kills the command's whole process group inside the lab, not just our end of the stream.
      Cmd: ['timeout', '-k', '1', `${timeoutMs / 1000}`, ...cmd],
      AttachStdin: withStdin,
      AttachStdout: true,
      AttachStderr: true,
      User: opts.user ?? 'root',
      WorkingDir: '/root',
    });
    const stream = await exec.start({ hijack: true, stdin: withStdin });
    const stdout = new Bounded(opts.maxOutputBytes ?? MiB);
    const stderr = new Bounded(opts.maxOutputBytes ?? MiB);
    this.docker.modem.demuxStream(stream, stdout, stderr);
    if (withStdin) stream.end(opts.stdin);
    const abandoned = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), timeoutMs + EXEC_GRACE_MS);
      stream.on('error', () => undefined);
      stream.once('close', () => (clearTimeout(timer), resolve(false)));
    });
    stream.destroy();
    const exitCode = abandoned ? null : await execExitCode(exec);
    const durationMs = Math.round(performance.now() - started);
    // 124: `timeout` ended it; 137: it had to SIGKILL after the grace second.
    const timedOut = abandoned || ((exitCode === 124 || exitCode === 137) && durationMs >= timeoutMs);
    return { exitCode: exitCode ?? -1, stdout: stdout.text(), stderr: stderr.text(), durationMs, timedOut };
  }

  async openTerminal(labId: string, size: TerminalSize): Promise<TerminalStream> {
    const run = (cmd: string[]) => this.exec(labId, cmd, { timeoutMs: 5_000 });
    return DockerTerminal.open(this.container(labId), size, run).catch((err: unknown) =>
      notRunning(labId, err),
    );
  }

  /** Outside read of a path's metadata (checks use it instead of the learner's `stat`). */
  statPath(labId: string, path: string, opts?: { owner?: boolean }): Promise<PathStat | null> {
    return statInContainer(this.container(labId), path, opts).catch((err: unknown) => notRunning(labId, err));
  }

  async hangUpTerminals(labId: string): Promise<void> {
    await hangUpAll((cmd) => this.exec(labId, cmd, { timeoutMs: 5_000 }));
  }

  async readFile(labId: string, path: string, maxBytes = MiB): Promise<Buffer | null> {
    if (!posix.isAbsolute(path)) throw new SandboxError('sandbox-error', `path must be absolute: ${path}`);
    // The archive API returns a symlink itself, so follow links (checks read e.g. sites-enabled/default).
    for (let hops = 0; hops < 8; hops++) {
      const archive = await this.container(labId)
        .getArchive({ path })
        .catch((err: unknown) => (statusOf(err) === 404 ? null : Promise.reject(err)));
      // Docker answers 404 both for a missing path and a missing container.
      if (!archive) return (await this.poll(labId)).state === 'missing' ? notRunning(labId, 404) : null;
      const entry = await firstTarEntry(archive as Readable, maxBytes);
      if (entry.type === 'file') return entry.data;
      if (entry.type !== 'symlink' || !entry.linkname) return null;
      path = posix.resolve(posix.dirname(path), entry.linkname);
    }
    throw new SandboxError('sandbox-error', `too many symbolic links reading ${path} in lab ${labId}`);
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

/** Keeps the first `max` bytes and drains the rest, so a chatty command cannot fill the server's memory. */
class Bounded extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    const room = this.max - this.size;
    if (room > 0) this.chunks.push(chunk.subarray(0, room));
    this.size += Math.min(room, chunk.length);
    done();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  text(): string {
    return this.bytes().toString('utf8');
  }
}

type TarEntry = { type: string; linkname?: string; data: Buffer };

/** Reads the archive's first entry (at most maxBytes of it) and stops: a directory's tar may be huge. */
function firstTarEntry(archive: Readable, maxBytes: number): Promise<TarEntry> {
  return new Promise((resolve, reject) => {
    const tar = extract();
    const stop = () => (archive.unpipe(tar), tar.destroy(), archive.destroy());
    tar.once('entry', (header, body) => {
      const type = header.type ?? 'file';
      const linkname = header.linkname ?? undefined;
      if (type !== 'file') return (stop(), resolve({ type, linkname, data: Buffer.alloc(0) }));
      const data = new Bounded(maxBytes);
      body.pipe(data).once('finish', () => (stop(), resolve({ type, data: data.bytes() })));
    });
    tar.once('error', reject);
    tar.once('finish', () => resolve({ type: 'none', data: Buffer.alloc(0) }));
    archive.pipe(tar);
  });
}

function statusOf(err: unknown): number | undefined {
  if (typeof err === 'number') return err;
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** For `.catch()`: Docker's "already so" answers (304 not modified, 404 gone, 409 in progress) are success. */
function ignore(...codes: number[]): (err: unknown) => void {
  return (err) => {
    if (!codes.includes(statusOf(err) ?? 0)) throw err;
  };
}

function notRunning(labId: string, err: unknown): never {
  const status = statusOf(err);
  if (status === 404 || status === 409) {
    throw new SandboxError('lab-not-running', `lab ${labId} is not running`, { cause: err });
  }
  throw err;
}

/** Retries `attempt` until it gives a value; the error names what was awaited and the budget. */
async function within<T>(budgetMs: number, what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new SandboxError('timeout', `${what} after ${budgetMs} ms`);
    await sleep(50);
  }
}

function withBudget<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SandboxError('timeout', `${what} did not answer after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, budget]).finally(() => clearTimeout(timer));
}
