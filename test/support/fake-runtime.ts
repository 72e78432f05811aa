import { createHash, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
// An in-memory SandboxRuntime for unit tests: same contract as DockerRuntime, no Docker. Exec output is
// scripted by a callback; terminals echo nothing until a test pushes output with `emit`.
import {
  EXPECT_ABSENT,
  EXPECT_ANY,
  SandboxError,
  type DirEntry,
  type DirListing,
  type FileInfo,
  type OpenedFile,
  type DiskUsage,
  type ExecOptions,
  type ExecResult,
  type InspectOptions,
  type Checkpoint,
  type HostDisk,
  type LabInfo,
  type LabSpec,
  type PoolSpec,
  type SandboxRuntime,
  type TerminalSize,
  type TerminalStream,
} from '../../server/sandbox/sandbox-runtime.js';

export type ExecScript = (
  labId: string,
  cmd: string[],
  opts: ExecOptions,
) => Partial<ExecResult> | Promise<Partial<ExecResult>>;

export class FakeTerminal implements TerminalStream {
  id = randomBytes(8).toString('hex');
  replay: Buffer = Buffer.alloc(0);
  /** Let go of by a closing server: still "running" for a later resume. */
  released = false;
  labId = '';
  /** Everything it printed (what a reattach replays). */
  printed: Buffer[] = [];
  readonly input: string[] = [];
  size: TerminalSize;
  paused = false;
  closed = false;
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private readonly exitListeners: ((code: number | null) => void)[] = [];

  /** The machine it was opened on (undefined: the default one). */
  machine: string | undefined;
  constructor(size: TerminalSize) {
    this.size = size;
  }
  write(data: string | Buffer): void {
    if (!this.closed) this.input.push(data.toString());
  }
  async resize(size: TerminalSize): Promise<void> {
    this.size = size;
  }
  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListeners.push(listener);
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  async close(): Promise<void> {
    if (!this.closed) this.exit(129); // SIGHUP, like the real one
  }
  release(): void {
    this.released = true;
  }
  /** Test helper: output from the "shell". */
  emit(data: string | Buffer): void {
    const chunk = Buffer.from(data);
    this.printed.push(chunk);
    for (const l of this.dataListeners) l(chunk);
  }
  /** Test helper: the shell ends. */
  exit(code: number | null): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.exitListeners) l(code);
  }
}

export class FakeRuntime implements SandboxRuntime {
  readonly labs = new Map<string, LabInfo>();
  /** Files per lab, by absolute path, for readFile. */
  readonly files = new Map<string, Map<string, Buffer>>();
  readonly terminals: FakeTerminal[] = [];
  readonly calls: { method: string; labId?: string; cmd?: string[]; machine?: string }[] = [];
  engineOk = true;
  /** Writable-layer bytes per lab for diskUsage (0 when unset). */
  readonly disk = new Map<string, number>();
  /** Entries added per lab for diskUsage (0 when unset). */
  readonly entries = new Map<string, number>();
  /** What hostDisk answers (undefined: not visible). */
  host: HostDisk | undefined = {
    path: '/var/lib/docker',
    freeBytes: 100 * 2 ** 30,
    totalBytes: 200 * 2 ** 30,
  };
  /** Labs holding a prewarmed shell (moved by claim, taken by openTerminal). */
  readonly spares = new Set<string>();
  /** Makes the next createPooled calls fail (tests of the pool's back-off). */
  failPooled = 0;

  constructor(
    private script: ExecScript = () => ({}),
    private readonly allowedImages?: ReadonlySet<string>,
  ) {}

  /** Replace the exec script mid-test. */
  onExec(script: ExecScript): void {
    this.script = script;
  }

  async ping() {
    return this.engineOk
      ? { ok: true as const, version: 'fake' }
      : { ok: false as const, message: 'fake engine down' };
  }

  async ensureLab(spec: LabSpec): Promise<LabInfo> {
    this.calls.push({ method: 'ensureLab', labId: spec.labId });
    if (this.allowedImages && !this.allowedImages.has(spec.image)) {
      throw new SandboxError('image-not-allowed', `image ${spec.image} is not an Atelier environment`);
    }
    const prev = this.labs.get(spec.labId);
    const info: LabInfo = prev
      ? { ...prev, state: 'running' }
      : { ...spec, state: 'running', containerId: `fake-${spec.labId}` };
    this.labs.set(spec.labId, info);
    return { ...info };
  }

  async poll(labId: string): Promise<LabInfo> {
    return { ...(this.labs.get(labId) ?? { labId, state: 'missing' }) };
  }

  async stop(labId: string): Promise<void> {
    this.calls.push({ method: 'stop', labId });
    const lab = this.labs.get(labId);
    if (lab) lab.state = 'stopped';
    this.spares.delete(labId);
  }

