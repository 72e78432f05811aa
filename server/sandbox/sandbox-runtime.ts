import type { Duplex } from 'node:stream';
import type { EngineFleet } from './engine-types.js';

/**
 * The port between the platform and whatever runs learners' machines. Only `sandbox/docker-*.ts`
 * knows about Docker (eslint enforces it); everything else depends on these interfaces (a fake
 * implements SandboxRuntime for unit tests).
 *
 * Lifecycle contract
 * - A lab is identified by `labId` (persisted in the database). The adapter marks what it creates with
 *   the instance prefix, so `list()` finds this instance's labs, and only those, after a restart.
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
 * Warm pool (hand-out)
 * - `createPooled({poolId,…})` starts a lab exactly like `ensureLab` under a fresh pool id (so exec,
 *   readFile and the course setup work on it as on any lab), for `courseId` and with no user.
 *   `list()`/`poll()` report it under the pool id with `pooled.claimed: false`.
 * - `claim(poolId, labId)` hands it to a lab atomically: from then on `poll`/`list` report it under
 *   `labId` with `pooled.claimed: true` and no `userId` (ownership lives in the database row), and
 *   `poll(poolId)` is `missing`; it is never reported under both ids nor under neither. So reconcile after
 *   a crash needs nothing else: a lab with a row → adopt; unclaimed pool lab → leftover pool (remove);
 *   anything else without a row → orphan (remove). A crash between the claim and the row turning
 *   'running' leaves a 'creating' row, which reconcile treats as a half-done start (lab removed, recreated
 *   on demand): never two machines for a lab, never a lost row.
 * - `claim` does nothing else (it is on the learner's critical path). It rejects with
 *   SandboxError('lab-not-running') when the pool lab is gone and 'lab-exists' when the lab already has
 *   one (the pool lab is then left as it was). A pool lab that stopped is a stopped lab after the claim:
 *   the next `ensureLab` restarts it.
 * - `prewarmShell(labId)` opens a shell now and keeps it for the lab's next `openTerminal` (it follows a
 *   claim), so a pool hit shows a prompt without waiting for bash; dropped when the lab stops or goes.
 */
/*
 * Machines
 * - A lab is one machine or several (`LabSpec.machines`, the default machine first). Several machines share
 *   a private network of their own: each reaches the others by name, nothing else (no internet, no host,
 *   no other lab); one machine alone has no network at all. Every operation that runs something
 *   (`exec`, `inspect`, `openTerminal`, `readFile`) takes the machine's name, default the first machine.
 * - `ensureLab`/`createPooled` make all machines and the network; `stop`/`remove` act on all of them; `poll`
 *   and `list` report the lab as a whole (running when every machine runs). A pool claim hands over the
 *   whole lab. `pruneStrays` removes machines and networks whose lab is gone (a crash mid-create).
 */
