import type Dockerode from 'dockerode';
import type { Duplex } from 'node:stream';
import { TERM_TOOL } from './container-profile.js';
import { dockerDemuxer } from './docker-mux.js';
import { execExitCode } from './docker-terminal.js';
import type { TermHub } from './docker-term-hub.js';
import { SandboxError, type TerminalSize, type TerminalStream } from './sandbox-runtime.js';

/** Frames from the holder larger than this are not its protocol: the stream is cut. */
const MAX_FRAME = 1024 * 1024;
const MAX_INPUT_FRAME = 0xffff;
// Generous: in a class rush (60 labs starting on 2 cores) an exec can take seconds to begin running.
const READY_BUDGET_MS = 20_000;
const CLOSE_BUDGET_MS = 4_000;

export type TermExec = (cmd: string[]) => Promise<unknown>;
/** The shell's environment, whichever way its holder is started. */
export const SHELL_ENV = ['TERM=xterm-256color', 'LANG=C.UTF-8', 'HOME=/root'];

/** `atelier-term open|start`: a new holder with a login shell of this size (then relayed, or not). */
export function holderCommand(verb: 'open' | 'start', id: string, size: TerminalSize, idleSeconds: number) {
  return [TERM_TOOL, verb, id, String(size.rows), String(size.cols), String(idleSeconds)];
}

/**
 * A shell held by `atelier-term` inside the lab (server/sandbox/term-holder/atelier-term.c): this process
 * only relays it through a non-TTY exec of `atelier-term attach`, so the shell, its jobs and its last output
 * outlive the server. `replay` is the recent screen the holder sent on attach (empty for a new shell).
 * Everything that comes from the lab is untrusted: a malformed frame cuts the stream (the shell looks ended).
 */
export class HeldTerminal implements TerminalStream {
  replay: Buffer = Buffer.alloc(0);
  private exitCode: number | null | undefined;
  private readonly exitListeners: ((code: number | null) => void)[] = [];
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private queued: Buffer[] = [];
  private flowing = false;
  private frame: Buffer = Buffer.alloc(0);
  private replayLeft = -1;
  private replayParts: Buffer[] = [];
  private stderr = '';
  private timedOut = false;
  private closing: Promise<void> | undefined;
  private readonly ready: Promise<boolean>;
  private markReady: (started: boolean) => void = () => undefined;

  /** exec: the docker exec relaying it (its stream has Docker's 8-byte headers); none through the hub. */
  private constructor(
    readonly id: string,
    private readonly exec: Dockerode.Exec | undefined,
    private readonly stream: Duplex,
    private readonly run: TermExec,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const demux = dockerDemuxer((n, body) => {
      if (n === 2) this.stderr = (this.stderr + body.toString()).slice(-1000);
      else this.parse(body);
    });
    stream.on('data', (chunk: Buffer) => (exec ? demux(chunk) : this.parse(chunk)));
    stream.on('error', () => stream.destroy());
    stream.once('close', () => this.ended());
  }

  /** Starts a new shell held in the lab; resolves once it is attached. */
  static async open(
    container: Dockerode.Container,
    id: string,
    size: TerminalSize,
    idleSeconds: number,
    run: TermExec,
  ): Promise<HeldTerminal> {
    const term = await HeldTerminal.start(container, id, holderCommand('open', id, size, idleSeconds), run);
    if (!(await term.started())) {
      if (term.timedOut)
        throw new SandboxError(
          'timeout',
          `terminal holder ${id} did not answer within ${READY_BUDGET_MS} ms`,
        );
      const code = await execExitCode(term.exec!);
      throw new SandboxError(
        'sandbox-error',
        `terminal holder did not start (exit ${code}): ${term.stderr}`,
        {
          cause: { exitCode: code },
        },
      );
    }
    return term;
  }

  /** Reattaches a shell an earlier server process left running; null when it is gone. */
  static async attach(
    container: Dockerode.Container,
    id: string,
    run: TermExec,
  ): Promise<HeldTerminal | null> {
    const term = await HeldTerminal.start(container, id, [TERM_TOOL, 'attach', id], run);
    return (await term.started()) ? term : null;
  }