  async remove(labId: string): Promise<void> {
    this.calls.push({ method: 'remove', labId });
    this.labs.delete(labId);
    this.files.delete(labId);
    this.spares.delete(labId);
  }

  async list(): Promise<LabInfo[]> {
    return [...this.labs.values()].map((l) => ({ ...l }));
  }

  async exec(labId: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    this.calls.push({ method: 'exec', labId, cmd });
    this.assertRunning(labId);
    const r = await this.script(labId, cmd, opts);
    return { exitCode: 0, stdout: '', stderr: '', durationMs: 1, timedOut: false, ...r };
  }

  /** The grader's script goes to the same exec script, as `bash -s` with LAB_ROOT unset (the host's /). */
  async inspect(labId: string, script: string, opts: InspectOptions = {}): Promise<ExecResult> {
    this.calls.push({ method: 'inspect', labId });
    this.assertRunning(labId);
    const r = await this.script(labId, ['bash', '--noprofile', '--norc', '-s'], { ...opts, stdin: script });
    return { exitCode: 0, stdout: '', stderr: '', durationMs: 1, timedOut: false, ...r };
  }

  async openTerminal(
    labId: string,
    size: TerminalSize,
    machine?: string,
    resume?: string,
  ): Promise<TerminalStream> {
    this.calls.push({ method: 'openTerminal', labId, ...(machine ? { machine } : {}) });
    this.assertRunning(labId);
    const held = resume
      ? this.terminals.find((t) => t.id === resume && t.labId === labId && t.machine === machine && !t.closed)
      : undefined;
    if (held) {
      // A new stream onto the same shell, as after a server restart.
      const again = new FakeTerminal(size);
      Object.assign(again, { id: held.id, labId, machine, replay: Buffer.concat(held.printed) });
      held.closed = true;
      this.terminals.push(again);
      return again;
    }
    this.spares.delete(labId);
    const term = new FakeTerminal(size);
    term.labId = labId;
    term.machine = machine;
    this.terminals.push(term);
    return term;
  }

  /** What `connect` reaches: `<labId>/<machine or ''>/<port>` → a duplex factory; anything else is closed. */
  readonly ports = new Map<string, () => Duplex>();

  async connect(labId: string, target: { machine?: string; port: number }): Promise<Duplex> {
    this.calls.push({ method: 'connect', labId });
    this.assertRunning(labId);
    const open = this.ports.get(`${labId}/${target.machine ?? ''}/${target.port}`);
    if (!open)
      throw new SandboxError('port-closed', `nothing listens on ${target.machine ?? 'lab'}:${target.port}`);
    return open();
  }

  async pruneStrays(): Promise<number> {
    return 0;
  }

  async createPooled(spec: PoolSpec): Promise<LabInfo> {
    this.calls.push({ method: 'createPooled', labId: spec.poolId });
    if (this.failPooled > 0) {
      this.failPooled--;
      throw new SandboxError('sandbox-error', `cannot create pool container ${spec.poolId}`);
    }
    const pooled = { courseId: spec.courseId, claimed: false };
    const info: LabInfo = {
      labId: spec.poolId,
      state: 'running',
      containerId: `fake-${spec.poolId}`,
      pooled,
    };
    this.labs.set(spec.poolId, { ...info, courseId: spec.courseId, image: spec.image });
    return { ...info };
  }

  async claim(poolId: string, labId: string): Promise<void> {
    this.calls.push({ method: 'claim', labId });
    const lab = this.labs.get(poolId);
    if (!lab?.pooled || lab.pooled.claimed)
      throw new SandboxError('lab-not-running', `pool container ${poolId} is gone`);
    if (this.labs.has(labId)) throw new SandboxError('lab-exists', `lab ${labId} already has a container`);
    this.labs.delete(poolId);
    const info: LabInfo = { ...lab, labId, pooled: { ...lab.pooled, claimed: true } };
    this.labs.set(labId, info);
    const files = this.files.get(poolId);
    if (files) {
      this.files.set(labId, files);
      this.files.delete(poolId);
    }
    if (this.spares.delete(poolId)) this.spares.add(labId);
  }

  async prewarmShell(labId: string): Promise<void> {
    this.calls.push({ method: 'prewarmShell', labId });
    this.assertRunning(labId);
    this.spares.add(labId);
  }

  async diskUsage(labId: string): Promise<DiskUsage | undefined> {
    if (!this.labs.has(labId)) return undefined;
    return { bytes: this.disk.get(labId) ?? 0, entries: this.entries.get(labId) ?? 0 };
  }

  async hostDisk(): Promise<HostDisk | undefined> {
    return this.host && { ...this.host };
  }

