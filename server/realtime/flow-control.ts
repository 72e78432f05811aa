import { ACK_EVERY_BYTES } from './events.js';

/**
 * Ack-based backpressure (xterm.js flow-control guide): count bytes sent but not yet acknowledged by
 * the client; pause the source above `high`, resume once acknowledgements bring it below `low`.
 */
export class FlowControl {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly source: { pause(): void; resume(): void },
    // xterm.js's guide: ~100 KB in flight keeps Ctrl-C under a flood snappy (the client parses ~3 MB/s).
    readonly high = 100_000,
    // Must stay above the client's ack granularity: a client holds back up to ACK_EVERY_BYTES - 1 bytes
    // unacknowledged, and a resume point below that would leave a paused stream paused for ever.
    readonly low = 2 * ACK_EVERY_BYTES,
  ) {
    if (low <= ACK_EVERY_BYTES || low >= high)
      throw new RangeError(`flow control: need ${ACK_EVERY_BYTES} < low < high`);
  }

  get pending(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  sent(bytes: number): void {
    this.unacked += bytes;
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      this.source.pause();
    }
  }

  acked(bytes: number): void {
    // A client cannot ack more than it was sent; clamping keeps a lying client from unpausing early.
    this.unacked = Math.max(0, this.unacked - Math.max(0, Math.min(bytes, this.unacked)));
    if (this.paused && this.unacked < this.low) {
      this.paused = false;
      this.source.resume();
    }
  }

  /** A new client attached: nothing is in flight any more. */
  reset(): void {
    this.unacked = 0;
    if (this.paused) {
      this.paused = false;
      this.source.resume();
    }
  }
}