export interface SandboxRuntime {
  /** Is the engine reachable? Never throws. */
  ping(): Promise<{ ok: true; version: string } | { ok: false; message: string }>;
  ensureLab(spec: LabSpec): Promise<LabInfo>;
  poll(labId: string): Promise<LabInfo>;
  stop(labId: string): Promise<void>;
  remove(labId: string): Promise<void>;
  /** All labs of this instance the engine knows (used to reconcile with the database at boot). */
  list(): Promise<LabInfo[]>;
  /**
   * Runs a command without a TTY (as root in /root unless `user` is set) and collects its output, each
   * stream truncated at `maxOutputBytes` (default 1 MiB). The command runs under `timeout` inside the lab
   * (default 30 s), so its processes are killed too; then `timedOut` is true. `exitCode` is -1 when unknown.
   */
  exec(labId: string, cmd: string[], opts?: ExecOptions): Promise<ExecResult>;
  /**
   * An interactive shell with a TTY on one machine (default: the first). Shells outlive the server process:
   * `resume` names one an earlier process (or this one) opened; when it still runs on that machine it is
   * reattached, with its recent output in `replay`, else a new shell starts. A shell no server attached to
   * for the runtime's idle time hangs itself up.
   */
  openTerminal(labId: string, size: TerminalSize, machine?: string, resume?: string): Promise<TerminalStream>;
  /**
   * Reads a regular file from outside the container (archive API; also works on a stopped lab), following
   * symbolic links; at most `maxBytes` (default 1 MiB), longer files are truncated. null when the path does
   * not exist or is not a regular file; SandboxError('lab-not-running') when the lab does not exist.
   */
  readFile(labId: string, path: string, maxBytes?: number, machine?: string): Promise<Buffer | null>;
  /**
   * The editor's file operations, run inside the machine (they see its tmpfs mounts, as the learner does)
   * by a tool of the platform's, not the lab's own programs. SandboxError('lab-not-running') when the lab is
   * not running; the other refusals are SandboxErrors named after them (`no-such-file`, `is-a-directory`…).
   * A directory's entries: at most `maxEntries` (default 2000), unsorted.
   */
  listFiles(labId: string, path: string, opts?: FileOptions & { maxEntries?: number }): Promise<DirListing>;
  /** A regular file (symbolic links followed), at most `maxBytes` (default 1 MiB: else `file-too-big`). */
  openFile(labId: string, path: string, opts?: FileOptions & { maxBytes?: number }): Promise<OpenedFile>;
  /**
   * Replaces a file's content, keeping its owner, group and mode (a new file: mode 0644, its directory's
   * owner and group). `expect`: the version opened (else `file-changed`, also when it was deleted since),
   * EXPECT_ABSENT (else `file-exists`) or EXPECT_ANY. A failed write leaves the original whole.
   */
  saveFile(
    labId: string,
    path: string,
    content: Buffer,
    opts: FileOptions & { expect: string; maxBytes?: number },
  ): Promise<{ file: FileInfo; created: boolean }>;
  /**
   * Runs a bash script (given whole, on stdin) in the lab's grader: programs from the lab's image as
   * built, never from the lab's own filesystem or PATH; in the lab's PID and network namespaces (it sees
   * the lab's processes, sockets and loopback); the lab's root directory at `$LAB_ROOT`. Lab root cannot
   * read its memory, files or descriptors, nor trace it; killing it only makes the result incomplete.
   * Bounded like `exec`; SandboxError('lab-not-running') when the lab is not running.
   */
  inspect(labId: string, script: string, opts?: InspectOptions): Promise<ExecResult>;
  /**
   * A TCP connection to `port` of one machine of a running lab, made from inside the lab's network (the
   * platform has no route to labs: preview pages come this way). Rejects with SandboxError('port-closed')
   * when nothing answers there, 'lab-not-running' when the lab is not running.
   */
  connect(labId: string, target: { machine?: string; port: number }): Promise<Duplex>;
  /** Removes machines and networks left without their lab (boot-time and sweeps); returns how many. */
  pruneStrays(): Promise<number>;
  createPooled(spec: PoolSpec): Promise<LabInfo>;
  claim(poolId: string, labId: string): Promise<void>;
  prewarmShell(labId: string): Promise<void>;
  /** What the lab takes of the host's disk (may walk it: not for hot paths); undefined when missing. */
  diskUsage(labId: string): Promise<DiskUsage | undefined>;
  /** Space on the filesystem holding the engine's data; undefined when not visible from here. */
  hostDisk(): Promise<HostDisk | undefined>;
  /**
   * Checkpoints: a lab's files (every machine's root filesystem, not `/tmp` nor running processes) saved
   * under a name (`[a-z0-9][a-z0-9_-]{0,63}`, an exercise id). Saving never pauses the lab; saving under a
   * name already taken replaces it. Checkpoints outlive `remove(labId)` (a reset keeps them) and go with
   * `dropCheckpoints`. SandboxError('lab-not-running') when the lab has no machine to save.
   */
  saveCheckpoint(labId: string, name: string): Promise<Checkpoint>;
  /** The checkpoints of one lab, or of every lab of this instance; oldest first. */
  listCheckpoints(labId?: string): Promise<Checkpoint[]>;
  /**
   * Replaces the lab's machines by ones made from the checkpoint (the lab's shells end, like a remove),
   * with the same profile as `ensureLab(spec)`; resolves once it runs. SandboxError('unknown-checkpoint')
   * when there is no such checkpoint (the lab is then left as it was).
   */
  restoreCheckpoint(spec: LabSpec, name: string): Promise<LabInfo>;
  /** Removes the named checkpoints of a lab (all of them without `names`); idempotent. */
  dropCheckpoints(labId: string, names?: string[]): Promise<void>;
}