  async readFile(labId: string, path: string, maxBytes = 1024 * 1024): Promise<Buffer | null> {
    if (!this.labs.has(labId)) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    return this.files.get(labId)?.get(path)?.subarray(0, maxBytes) ?? null;
  }

  /** The editor's operations over `files` (flat: a directory is any prefix of a file's path). */
  async listFiles(labId: string, path: string): Promise<DirListing> {
    this.assertRunning(labId);
    const dir = path.endsWith('/') ? path : `${path}/`;
    const names = new Map<string, DirEntry>();
    for (const [p, data] of this.files.get(labId) ?? []) {
      if (!p.startsWith(dir)) continue;
      const [name, ...deeper] = p.slice(dir.length).split('/');
      if (!name) continue;
      names.set(
        name,
        deeper.length
          ? { name, type: 'directory', mode: 0o755, size: 0 }
          : { name, type: 'file', mode: 0o644, size: data.length },
      );
    }
    if (!names.size && path !== '/') throw new SandboxError('no-such-file', `${path}: no such file`);
    return { path, entries: [...names.values()], truncated: false };
  }

  async openFile(labId: string, path: string): Promise<OpenedFile> {
    this.assertRunning(labId);
    const content = this.files.get(labId)?.get(path);
    if (!content) throw new SandboxError('no-such-file', `${path}: no such file`);
    return { file: this.fileInfo(path, content), content };
  }

  async saveFile(labId: string, path: string, content: Buffer, opts: { expect: string }) {
    this.assertRunning(labId);
    const old = this.files.get(labId)?.get(path);
    if (old && opts.expect === EXPECT_ABSENT)
      throw new SandboxError('file-exists', `${path}: the file exists`);
    if (
      opts.expect !== EXPECT_ANY &&
      opts.expect !== EXPECT_ABSENT &&
      (!old || this.fileInfo(path, old).version !== opts.expect)
    )
      throw new SandboxError('file-changed', `${path}: the file changed since it was opened`);
    this.writeFile(labId, path, content);
    return { file: this.fileInfo(path, content), created: !old };
  }

  private fileInfo(path: string, content: Buffer): FileInfo {
    const version = createHash('sha1').update(content).digest('hex');
    return {
      realPath: path,
      mode: 0o644,
      uid: 0,
      gid: 0,
      owner: 'root',
      group: 'root',
      size: content.length,
      version,
    };
  }

  /** Checkpoints by lab then name: the lab's files when saved, with `disk` as their size. */
  readonly checkpoints = new Map<string, Map<string, { at: Checkpoint; files: Map<string, Buffer> }>>();

  async saveCheckpoint(labId: string, name: string): Promise<Checkpoint> {
    this.calls.push({ method: 'saveCheckpoint', labId });
    if (!this.labs.has(labId)) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    const at: Checkpoint = { labId, name, createdAt: Date.now(), bytes: this.disk.get(labId) ?? 0 };
    const byName = this.checkpoints.get(labId) ?? new Map();
    byName.delete(name); // a replaced checkpoint is the newest
    byName.set(name, { at, files: new Map(this.files.get(labId) ?? []) });
    this.checkpoints.set(labId, byName);
    return { ...at };
  }

  async listCheckpoints(labId?: string): Promise<Checkpoint[]> {
    return [...this.checkpoints.entries()]
      .filter(([id]) => !labId || id === labId)
      .flatMap(([, byName]) => [...byName.values()].map((c) => ({ ...c.at })))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async restoreCheckpoint(spec: LabSpec, name: string): Promise<LabInfo> {
    this.calls.push({ method: 'restoreCheckpoint', labId: spec.labId });
    const saved = this.checkpoints.get(spec.labId)?.get(name);
    if (!saved) throw new SandboxError('unknown-checkpoint', `no checkpoint ${name} for lab ${spec.labId}`);
    await this.remove(spec.labId);
    const info = await this.ensureLab(spec);
    this.files.set(spec.labId, new Map(saved.files));
    return info;
  }

  async dropCheckpoints(labId: string, names?: string[]): Promise<void> {
    this.calls.push({ method: 'dropCheckpoints', labId });
    const byName = this.checkpoints.get(labId);
    if (!byName) return;
    for (const n of names ?? [...byName.keys()]) byName.delete(n);
    if (byName.size === 0) this.checkpoints.delete(labId);
  }

  /** Test helper: put a file in a lab. */
  writeFile(labId: string, path: string, content: string | Buffer): void {
    const files = this.files.get(labId) ?? new Map<string, Buffer>();
    files.set(path, Buffer.from(content));
    this.files.set(labId, files);
  }

  private assertRunning(labId: string): void {
    if (this.labs.get(labId)?.state !== 'running') {
      throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    }
  }
}
