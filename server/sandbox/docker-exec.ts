import type Dockerode from 'dockerode';
import { Writable } from 'node:stream';
import { execExitCode } from './docker-terminal.js';
import type { ExecOptions, ExecResult } from './sandbox-runtime.js';

const MiB = 1024 * 1024;
const EXEC_TIMEOUT_MS = 30_000;
// `timeout` inside the lab ends the command; this outer grace only covers a wedged container.
const EXEC_GRACE_MS = 2_000;

/** Runs a non-TTY command in a container and collects its bounded output (the runtime's `exec`). */
export async function runExec(
  docker: Dockerode,
  container: Dockerode.Container,
  cmd: string[],
  opts: ExecOptions & { env?: string[]; workingDir?: string },
): Promise<ExecResult> {
  const timeoutMs = opts.timeoutMs ?? EXEC_TIMEOUT_MS;
  const withStdin = opts.stdin !== undefined;
  const started = performance.now();
  const exec = await container.exec({
    // `timeout` kills the command's whole process group inside the lab, not just our end of the stream.
    // Absolute: a lookup through the lab's PATH would find a learner's /usr/local/bin/timeout first.
    Cmd: ['/usr/bin/timeout', '-k', '1', `${timeoutMs / 1000}`, ...cmd],
    ...(opts.env ? { Env: opts.env } : {}),
    AttachStdin: withStdin,
    AttachStdout: true,
    AttachStderr: true,
    User: opts.user ?? 'root',
    WorkingDir: opts.workingDir ?? '/root',
  });
  const stream = await exec.start({ hijack: true, stdin: withStdin });
  const stdout = new Bounded(opts.maxOutputBytes ?? MiB);
  const stderr = new Bounded(opts.maxOutputBytes ?? MiB);
  docker.modem.demuxStream(stream, stdout, stderr);
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
  text(): string {
    return this.bytes().toString('utf8');
  }
}
