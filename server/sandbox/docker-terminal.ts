import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError, type TerminalSize, type TerminalStream } from './sandbox-runtime.js';

/** Runs a short non-TTY command in the same lab (the runtime's exec). */
export type RunInLab = (cmd: string[]) => Promise<unknown>;

const EXIT_CODE_BUDGET_MS = 2_000;
const CLOSE_BUDGET_MS = 3_000;

// Closing the hijacked socket leaves bash running, so the wrapper records bash's pid (`exec` keeps it) and
// close() hangs up from a second exec the way a dropped SSH line does: SIGHUP to the terminal's foreground
// process group and to bash, which passes it on to its jobs; nohup'd or disowned jobs survive, as they
// would over SSH. SIGKILL if bash is still there after 2 s (e.g. it traps HUP).
const SHELL = 'mkdir -p /run/atelier; echo $$ > "$0"; exec bash -l';
const HANGUP = `f=$0; pid=$(cat "$f" 2>/dev/null); rm -f "$f"; [ -n "$pid" ] || exit 0
fg=$(ps -o tpgid= -p "$pid" 2>/dev/null | tr -d ' '); [ "\${fg:-0}" -gt 1 ] && kill -HUP -- "-$fg" 2>/dev/null
kill -HUP "$pid" 2>/dev/null
i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done
kill -KILL "$pid" 2>/dev/null; exit 0`;

/** Waits for a finished exec's exit code; null when Docker no longer knows it or it outlives the budget. */
export async function execExitCode(
  exec: Dockerode.Exec,
  budgetMs = EXIT_CODE_BUDGET_MS,
): Promise<number | null> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const info = await exec.inspect().catch(() => null);
    if (!info) return null;
    if (!info.Running) return info.ExitCode;
    if (Date.now() >= deadline) return null;
    await sleep(20);
  }
}

/**
 * An interactive root shell: exec with a TTY on a hijacked duplex stream. Only for labs created before the
 * terminal holder (docker-held-terminal.ts) existed: such a shell ends with the server process.
 */
export class DockerTerminal implements TerminalStream {
  readonly replay = Buffer.alloc(0);
  private exitCode: number | null | undefined;
  private readonly exitListeners: ((code: number | null) => void)[] = [];
  private closing: Promise<void> | undefined;

  private constructor(
    readonly id: string,
    private readonly exec: Dockerode.Exec,
    private readonly stream: Duplex,
    private readonly pidFile: string,
    private readonly run: RunInLab,
  ) {
    stream.on('error', () => stream.destroy());
    stream.once('close', () => void execExitCode(exec).then((code) => this.exited(code)));
  }

  static async open(
    container: Dockerode.Container,
    size: TerminalSize,
    run: RunInLab,
  ): Promise<DockerTerminal> {
    const id = randomBytes(8).toString('hex');
    const pidFile = `/run/atelier/term-${id}.pid`;
    const exec = await container.exec({
      Cmd: ['sh', '-c', SHELL, pidFile],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color', 'LANG=C.UTF-8'],
      User: 'root',
      WorkingDir: '/root',
    });
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
    const term = new DockerTerminal(id, exec, stream, pidFile, run);
    try {
      await term.resize(size);
    } catch (err) {
      await term.close().catch(() => undefined);
      throw err;
    }
    return term;
  }

  write(data: string | Buffer): void {
    if (this.stream.writable) this.stream.write(data);
  }

  async resize(size: TerminalSize): Promise<void> {
    // Docker waits for the exec to have started before resizing, so this is safe right after start.
    await this.exec.resize({ h: size.rows, w: size.cols });
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.stream.on('data', listener);
  }

  onExit(listener: (code: number | null) => void): void {
    const code = this.exitCode;
    if (code === undefined) this.exitListeners.push(listener);
    else queueMicrotask(() => listener(code));
  }

  pause(): void {
    this.stream.pause();
  }

  resume(): void {
    this.stream.resume();
  }

  close(): Promise<void> {
    this.closing ??= this.hangUp();
    return this.closing;
  }

  /** Nothing could reattach this shell later: end it. */
  release(): void {
    void this.close().catch(() => undefined);
  }

  private async hangUp(): Promise<void> {
    try {
      if (this.exitCode !== undefined) {
        await this.run(['rm', '-f', this.pidFile]); // never signal a pid that may have been reused
        return;
      }
      await this.run(['sh', '-c', HANGUP, this.pidFile]);
      this.stream.resume(); // a paused stream never reports its end
      await this.waitExit();
    } catch (err) {
      // A stopped or removed lab has no shell left to end.
      if (!(err instanceof SandboxError && err.reason === 'lab-not-running')) throw err;
    } finally {
      this.stream.destroy();
    }
  }

  private waitExit(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new SandboxError('timeout', `terminal ${this.id} did not exit after ${CLOSE_BUDGET_MS} ms`)),
        CLOSE_BUDGET_MS,
      );
      this.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private exited(code: number | null): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    for (const listener of this.exitListeners.splice(0)) listener(code);
  }
}
