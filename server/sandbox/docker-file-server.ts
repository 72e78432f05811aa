// One long-lived `atelier-file serve` per lab machine (term-holder/atelier-file.c): the editor's requests
// go over its stdin/stdout, so opening or saving a file costs a round trip on a stream the platform already
// holds, not a `docker exec` (three Engine calls) each time. Whatever goes wrong with it (the learner kills
// it, a frame out of bounds, the machine restarts) ends it; the caller then runs the command on its own.
import type Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';
import { FILE_TOOL } from './container-profile.js';

export interface ToolAnswer {
  code: number;
  out: Buffer;
  err: string;
}

const ANSWER_HEAD = 16;
const MAX_OUT = 2 * 1024 * 1024;
const MAX_ERR = 4096;
/** The tool stops a command after 20 s; past this the server is taken for dead. */
const ANSWER_BUDGET_MS = 25_000;
/** The tool leaves after 10 minutes without a request; the platform lets go a little before. */
const IDLE_MS = 9 * 60_000;

type Io = NodeJS.ReadWriteStream & { destroy(): void };

export class FileServer {
  dead = false;
  private received: Buffer = Buffer.alloc(0);
  private waiting?: { id: number; resolve(a: ToolAnswer): void; reject(e: Error): void };
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private idle?: NodeJS.Timeout;

  private constructor(
    private readonly io: Io,
    private readonly onDead: () => void,
  ) {}

  static async open(docker: Dockerode, container: Dockerode.Container, onDead: () => void) {
    const exec = await container.exec({
      Cmd: [FILE_TOOL, 'serve'],
      Env: ['LC_ALL=C'],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      User: 'root',
      WorkingDir: '/',
    });
    const io = (await exec.start({ hijack: true, stdin: true })) as Io;
    const server = new FileServer(io, onDead);
    const out = new PassThrough();
    docker.modem.demuxStream(io, out, new PassThrough().resume());
    out.on('data', (chunk: Buffer) => server.receive(chunk));
    const end = () => server.fail(new Error('file server ended'));
    io.on('end', end).on('close', end).on('error', end);
    server.armIdle();
    return server;
  }

  /** Runs one command; requests wait their turn (the tool answers one at a time). */
  request(args: string[], body: Buffer = Buffer.alloc(0)): Promise<ToolAnswer> {
    const run = this.queue.then(() => this.send(args, body));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.fail(new Error('file server closed'));
  }

  private send(args: string[], body: Buffer): Promise<ToolAnswer> {
    if (this.dead) return Promise.reject(new Error('file server ended'));
    clearTimeout(this.idle);
    const id = this.nextId++;
    const argBytes = Buffer.from(args.map((a) => `${a}\0`).join(''), 'utf8');
    const head = Buffer.alloc(12);
    head.writeUInt32BE(id, 0);
    head.writeUInt32BE(argBytes.length, 4);
    head.writeUInt32BE(body.length, 8);
    return new Promise<ToolAnswer>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error('file server did not answer')), ANSWER_BUDGET_MS);
      this.waiting = {
        id,
        resolve: (a) => (clearTimeout(timer), this.armIdle(), resolve(a)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.io.write(Buffer.concat([head, argBytes, body]));
    });
  }

  private receive(chunk: Buffer): void {
    this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    if (this.received.length < ANSWER_HEAD) return;
    const id = this.received.readUInt32BE(0);
    const outLen = this.received.readUInt32BE(8);
    const errLen = this.received.readUInt32BE(12);
    // An answer nobody asked for, or out of bounds: not our tool talking (or not any more).
    if (!this.waiting || id !== this.waiting.id || outLen > MAX_OUT || errLen > MAX_ERR)
      return this.fail(new Error('file server sent an unexpected answer'));
    const end = ANSWER_HEAD + outLen + errLen;
    if (this.received.length < end) return;
    if (this.received.length > end) return this.fail(new Error('file server sent more than it was asked'));
    const answer: ToolAnswer = {
      code: this.received.readUInt32BE(4),
      out: Buffer.from(this.received.subarray(ANSWER_HEAD, ANSWER_HEAD + outLen)),
      err: this.received.subarray(ANSWER_HEAD + outLen, end).toString('utf8'),
    };
    this.received = Buffer.alloc(0);
    const w = this.waiting;
    this.waiting = undefined;
    w.resolve(answer);
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.idle);
    this.waiting?.reject(err);
    this.waiting = undefined;
    this.io.destroy();
    this.onDead();
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), IDLE_MS).unref();
  }
}
