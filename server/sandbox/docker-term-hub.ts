import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import { Duplex } from 'node:stream';
import { dockerDemuxer } from './docker-mux.js';

/** The hub's frames carry at most this much for a holder (its length field is 2 bytes). */
const MAX_UP = 0xffff;
const ID_BYTES = 16;
/** Frames from the hub larger than this are not its protocol: the attach is cut. */
const MAX_DOWN = 1024 * 1024;
const HEAD = 1 + ID_BYTES + 4;

/**
 * The server's side of a machine's terminal hub (`atelier-term hub`, term-holder/term-hub.c): one `docker
 * attach` to the machine's main process carries every terminal of that machine, each as a channel that
 * speaks the holder's own protocol (docker-held-terminal.ts reads it the same way as from an exec). An attach
 * costs the engine about a millisecond where an exec costs ~80 ms, which is what lets a restarted server
 * reattach a class's shells at once. Everything from the hub is untrusted, like the holder's frames.
 */
export class TermHub {
  private attached: Promise<Duplex> | undefined;
  /** The attach once made: channels write through it directly (no promise per keystroke). */
  private stream: Duplex | undefined;
  private readonly channels = new Map<string, HubChannel>();
  private frame: Buffer = Buffer.alloc(0);
  /** Until the hub's 'Y' with our nonce: bytes queued for an earlier server (maybe half a frame), skipped. */
  private sync: Buffer | undefined;

  constructor(
    private readonly container: Dockerode.Container,
    private readonly onClose: () => void,
  ) {}

  /** A channel to terminal `id`'s holder; it ends at once (no data) when the machine has no such terminal. */
  async channel(id: string): Promise<Duplex> {
    const stream = await this.attach();
    this.channels.get(id)?.destroy();
    const ch = new HubChannel(id, this);
    this.channels.set(id, ch);
    this.send(stream, 'A', id);
    return ch;
  }

  /** Lets go of the attach (the hub keeps the holders connected until the next server says 'Z'). */
  close(): void {
    this.stream?.destroy();
  }

  /** For a channel: a frame to the hub, if the attach is still there. */
  post(type: 'D' | 'C' | 'P' | 'R', id: string, payload?: Buffer): void {
    if (this.stream) this.send(this.stream, type, id, payload);
  }

  forget(id: string, ch: HubChannel): void {
    if (this.channels.get(id) === ch) this.channels.delete(id);
  }

  private attach(): Promise<Duplex> {
    this.attached ??= (async () => {
      const stream = (await this.container.attach({
        stream: true,
        hijack: true,
        stdin: true,
        stdout: true,
        stderr: false,
      })) as unknown as Duplex;
      const demux = dockerDemuxer((n, body) => {
        if (n === 1) this.parse(body);
      });
      stream.on('data', demux);
      stream.on('error', () => stream.destroy());
      stream.once('close', () => this.closed());
      // A new server: the hub drops the connections an earlier one left (so idle holders can time out) and
      // marks where our stream starts.
      const nonce = randomBytes(ID_BYTES / 2).toString('hex');
      this.sync = Buffer.concat([Buffer.from(`Y${nonce}`, 'latin1'), Buffer.alloc(4)]);
      this.send(stream, 'Z', nonce);
      this.stream = stream;
      return stream;
    })().catch((err: unknown) => {
      this.attached = undefined;
      throw err;
    });
    return this.attached;
  }

  private send(stream: Duplex, type: string, id: string, payload: Buffer = Buffer.alloc(0)): void {
    if (!stream.writable) return;
    for (let at = 0; at === 0 || at < payload.length; at += MAX_UP) {
      const part = payload.subarray(at, at + MAX_UP);
      const head = Buffer.alloc(1 + ID_BYTES + 2);
      head.write(type, 0, 'latin1');
      head.write(id, 1, 'latin1');
      head.writeUInt16BE(part.length, 1 + ID_BYTES);
      stream.write(Buffer.concat([head, part]));
    }
  }

  private parse(body: Buffer): void {
    this.frame = this.frame.length ? Buffer.concat([this.frame, body]) : body;
    if (this.sync) {
      const at = this.frame.indexOf(this.sync);
      if (at < 0) {
        this.frame = this.frame.subarray(Math.max(0, this.frame.length - this.sync.length + 1));
        return;
      }
      this.frame = this.frame.subarray(at + this.sync.length);
      this.sync = undefined;
    }
    while (this.frame.length >= HEAD) {
      const len = this.frame.readUInt32BE(1 + ID_BYTES);
      if (len > MAX_DOWN) return this.close();
      if (this.frame.length < HEAD + len) break;
      const type = String.fromCharCode(this.frame[0]!);
      const ch = this.channels.get(this.frame.toString('latin1', 1, 1 + ID_BYTES));
      const payload = Buffer.from(this.frame.subarray(HEAD, HEAD + len));
      this.frame = this.frame.subarray(HEAD + len);
      if (type === 'D') ch?.fromHub(payload);
      else if (type === 'E' || type === 'N') ch?.endedByHub();
      else return this.close();
    }
  }

  private closed(): void {
    this.attached = undefined;
    this.stream = undefined;
    this.frame = Buffer.alloc(0);
    this.sync = undefined;
    for (const ch of [...this.channels.values()]) ch.endedByHub();
    this.channels.clear();
    this.onClose();
  }
}

/** One terminal's bytes through the hub, as a stream: backpressure becomes 'P'/'R' frames for that terminal. */
class HubChannel extends Duplex {
  private paused = false;
  private remoteEnded = false;

  constructor(
    private readonly id: string,
    private readonly hub: TermHub,
  ) {
    super();
  }

  fromHub(payload: Buffer): void {
    if (this.remoteEnded) return;
    if (!this.push(payload) && !this.paused) {
      this.paused = true;
      this.hub.post('P', this.id);
    }
  }

  endedByHub(): void {
    if (this.remoteEnded) return;
    this.remoteEnded = true;
    this.hub.forget(this.id, this);
    this.push(null);
    this.end();
  }

  override _read(): void {
    if (!this.paused) return;
    this.paused = false;
    this.hub.post('R', this.id);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (!this.remoteEnded) this.hub.post('D', this.id, chunk);
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (!this.remoteEnded) {
      this.remoteEnded = true;
      this.hub.forget(this.id, this);
      this.hub.post('C', this.id);
    }
    done(err);
  }
}
