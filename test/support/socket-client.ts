import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/events.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client authenticated by a session cookie, as a browser tab would be. */
export async function connectSocket(url: string, cookie: string): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

/** Collects a terminal's output as text and acks it like the client does. */
export function collectOutput(socket: TestSocket, terminalId: () => string | undefined) {
  let text = '';
  socket.on('terminal:output', ({ terminalId: id, data }) => {
    if (id !== terminalId()) return;
    const buf = Buffer.from(data as ArrayBuffer);
    text += buf.toString('utf8');
    socket.emit('terminal:ack', { terminalId: id, bytes: buf.length });
  });
  return {
    get text() {
      return text;
    },
    clear() {
      text = '';
    },
    async waitFor(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
      const start = Date.now();
      const test = () => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
      while (!test()) {
        if (Date.now() - start > timeoutMs)
          throw new Error(
            `terminal output did not match ${pattern} after ${timeoutMs} ms; got: ${JSON.stringify(text.slice(-500))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
      return text;
    },
  };
}
