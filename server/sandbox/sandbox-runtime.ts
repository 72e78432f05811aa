/**
 * The port between the platform and whatever runs learners' machines. Only `sandbox/docker-*.ts`
 * knows about Docker; everything else depends on this interface (a fake implements it for unit tests).
 *
 * Lifecycle contract
 * - A lab is identified by `labId` (persisted in the database). Its container is named
 *   `<prefix>-lab-<labId>` and labelled `atelier.managed=1`, `atelier.lab`, `atelier.user`, `atelier.course`.
 * - `ensureLab(spec)` creates the container if none exists for `labId`, or adopts the existing one
 *   (after a server restart, or when a create races with another) as it is, even if built from an older
 *   image. It never creates a duplicate. It starts the container and resolves once it is running; when
 *   that fails, a container it created itself is removed and the original error is rethrown.
 * - `poll(labId)` never throws for a missing container: a 404 is state `missing`. Before `ensureLab` it
 *   returns `missing`; after a server restart it returns the container's real state.
 * - `stop` and `remove` are idempotent: stopping a stopped lab or removing a missing one is a no-op.
 * - `exec` and `openTerminal` need a running lab; otherwise they reject with SandboxError('lab-not-running').
 * - Every wait has a budget; its error names it (`lab 3f2a not ready after 5000 ms`).
 *
 * Warm pool (hand-out by rename)
 * - `createPooled({poolId,…})` starts a container exactly like `ensureLab` under a fresh pool id (name
 *   `<prefix>-lab-<poolId>`, so exec, readFile and the course setup work on it as on any lab), labelled
 *   `atelier.pool=<courseId>` and with no user. `list()`/`poll()` report it with `pooled.claimed: false`.
 * - `claim(poolId, labId)` hands it to a lab by renaming it to `<prefix>-lab-<labId>`. Docker cannot
 *   relabel a container, but a rename is atomic on a running one, so from then on the NAME is the lab's
 *   identity: the `atelier.lab` label keeps the pool id, `atelier.user` stays absent, and the lab is
 *   reported under `labId` with `pooled.claimed: true`. Ownership lives in the database row, never in a
 *   label. Reconciling after a crash therefore needs no label: name with a row → adopt; unclaimed pool
 *   container → leftover pool (remove); anything else without a row → orphan (remove). A crash between
 *   the rename and the row turning 'running' leaves a 'creating' row, which reconcile treats as a half-done
 *   start (container removed, recreated on demand): never two containers for a lab, never a lost row.
 * - `claim` is the rename alone (no inspect: it is on the learner's critical path). It rejects with
 *   SandboxError('lab-not-running') when the pool container is gone and 'lab-exists' when the lab already
 *   has a container (the pool container is then left as it was). A pool container that stopped is a
 *   stopped lab after the claim: the next `ensureLab` restarts it.
 * - `prewarmShell(labId)` opens a shell now and keeps it for the lab's next `openTerminal` (it follows a
 *   claim), so a pool hit shows a prompt without waiting for bash; dropped when the lab stops or goes.
 */
export interface SandboxRuntime {
  /** Is the engine reachable? Never throws. */
  ping(): Promise<{ ok: true; version: string } | { ok: false; message: string }>;
  ensureLab(spec: LabSpec): Promise<LabInfo>;
  poll(labId: string): Promise<LabInfo>;
  stop(labId: string): Promise<void>;
  remove(labId: string): Promise<void>;
  /** All managed labs the engine knows, from labels (used to reconcile with the database at boot). */
  list(): Promise<LabInfo[]>;
  /**
   * Runs a command without a TTY (as root in /root unless `user` is set) and collects its output, each
   * stream truncated at `maxOutputBytes` (default 1 MiB). The command runs under `timeout` inside the lab
   * (default 30 s), so its processes are killed too; then `timedOut` is true. `exitCode` is -1 when unknown.
   */
  exec(labId: string, cmd: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Starts an interactive shell with a TTY. */
  openTerminal(labId: string, size: TerminalSize): Promise<TerminalStream>;
  /** Hangs up every shell left in a running lab by an earlier server process (boot-time reaping). */
  hangUpTerminals(labId: string): Promise<void>;
  /**
   * Reads a regular file from outside the container (archive API; also works on a stopped lab), following
   * symbolic links; at most `maxBytes` (default 1 MiB), longer files are truncated. null when the path does
   * not exist or is not a regular file; SandboxError('lab-not-running') when the lab does not exist.
   */
  readFile(labId: string, path: string, maxBytes?: number): Promise<Buffer | null>;
  createPooled(spec: PoolSpec): Promise<LabInfo>;
  claim(poolId: string, labId: string): Promise<void>;
  prewarmShell(labId: string): Promise<void>;
  /** Bytes in the lab's writable layer (Docker `inspect size=true` SizeRw; walks the layer); undefined when missing. */
  diskUsage(labId: string): Promise<number | undefined>;
  /** Space on the filesystem holding the engine's data (DockerRootDir); undefined when not visible from here. */
  hostDisk(): Promise<HostDisk | undefined>;
}

export interface PoolSpec {
  poolId: string;
  /** The course whose setup the pool container receives before it is claimed. */
  courseId: string;
  image: string;
}

export interface HostDisk {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

export interface LabSpec {
  labId: string;
  userId: string;
  courseId: string;
  /** Image name; must be in the runtime's allowlist. */
  image: string;
}

export type LabState = 'running' | 'stopped' | 'missing';

export interface LabInfo {
  labId: string;
  state: LabState;
  containerId?: string;
  userId?: string;
  courseId?: string;
  image?: string;
  /** Born in the warm pool for `courseId`; `claimed` once renamed to a lab. */
  pooled?: { courseId: string; claimed: boolean };
}

export interface ExecOptions {
  timeoutMs?: number;
  user?: string;
  stdin?: string;
  maxOutputBytes?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** One interactive shell. Output arrives through onData; pause/resume give backpressure on the source. */
export interface TerminalStream {
  write(data: string | Buffer): void;
  resize(size: TerminalSize): Promise<void>;
  onData(listener: (chunk: Buffer) => void): void;
  onExit(listener: (code: number | null) => void): void;
  pause(): void;
  resume(): void;
  /**
   * Ends the shell like a dropped SSH line (SIGHUP to the foreground job and to the shell, which passes it
   * to its jobs; nohup'd jobs survive; SIGKILL if the shell outlives 2 s) and releases the stream.
   * Resolves once the shell is gone. Idempotent.
   */
  close(): Promise<void>;
}

export type SandboxErrorReason =
  'lab-not-running' | 'lab-exists' | 'image-not-allowed' | 'docker-unavailable' | 'timeout' | 'sandbox-error';

export class SandboxError extends Error {
  constructor(
    readonly reason: SandboxErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SandboxError';
  }
}
