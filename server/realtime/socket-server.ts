import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import { userOf, type SessionDeps } from '../auth/session-cookie.js';
import { originAllowed } from '../http/same-origin.js';
import type { User } from '../store/users-repo.js';
import type { ClientToServerEvents, ServerToClientEvents } from './events.js';
import { ackHandler } from './socket-ack.js';
import { ackSchema, closeSchema, inputSchema, openSchema, resizeSchema } from './socket-schemas.js';
import { SocketRateLimiter } from './socket-rate-limit.js';
import type { TerminalManager } from './terminal-manager.js';

interface SocketData {
  user: User;
  sessionId: string;
}
export type AtelierServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type AtelierSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Trainers subscribed to a class's live grid. */
export const classRoom = (classId: string): string => `class:${classId}`;

export function createSocketServer(
  httpServer: HttpServer,
  deps: SessionDeps & { terminals: TerminalManager; publicOrigin?: string; logger: Logger },
): AtelierServer {
  const io: AtelierServer = new Server(httpServer, {
    maxHttpBufferSize: 64 * 1024, // bigger pastes are chunked by the client
    perMessageDeflate: false,
    serveClient: false, // the page bundles its own client (Vite)
    allowRequest: (req, cb) => cb(null, originAllowed(req, deps.publicOrigin)),
  });

  const limits = new SocketRateLimiter();
  io.use((socket, next) => {
    const found = userOf(socket.request, deps);
    if (!found) return next(new Error('not-authenticated'));
    if (!limits.admit(found.user.id)) return next(new Error('too-many-connections'));
    socket.data.user = found.user;
    socket.data.sessionId = found.sessionId;
    next();
  });

  io.on('connection', (socket) => {
    limits.attach(socket, socket.data.user.id);
    void socket.join([userRoom(socket.data.user.id), sessionRoom(socket.data.sessionId)]);
    bindTerminalEvents(socket, deps.terminals, deps.logger);
  });
  return io;
}

function bindTerminalEvents(socket: AtelierSocket, terminals: TerminalManager, logger: Logger): void {
  const userId = socket.data.user.id;
  const client = {
    id: socket.id,
    output: (terminalId: string, data: Buffer) => socket.emit('terminal:output', { terminalId, data }),
    exit: (terminalId: string, code: number | null) => socket.emit('terminal:exit', { terminalId, code }),
  };
  const handle = ackHandler(logger);

  socket.on(
    'terminal:open',
    handle(openSchema, (p) =>
      terminals.open(userId, p.labId, { cols: p.cols, rows: p.rows }, client, p.machine, p.resume),
    ),
  );
  socket.on(
    'terminal:input',
    handle(inputSchema, (p) => terminals.input(userId, socket.id, p.terminalId, p.data)),
  );
  socket.on(
    'terminal:resize',
    handle(resizeSchema, (p) =>
      terminals.resize(userId, socket.id, p.terminalId, { cols: p.cols, rows: p.rows }),
    ),
  );
  socket.on(
    'terminal:ack',
    handle(ackSchema, (p) => terminals.ack(userId, socket.id, p.terminalId, p.bytes)),
  );
  socket.on(
    'terminal:close',
    handle(closeSchema, (p) => terminals.close(userId, socket.id, p.terminalId)),
  );
  socket.on(
    'terminal:detach',
    handle(closeSchema, (p) => terminals.detach(userId, socket.id, p.terminalId)),
  );
  socket.on(
    'terminal:focus',
    handle(closeSchema, (p) => terminals.focus(userId, socket.id, p.terminalId)),
  );
  socket.on('disconnect', () => terminals.detachClient(socket.id));
}