/** A saved state of a lab's machines. */
export interface Checkpoint {
  labId: string;
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Host disk it takes: the bytes it added over what the lab's machines were made from. */
  bytes: number;
}

export interface DiskUsage {
  /** Bytes written to the lab's own filesystem, including deleted files a lab process still holds open. */
  bytes: number;
  /** Entries (inodes) the learner added to the lab's root filesystem; undefined when not measured. */
  entries?: number;
  /** A lab of several machines: each one's share (quotas apply per machine). */
  machines?: { name: string; bytes: number; entries?: number }[];
}

export interface FileOptions {
  /** Default: the lab's first machine. */
  machine?: string;
}

/** `absent` and `any` as `saveFile` takes them (any other value is a version). */
export const EXPECT_ABSENT = '*';
export const EXPECT_ANY = '-';

/** A regular file as the editor sees it; `version` changes whenever its content or inode does. */
export interface FileInfo {
  /** The path with symbolic links resolved. */
  realPath: string;
  mode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  size: number;
  version: string;
}

export interface OpenedFile {
  file: FileInfo;
  content: Buffer;
}

export interface DirEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  mode: number;
  size: number;
  /** A symbolic link: what it leads to. */
  target?: 'file' | 'directory' | 'other' | 'missing';
}

export interface DirListing {
  /** The directory with symbolic links resolved. */
  path: string;
  entries: DirEntry[];
  truncated: boolean;
}

/** What a regular file, directory or link looks like to a check. */
export interface PathStat {
  type: 'file' | 'directory' | 'symlink' | 'other';
  /** Permission bits incl. setuid/setgid/sticky (e.g. 0o4755). */
  mode: number;
  /** Present when asked for (owner checks): reading the owner from outside costs more. */
  uid?: number;
  gid?: number;
  size: number;
  linkTarget?: string;
}

export interface PoolSpec {
  poolId: string;
  /** The course whose setup the pool container receives before it is claimed. */
  courseId: string;
  image: string;
  machines?: MachineSpec[];
}

/** Most machines one lab may have (ATELIER_LAB_MACHINES may lower it). */
export const MAX_LAB_MACHINES = 5;

/** One machine of a lab: its name is its hostname and its name on the lab's network. */
export interface MachineSpec {
  name: string;
  /** Image name; must be in the runtime's allowlist. */
  image: string;
  /** Added to this machine's capabilities; the profile refuses any outside COURSE_CAPABILITIES. */
  capabilities?: readonly string[];
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
  /** Image name of the default machine; must be in the runtime's allowlist. */
  image: string;
  /** All machines, the default first; absent: one machine named `lab` from `image`. */
  machines?: MachineSpec[];
}

export type LabState = 'running' | 'stopped' | 'missing';

export interface LabInfo {
  labId: string;
  state: LabState;
  containerId?: string;
  userId?: string;
  courseId?: string;
  image?: string;
  /** Born in the warm pool for `courseId`; `claimed` once handed to a lab. */
  pooled?: { courseId: string; claimed: boolean };
}

export interface ExecOptions {
  /** Default: the lab's first machine. */
  machine?: string;
  timeoutMs?: number;
  user?: string;
  stdin?: string;
  maxOutputBytes?: number;
}

export interface InspectOptions {
  /** Default: the lab's first machine. */
  machine?: string;
  timeoutMs?: number;
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
  /** Stable across server restarts (16 hex characters): what `openTerminal(…, resume)` takes. */
  readonly id: string;
  /** The recent screen of a reattached shell, to show before anything else; empty for a new one. */
  readonly replay: Buffer;
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
  /** Lets go of the stream and leaves the shell running for the next server process (shutdown). */
  release(): void;
}

/**
 * What a learner should hear about without asking: a process killed for memory (`oom`), a lab whose
 * main process died unexpectedly (`crashed`) and came back (`restarted`), and a lab whose engine stopped
 * answering (`unavailable`), answers again (`back`, running or stopped) or came back without it (`lost`). Stops and removals asked through
 * the runtime are not reported. Events name the lab, never its owner (that is in the database).
 */