  /** Reattaches a shell through the machine's hub (one docker attach for all its shells); null when gone. */
  static async viaHub(hub: TermHub, id: string, run: TermExec): Promise<HeldTerminal | null> {
    const term = new HeldTerminal(id, undefined, await hub.channel(id), run);
    return (await term.started()) ? term : null;
  }

  private static async start(container: Dockerode.Container, id: string, cmd: string[], run: TermExec) {
    const exec = await container.exec({
      Cmd: cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Env: SHELL_ENV,
      User: 'root',
      WorkingDir: '/root',
    });
    const stream = await exec.start({ hijack: true, stdin: true });
    return new HeldTerminal(id, exec, stream, run);
  }

  /** True once the holder said hello (and the replay arrived); false when the exec ended first. */
  private started(): Promise<boolean> {
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.stream.destroy();
    }, READY_BUDGET_MS);
    return this.ready.finally(() => clearTimeout(timer));
  }

  write(data: string | Buffer): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.length; at += MAX_INPUT_FRAME)
      this.send('i', bytes.subarray(at, at + MAX_INPUT_FRAME));
  }

  resize(size: TerminalSize): Promise<void> {
    const p = Buffer.alloc(4);
    p.writeUInt16BE(size.rows, 0);
    p.writeUInt16BE(size.cols, 2);
    this.send('w', p);
    return Promise.resolve();
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
    // Output that came before anyone listened goes to every listener registered in this same turn.
    if (this.dataListeners.length === 1)
      setImmediate(() => {
        const queued = this.queued;
        this.queued = [];
        for (const chunk of queued) for (const l of this.dataListeners) l(chunk);
        this.flowing = true;
      });
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

  /** Hangs the shell up (through the holder, which SIGHUPs it and its foreground job). */
  close(): Promise<void> {
    this.closing ??= this.hangUp();
    return this.closing;
  }

  /** Lets go of the shell without ending it (server shutdown): the holder waits for the next server. */
  release(): void {
    this.stream.end();
    this.stream.destroy();
  }

  private async hangUp(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.stream.resume(); // a paused stream never reports its end
    if (this.stream.writable) this.send('h', Buffer.alloc(0));
    else await this.run([TERM_TOOL, 'hangup', this.id]).catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stream.destroy();
        reject(new SandboxError('timeout', `terminal ${this.id} did not exit after ${CLOSE_BUDGET_MS} ms`));
      }, CLOSE_BUDGET_MS);
      this.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private send(type: 'i' | 'w' | 'h', payload: Buffer): void {
    if (!this.stream.writable) return;
    const head = Buffer.from([type.charCodeAt(0), payload.length >> 8, payload.length & 0xff]);
    this.stream.write(Buffer.concat([head, payload]));
  }

  private parse(body: Buffer): void {
    this.frame = this.frame.length ? Buffer.concat([this.frame, body]) : body;
    while (this.frame.length >= 5) {
      const type = String.fromCharCode(this.frame[0]!);
      const len = this.frame.readUInt32BE(1);
      if (len > MAX_FRAME) return void this.stream.destroy();
      if (this.frame.length < 5 + len) break;
      const payload = this.frame.subarray(5, 5 + len);
      this.frame = this.frame.subarray(5 + len);
      if (type === 'S' && len === 5 && this.replayLeft < 0) {
        this.replayLeft = payload.readUInt32BE(0);
        if (this.replayLeft === 0) this.markReady(true);
      } else if (type === 'o' && this.replayLeft >= 0) this.output(Buffer.from(payload));
      else if (type === 'x' && len === 4) this.exited(payload.readInt32BE(0));
      else return void this.stream.destroy();
    }
  }

  private output(data: Buffer): void {
    if (this.replayLeft > 0) {
      const part = data.subarray(0, this.replayLeft);
      this.replayParts.push(part);
      this.replayLeft -= part.length;
      if (this.replayLeft === 0) {
        this.replay = Buffer.concat(this.replayParts);
        this.replayParts = [];
        this.markReady(true);
      }
      data = data.subarray(part.length);
      if (data.length === 0) return;
    }
    if (!this.flowing) this.queued.push(data);
    else for (const l of this.dataListeners) l(data);
  }

  private ended(): void {
    this.markReady(false);
    this.exited(null);
  }

  private exited(code: number | null): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    this.stream.destroy();
    for (const listener of this.exitListeners.splice(0)) listener(code);
  }
}
