import { utf8Length } from '../../lib/terminal-flow.js';

/** How much typing is kept while the shell is unreachable (a few lines, never a paste's worth). */
export const OFFLINE_INPUT_BYTES = 4096;

/**
 * Keys typed while the shell is unreachable (socket away, shell reopening): kept up to `capacity` bytes
 * and sent once the shell is back. Past the cap nothing more is kept (a hole in the middle would send a
 * different command than the one typed), and `cut` says so.
 */
export class OfflineInput {
  private held = '';
  private bytes = 0;
  private dropped = false;

  constructor(readonly capacity = OFFLINE_INPUT_BYTES) {}

  /** false when the data was not kept (the cap is reached). */
  push(data: string): boolean {
    const n = utf8Length(data);
    if (this.dropped || this.bytes + n > this.capacity) {
      this.dropped = true;
      return false;
    }
    this.held += data;
    this.bytes += n;
    return true;
  }

  /** Characters waiting. */
  get size(): number {
    return this.held.length;
  }

  /** Some typing was not kept. */
  get cut(): boolean {
    return this.dropped;
  }

  /** What was kept, which is forgotten here. */
  take(): string {
    const held = this.held;
    this.clear();
    return held;
  }

  clear(): void {
    this.held = '';
    this.bytes = 0;
    this.dropped = false;
  }
}
