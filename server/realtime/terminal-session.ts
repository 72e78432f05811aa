import type { TerminalSize, TerminalStream } from '../sandbox/sandbox-runtime.js';
import { FlowControl } from './flow-control.js';
import { OutputCoalescer } from './output-coalescer.js';
import { RingBuffer } from './ring-buffer.js';

/** The socket a terminal is shown in; the session outlives it for a grace period (page reloads). */
export interface TerminalClient {
  readonly id: string;
  output(terminalId: string, data: Buffer): void;
  exit(terminalId: string, code: number | null): void;
}

/** A read-only watcher (a trainer's mirror): gets the output, never writes, never acks. */
export interface TerminalViewer {
  /** `reset`: the screen is repainted from scratch (replay of the recent output follows). */
  output(data: Buffer, reset: boolean): void;
  resize(size: TerminalSize): void;
}

/**
 * One shell in a lab. Output is kept in a ring buffer (replayed on reattach), coalesced on the leading
 * edge, and flow-controlled by client acks. While no client is attached the source is paused, so a
 * flood nobody watches costs nothing.
 */
export class TerminalSession {
  private client: TerminalClient | undefined;
  private readonly ring = new RingBuffer();
  private readonly flow: FlowControl;
  private readonly coalescer: OutputCoalescer;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly viewers = new Set<TerminalViewer>();
  exited = false;
  /** Last size asked by the owner's client (viewers mirror it). */
  size: TerminalSize = { cols: 80, rows: 24 };
  /** When a client last attached: the newest session of a lab is the one watchers see. */
  attachedAt = Date.now();

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly labId: string,
    private readonly stream: TerminalStream,
    onExit: (session: TerminalSession) => void,
    /** The lab's machine this shell runs on. */
    readonly machine: string = 'lab',
  ) {
    this.flow = new FlowControl(stream);
    // A shell reattached after a server restart brings its recent screen.
    if (stream.replay.length > 0) this.ring.push(stream.replay);
    this.coalescer = new OutputCoalescer((data) => {
      // The one typing first: their echo never waits for the viewers' sends (a demo has dozens).
      if (this.client) {
        this.flow.sent(data.length);
        this.client.output(this.id, data);
      }
      for (const v of this.viewers) v.output(data, false);
    });
    stream.onData((chunk) => {
      this.ring.push(chunk);
      this.coalescer.push(chunk);
    });
    stream.onExit((code) => {
      this.exited = true;
      this.coalescer.dispose();
      clearTimeout(this.graceTimer);
      this.client?.exit(this.id, code);
      onExit(this);
    });
  }

  get attachedTo(): string | undefined {
    return this.client?.id;
  }

  /** Shows this shell in `client`; returns whether earlier output was replayed. */
  attach(client: TerminalClient): boolean {
    clearTimeout(this.graceTimer);
    // Taken over (the same tab back on a new socket before the old one was seen to drop, or a duplicated
    // tab): the other client is told the shell left it.
    if (this.client && this.client.id !== client.id) this.client.exit(this.id, null);
    this.coalescer.dispose();
    this.client = client;
    this.attachedAt = Date.now();
    this.flow.reset();
    const replay = this.ring.contents();
    if (replay.length > 0) {
      this.flow.sent(replay.length);
      client.output(this.id, replay);
    }
    this.stream.resume();
    return replay.length > 0;
  }

  /** The client went away: pause and close the shell unless someone reattaches within graceMs. */
  detach(graceMs: number, onExpire: () => void): void {
    this.client = undefined;
    this.stream.pause();
    this.graceTimer = setTimeout(onExpire, graceMs);
    this.graceTimer.unref();
  }

  input(data: string): void {
    this.stream.write(data);
  }

  ack(bytes: number): void {
    this.flow.acked(bytes);
  }

  resize(size: TerminalSize): Promise<void> {
    this.size = size;
    for (const v of this.viewers) v.resize(size);
    return this.stream.resize(size);
  }

  /** Adds a read-only watcher and repaints its screen with the recent output. */
  addViewer(v: TerminalViewer): void {
    // Output the coalescer still holds is already in the ring: sent now, it is not shown twice.
    this.flushOutput();
    this.viewers.add(v);
    v.resize(this.size);
    v.output(this.ring.contents(), true);
  }

  /** Sends the output held by the coalescer now (before a repaint from the recent output). */
  flushOutput(): void {
    this.coalescer.flush();
  }

  /** What a reattaching client or a repainted mirror is shown. */
  recentOutput(): Buffer {
    return this.ring.contents();
  }

  removeViewer(v: TerminalViewer): void {
    this.viewers.delete(v);
  }

  /** Server shutdown: let go of the shell, which keeps running for the next server process. */
  release(): void {
    clearTimeout(this.graceTimer);
    this.coalescer.dispose();
    this.client = undefined;
    this.stream.release();
  }

  /** Ends the shell; `notify` tells the attached client (e.g. the lab is being reset). */
  async close(notify = false): Promise<void> {
    clearTimeout(this.graceTimer);
    this.coalescer.dispose();
    if (notify) this.client?.exit(this.id, null);
    this.client = undefined;
    await this.stream.close();
  }
}