export type LabEventKind = 'oom' | 'crashed' | 'restarted' | 'unavailable' | 'back' | 'lost';

export interface LabEvent {
  kind: LabEventKind;
  labId: string;
  containerId: string;
  /** The lab's state after the event, as `lab:status` reports it. */
  state: 'running' | 'starting' | 'stopped' | 'unavailable' | 'removed';
  /** With the engine's events: `engine-down`, `engine-back`, `lost`. */
  reason?: string;
  exitCode?: number;
  /** User-facing text. */
  message: string;
}

export type LabEventListener = (event: LabEvent) => void;

export interface LabEventSource {
  /** Subscribes; resolves once the first connection attempt is done (it retries on its own). */
  start(listener: LabEventListener): Promise<void>;
  stop(): void;
}

/** The isolation labs run under (ATELIER_RUNTIME resolved against the engine). */
export interface RuntimeChoice {
  /** The backend's name for it ('' = the engine's default). */
  runtime: string;
  /** One line for the start-up log. */
  note: string;
}

/**
 * Where one exercises/<env> image stands. `building`: `step`/`steps` from the build's output (0/0 before
 * its first step); `queued`: `position` 1 is built next; `failed`: `reason` for trainers and the log.
 */
export type ImageStatus =
  | { state: 'ready' }
  | { state: 'building'; step: number; steps: number; elapsedSeconds: number }
  | { state: 'queued'; position: number }
  | { state: 'failed'; reason: string };

/** Read by the domain and the routes: an env nobody builds (ATELIER_BUILD_IMAGES=never) is `ready`. */
export interface ImageStatusSource {
  status(env: string): ImageStatus;
}

/** The staged start (server/main.ts): `first` is built; `rest()` builds the others, one at a time. */
export interface StagedBuild {
  rest(): Promise<void>;
}

/** Lab images built from exercises/<env>; unchanged ones are not rebuilt. */
export interface LabImages extends ImageStatusSource {
  /** Makes the base OS image the environments start from, when it is missing. */
  ensureBaseOs(log: (line: string) => void): Promise<void>;
  /** Every image, now, in dependency order; throws at the first failure (`npm run images`, CI). */
  buildAll(log: (line: string) => void): Promise<{ image: string; built: boolean }[]>;
  /**
   * The terminal holder and the envs in `first` (with their parents) now; the others later, when `rest()`
   * is called, in `order` (envs not in it last). Never throws for a build: a failure becomes `failed`
   * (and its children's), logged, and is tried again at the next start only.
   */
  buildStaged(plan: { first: string[]; order: string[] }, log: (line: string) => void): Promise<StagedBuild>;
}

/**
 * One backend, built once by the composition root (server/main.ts, scripts/) from the config: its parts
 * share one connection to the engine.
 */
export interface Sandbox {
  runtime: SandboxRuntime;
  events: LabEventSource;
  images: LabImages;
  /** Resolves ATELIER_RUNTIME against the engines; labs created afterwards run under the choice. */
  resolveRuntime(): Promise<RuntimeChoice>;
  /** The engines labs are placed on (one, `local`, unless ATELIER_ENGINES lists several). */
  engines: EngineFleet;
}

export type SandboxErrorReason =
  | 'lab-not-running'
  | 'lab-exists'
  | 'image-not-allowed'
  | 'docker-unavailable'
  | 'timeout'
  | 'sandbox-error'
  | 'unknown-machine'
  | 'no-subnet'
  | 'port-closed'
  | 'unknown-checkpoint'
  // Several engines: the lab's engine does not answer; no engine can take a new lab; an admin's typo.
  | 'engine-down'
  | 'no-engine'
  | 'unknown-engine'
  // The editor's file operations (listFiles, openFile, saveFile).
  | 'no-such-file'
  | 'no-such-directory'
  | 'is-a-directory'
  | 'not-a-directory'
  | 'not-a-regular-file'
  | 'file-too-big'
  | 'file-changed'
  | 'file-exists'
  | 'file-write-failed'
  | 'lab-too-old';

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
