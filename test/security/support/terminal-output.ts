// A terminal's output as text, acknowledged like the browser client does.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestSocket } from '../../support/socket-client.js';

export interface Output {
  /** The last MAX_KEPT characters (a flood must not grow the test process: the server shares it). */
  readonly text: string;
  /** Characters received so far, kept or not. */
  readonly total: number;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
}

/**
 * Collects (and acks) a terminal's output as text. Output that arrives before the open is acknowledged
 * (a reattached shell's replay) is kept: each socket here shows one terminal.
 */
const MAX_KEPT = 1 << 20;

export function collect(socket: TestSocket, terminalId: () => string | undefined): Output {
  let text = '';
  let total = 0;
  socket.on('terminal:output', ({ terminalId: id, data }) => {
    const mine = terminalId();
    if (mine !== undefined && id !== mine) return;
    const buf = Buffer.from(data as ArrayBuffer);
    const chunk = buf.toString('utf8');
    total += chunk.length;
    text += chunk;
    if (text.length > 2 * MAX_KEPT) text = text.slice(-MAX_KEPT);
    socket.emit('terminal:ack', { terminalId: id, bytes: buf.length });
  });
  return {
    get text() {
      return text;
    },
    get total() {
      return total;
    },
    async waitFor(pattern, timeoutMs = 10_000) {
      const test = () => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
      const deadline = Date.now() + timeoutMs;
      while (!test()) {
        if (Date.now() > deadline)
          throw new Error(
            `terminal output did not match ${pattern} after ${timeoutMs} ms; got ${JSON.stringify(text.slice(-300))}`,
          );
        await sleep(20);
      }
      return text;
    },
  };
}
