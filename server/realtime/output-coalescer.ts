/**
 * Leading-edge coalescing: the first chunk after a quiet period goes out at once (keystroke echo stays
 * instant); chunks arriving within `windowMs` after a send are batched into one message (fewer frames
 * under a flood). A batch over `maxBytes` is flushed immediately.
 */
export class OutputCoalescer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (data: Buffer) => void,
    private readonly windowMs = 5,
    private readonly maxBytes = 64 * 1024,
  ) {}

  push(chunk: Buffer): void {
    if (!this.timer) {
      this.emit(chunk);
      this.arm();
      return;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.maxBytes) this.flush();
  }

  /** Sends what is pending now (e.g. before the stream ends). */
  flush(): void {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.emit(data);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pendingBytes > 0) {
        this.flush();
        this.arm();
      }
    }, this.windowMs);
  }
}
