import type Dockerode from 'dockerode';
import { Writable } from 'node:stream';
import { execExitCode } from './docker-terminal.js';
import type { ExecOptions, ExecResult } from './sandbox-runtime.js';

const MiB = 1024 * 1024;
const EXEC_TIMEOUT_MS = 30_000;
const EXEC_GRACE_MS = 2_000;

/** Runs a non-TTY command in a container and collects its bounded output (the runtime's `exec`). */
export async function runExec(
  docker: Dockerode,
  container: Dockerode.Container,
  cmd: string[],
  opts: ExecOptions & { env?: string[]; workingDir?: string },
): Promise<ExecResult> {
  const timeoutMs = opts.timeoutMs ?? EXEC_TIMEOUT_MS;
  const started = performance.now();
  const r = await execRaw(
    docker,
    container,
    // `timeout` kills the command's whole process group inside the lab, not just our end of the stream.
    // Absolute: a lookup through the lab's PATH would find a learner's /usr/local/bin/timeout first.
    ['/usr/bin/timeout', '-k', '1', `${timeoutMs / 1000}`, ...cmd],
    {
      ...opts,
      user: opts.user ?? 'root',
      workingDir: opts.workingDir ?? '/root',
      // `timeout` inside the lab ends the command; this outer grace only covers a wedged container.
      budgetMs: timeoutMs + EXEC_GRACE_MS,
      maxOutputBytes: opts.maxOutputBytes ?? MiB,
    },
  );
  const durationMs = Math.round(performance.now() - started);
  // 124: `timeout` ended it; 137: it had to SIGKILL after the grace second.
  const timedOut = r.abandoned || ((r.exitCode === 124 || r.exitCode === 137) && durationMs >= timeoutMs);
  return {
    exitCode: r.exitCode ?? -1,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    durationMs,
    timedOut,
  };
}

/**
 * One exec and its output as bytes, each stream cut at `maxOutputBytes` (stderr at `maxErrorBytes` when
 * given). `abandoned`: the stream was still open after `budgetMs` (the exit code is then unknown, null).
 */
export async function execRaw(
  docker: Dockerode,
  container: Dockerode.Container,
  cmd: string[],
  opts: {
    env?: string[];
    workingDir: string;
    user: string;
    stdin?: string | Buffer;
    budgetMs: number;
    maxOutputBytes: number;
    maxErrorBytes?: number;
  },
): Promise<{ exitCode: number | null; stdout: Buffer; stderr: Buffer; abandoned: boolean }> {
  const withStdin = opts.stdin !== undefined;
  const exec = await container.exec({
    Cmd: cmd,
    ...(opts.env ? { Env: opts.env } : {}),
    AttachStdin: withStdin,
    AttachStdout: true,
    AttachStderr: true,
    User: opts.user,
    WorkingDir: opts.workingDir,
  });
  const stream = await exec.start({ hijack: true, stdin: withStdin });
  const stdout = new Bounded(opts.maxOutputBytes);
  const stderr = new Bounded(opts.maxErrorBytes ?? opts.maxOutputBytes);
  docker.modem.demuxStream(stream, stdout, stderr);
  if (withStdin) stream.end(opts.stdin);
  const abandoned = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(true), opts.budgetMs);
    stream.on('error', () => undefined);
    stream.once('close', () => (clearTimeout(timer), resolve(false)));
  });
  stream.destroy();
  const exitCode = abandoned ? null : await execExitCode(exec);
  return { exitCode, stdout: stdout.bytes(), stderr: stderr.bytes(), abandoned };
}

/** Keeps the first `max` bytes and drains the rest, so a chatty command cannot fill the server's memory. */
export class Bounded extends Writable {
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
}
