// An in-memory SandboxRuntime for unit tests: same contract as DockerRuntime, no Docker. Exec output is
// scripted by a callback; terminals echo nothing until a test pushes output with `emit`.
import {
  SandboxError,
  type ExecOptions,
  type ExecResult,
  type LabInfo,
  type LabSpec,
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
  readonly input: string[] = [];
  size: TerminalSize;
  paused = false;
  closed = false;
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private readonly exitListeners: ((code: number | null) => void)[] = [];

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
  /** Test helper: output from the "shell". */
  emit(data: string | Buffer): void {
    const chunk = Buffer.from(data);
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
  readonly calls: { method: string; labId?: string; cmd?: string[] }[] = [];
  engineOk = true;

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
  }

  async remove(labId: string): Promise<void> {
    this.calls.push({ method: 'remove', labId });
    this.labs.delete(labId);
    this.files.delete(labId);
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

  async openTerminal(labId: string, size: TerminalSize): Promise<TerminalStream> {
    this.calls.push({ method: 'openTerminal', labId });
    this.assertRunning(labId);
    const term = new FakeTerminal(size);
    this.terminals.push(term);
    return term;
  }

  async hangUpTerminals(labId: string): Promise<void> {
    this.calls.push({ method: 'hangUpTerminals', labId });
    for (const t of this.terminals) t.exit(129);
  }

  async readFile(labId: string, path: string, maxBytes = 1024 * 1024): Promise<Buffer | null> {
    if (!this.labs.has(labId)) throw new SandboxError('lab-not-running', `lab ${labId} is not running`);
    return this.files.get(labId)?.get(path)?.subarray(0, maxBytes) ?? null;
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
