import { io, type Socket } from 'socket.io-client';
import { requestHealthCheck } from './app-events.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/realtime/events.js';

export type AtelierSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type { Ack, CheckResultPayload } from '../../../server/realtime/events.js';
/** What `lab:status` carries (the server's event map is the one definition). */
export type LabStatusPayload = Parameters<ServerToClientEvents['lab:status']>[0];

// The protocol's numbers come from the shared event map; events.ts imports only types besides these
// constants, so the bundle gets two numbers and no server code (checked in the built assets).
export { ACK_EVERY_BYTES, MAX_INPUT_CHUNK } from '../../../server/realtime/events.js';

let socket: AtelierSocket | undefined;

/** The one authenticated socket of this page, created on first use (after login). */
export function getSocket(): AtelierSocket {
  // closeOnBeforeunload: a reload closes the socket at once, so the server detaches the shell
  // (and replays it to the new page) instead of seeing the old socket still attached.
  if (!socket) {
    // Retries every 0.25–1 s (±50 %) rather than Socket.IO's 1–5 s: a restarted server is back in about
    // two seconds, and the jitter spreads a class's reconnections.
    socket = io({
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      closeOnBeforeunload: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 1000,
      randomizationFactor: 0.5,
    });
    reconnectAfterRestart(socket);
    healthCheckOnConnectionChange(socket);
  }
  return socket;
}

/**
 * A server that announced a restart may close its sockets itself ('io server disconnect'), which
 * Socket.IO takes as final: that socket reconnects anyway, to the next process.
 */
function reconnectAfterRestart(s: AtelierSocket): void {
  let restarting = false;
  s.on('server:restarting', () => (restarting = true));
  s.on('connect', () => (restarting = false));
  s.on('disconnect', (reason) => {
    if (restarting && reason === 'io server disconnect') s.connect();
  });
}

/**
 * The app's « server not answering » banner follows the socket: checked at once when it drops (not when
 * the server announced a restart: it is back in seconds) and when it is back, rather than at the next poll.
 */
function healthCheckOnConnectionChange(s: AtelierSocket): void {
  let restarting = false;
  let lost = false;
  s.on('server:restarting', () => (restarting = true));
  s.on('disconnect', (reason) => {
    lost = true;
    // A drop the page asked for (logout) says nothing about the server.
    if (!restarting && reason !== 'io client disconnect') requestHealthCheck();
  });
  s.on('connect', () => {
    restarting = false;
    if (lost) requestHealthCheck();
    lost = false;
  });
}

/** On logout: the cookie is gone, the socket must not linger. */
export function closeSocket(): void {
  socket?.disconnect();
  socket = undefined;
}
