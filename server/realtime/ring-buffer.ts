/** The last `capacity` bytes of a terminal's output, replayed when a client reconnects. */
export class RingBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(readonly capacity = 64 * 1024) {}

  push(chunk: Buffer): void {
    if (chunk.length >= this.capacity) {
      this.chunks = [chunk.subarray(chunk.length - this.capacity)];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const head = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (head.length <= excess) {
        this.chunks.shift();
        this.size -= head.length;
      } else {
        this.chunks[0] = head.subarray(excess);
        this.size -= excess;
      }
    }
  }

  contents(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  get length(): number {
    return this.size;
  }
}
