import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/realtime/events.js';

export type AtelierSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type { Ack, CheckResultPayload } from '../../../server/realtime/events.js';

// Mirrors MAX_INPUT_CHUNK / ACK_EVERY_BYTES in server/realtime/events.ts (the client imports types only).
export const MAX_INPUT_CHUNK = 16 * 1024;
export const ACK_EVERY_BYTES = 16 * 1024;

let socket: AtelierSocket | undefined;

/** The one authenticated socket of this page, created on first use (after login). */
export function getSocket(): AtelierSocket {
  // closeOnBeforeunload: a reload closes the socket at once, so the server detaches the shell
  // (and replays it to the new page) instead of seeing the old socket still attached.
  socket ??= io({ transports: ['websocket', 'polling'], tryAllTransports: true, closeOnBeforeunload: true });
  return socket;
}

/** On logout: the cookie is gone, the socket must not linger. */
export function closeSocket(): void {
  socket?.disconnect();
  socket = undefined;
}
