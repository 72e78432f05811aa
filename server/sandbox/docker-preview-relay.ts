// TCP to a lab's machines for the preview, with no route from the platform to any lab: one long-lived
// exec per lab runs our relay (preview-relay.pl, with the grader's own perl) in the lab's network
// namespace and multiplexes connections over its stdin/stdout. Opening a connection is one frame each
// way, no exec: a page costs a round trip through the Docker socket, not a container operation.
import type Dockerode from 'dockerode';
import { readFileSync } from 'node:fs';
import { Duplex, PassThrough } from 'node:stream';
import { SandboxError } from './sandbox-runtime.js';

const RELAY_SCRIPT = readFileSync(new URL('./preview-relay.pl', import.meta.url), 'utf8');
const HEADER = 9;
const MAX_FRAME = 65_536;
/** A page the browser reads slower than the machine sends is cut past this much buffered. */
const MAX_BUFFERED = 8 * 1024 * 1024;
const IDLE_MS = 10 * 60_000;
const OPEN_BUDGET_MS = 5_000;

function frame(type: string, id: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(HEADER);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(id, 1);
  head.writeUInt32BE(data.length, 5);
  return Buffer.concat([head, data]);
}

class RelayConnection extends Duplex {
  constructor(
    private readonly send: (type: string, data?: Buffer) => void,
    private readonly done: () => void,
  ) {
    super();
  }
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    for (let off = 0; off < chunk.length; off += MAX_FRAME)
      this.send('D', chunk.subarray(off, off + MAX_FRAME));
    cb();
  }
  override _final(cb: () => void): void {
    this.hangUp();
    cb();
  }
  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.hangUp();
    cb(err);
  }
  private ended = false;
  /** Tells the relay this side is done (once). */
  hangUp(): void {
    if (this.ended) return;
    this.ended = true;
    this.send('C');
    this.done();
  }
  /** Data from the machine; past MAX_BUFFERED the reader is too slow and the connection is cut. */
  deliver(data: Buffer): void {
    if (this.readableLength > MAX_BUFFERED) this.destroy(new Error('preview reader too slow'));
    else this.push(data);
  }
}

class Relay {
  private readonly streams = new Map<number, RelayConnection>();
  private readonly opening = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private pending: Buffer = Buffer.alloc(0);
  private idle: NodeJS.Timeout | undefined;
  dead = false;

  private constructor(
    private readonly io: NodeJS.ReadWriteStream & { destroy(): void },
    private readonly onDead: () => void,
  ) {}

  static async open(docker: Dockerode, grader: Dockerode.Container, onDead: () => void): Promise<Relay> {
    const exec = await grader.exec({
      Cmd: ['/usr/bin/perl', '-e', RELAY_SCRIPT],
      Env: ['PATH=/usr/bin:/bin', 'LC_ALL=C'],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      WorkingDir: '/',
    });
    const io = (await exec.start({ hijack: true, stdin: true })) as NodeJS.ReadWriteStream & {
      destroy(): void;
    };
    const relay = new Relay(io, onDead);
    const out = new PassThrough();
    docker.modem.demuxStream(io, out, new PassThrough().resume());
    out.on('data', (chunk: Buffer) => relay.receive(chunk));
    const end = () => relay.fail(new SandboxError('lab-not-running', 'the lab stopped'));
    io.on('end', end).on('close', end).on('error', end);
    relay.armIdle();
    return relay;
  }

  async connect(host: string, port: number): Promise<Duplex> {
    const id = this.nextId++;
    const conn = new RelayConnection(
      (type, data) => this.write(frame(type, id, data)),
      () => {
        this.streams.delete(id);
        this.armIdle();
      },
    );
    this.streams.set(id, conn);
    clearTimeout(this.idle);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new SandboxError('timeout', `${host}:${port} did not answer`)),
        OPEN_BUDGET_MS,
      );
      this.opening.set(id, {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.write(frame('O', id, Buffer.from(`${host} ${port}`)));
    }).catch((err: unknown) => {
      this.opening.delete(id);
      this.streams.delete(id);
      throw err;
    });
    return conn;
  }

  close(): void {
    this.fail(new SandboxError('lab-not-running', 'the lab stopped'));
    this.io.destroy();
  }

  private write(data: Buffer): void {
    if (!this.dead) this.io.write(data);
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= HEADER) {
      const len = this.pending.readUInt32BE(5);
      if (this.pending.length < HEADER + len) break;
      const type = String.fromCharCode(this.pending[0] as number);
      const id = this.pending.readUInt32BE(1);
      const data = this.pending.subarray(HEADER, HEADER + len);
      this.pending = this.pending.subarray(HEADER + len);
      const conn = this.streams.get(id);
      if (type === 'K') this.settle(id)?.resolve();
      else if (type === 'E')
        this.settle(id)?.reject(
          new SandboxError('port-closed', data.toString('utf8') || 'connection refused'),
        );
      else if (type === 'D') conn?.deliver(Buffer.from(data));
      else if (type === 'C') conn?.push(null);
    }
  }

  private settle(id: number) {
    const waiting = this.opening.get(id);
    this.opening.delete(id);
    return waiting;
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.idle);
    for (const w of this.opening.values()) w.reject(err);
    for (const s of this.streams.values()) s.destroy(err);
    this.opening.clear();
    this.streams.clear();
    this.onDead();
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    if (this.streams.size === 0 && !this.dead) this.idle = setTimeout(() => this.close(), IDLE_MS).unref();
  }
}

/** One relay per lab, opened at its first preview connection and closed when idle or when the lab stops. */
export class PreviewRelays {
  private readonly relays = new Map<string, Promise<Relay>>();

  constructor(private readonly docker: Dockerode) {}

  async connect(
    grader: () => Promise<Dockerode.Container>,
    labId: string,
    host: string,
    port: number,
  ): Promise<Duplex> {
    let relay = this.relays.get(labId);
    if (!relay) {
      relay = grader().then((g) => Relay.open(this.docker, g, () => this.relays.delete(labId)));
      this.relays.set(labId, relay);
      relay.catch(() => this.relays.delete(labId));
    }
    return (await relay).connect(host, port);
  }

  close(labId: string): void {
    const relay = this.relays.get(labId);
    this.relays.delete(labId);
    void relay?.then((r) => r.close()).catch(() => undefined);
  }
}
