// Pure flow-control pieces of the terminal binding (unit-tested without a browser or a socket).

const encoder = new TextEncoder();

/** UTF-8 length of a string, without allocating for ASCII-only text. */
export function utf8Length(s: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.length : encoder.encode(s).length;
}

/**
 * Splits `data` into pieces of at most `maxBytes` UTF-8 bytes (so also at most `maxBytes` UTF-16 units),
 * in order, never splitting a surrogate pair.
 */
export function chunkInput(data: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must be at least 4');
  if (data.length <= maxBytes / 3 || utf8Length(data) <= maxBytes) return data ? [data] : [];
  const chunks: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < data.length;) {
    const cp = data.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) {
      chunks.push(data.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += units;
  }
  if (start < data.length) chunks.push(data.slice(start));
  return chunks;
}

/**
 * Counts bytes written into xterm.js (after its write callback) and says when to acknowledge them:
 * `written(n)` returns the byte count to ack once at least `every` bytes are pending, else 0.
 */
export class AckCounter {
  private pending = 0;

  constructor(private readonly every: number) {}

  written(bytes: number): number {
    this.pending += bytes;
    if (this.pending < this.every) return 0;
    const n = this.pending;
    this.pending = 0;
    return n;
  }

  /** Bytes written but not yet acknowledged. */
  get unacked(): number {
    return this.pending;
  }

  reset(): void {
    this.pending = 0;
  }
}

export type SendChunk = (data: string, done: () => void) => void;

/**
 * Ordered terminal input with a byte window: chunks go out at once while fewer than `windowBytes`
 * are unconfirmed, and queue (coalesced, still ≤ `maxChunk`) behind them otherwise. Keystrokes never
 * wait in practice; a 1 MB paste streams at the server's pace instead of flooding the socket.
 */
export class InputQueue {
  private queue: string[] = [];
  private inFlight = 0;
  private generation = 0;

  constructor(
    private readonly send: SendChunk,
    private readonly maxChunk: number,
    private readonly windowBytes: number,
  ) {}

  push(data: string): void {
    for (const chunk of chunkInput(data, this.maxChunk)) {
      const last = this.queue.length - 1;
      const tail = this.queue[last];
      if (tail !== undefined && utf8Length(tail) + utf8Length(chunk) <= this.maxChunk)
        this.queue[last] = tail + chunk;
      else this.queue.push(chunk);
    }
    this.pump();
  }

  /** Drops queued input (the terminal it was meant for is gone); late confirmations are ignored. */
  clear(): void {
    this.queue = [];
    this.inFlight = 0;
    this.generation++;
  }

  get queued(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.windowBytes) {
      const chunk = this.queue.shift() as string;
      const size = utf8Length(chunk);
      const gen = this.generation;
      let settled = false;
      this.inFlight += size;
      this.send(chunk, () => {
        if (settled || gen !== this.generation) return;
        settled = true;
        this.inFlight -= size;
        this.pump();
      });
    }
  }
}

/** Code from a lesson, as keystrokes that run it: one Enter per line, trailing blank lines dropped. */
export function runnableInput(code: string): string {
  const lines = code.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  return lines.join('\r') + '\r';
}
