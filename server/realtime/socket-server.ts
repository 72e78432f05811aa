import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ZodType } from 'zod';
import { userOf, type SessionDeps } from '../auth/session-cookie.js';
import { HttpError } from '../http/http-error.js';
import { SandboxError } from '../sandbox/sandbox-runtime.js';
import type { User } from '../store/users-repo.js';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from './events.js';
import { ackSchema, closeSchema, inputSchema, openSchema, resizeSchema } from './socket-schemas.js';
import { SocketRateLimiter } from './socket-rate-limit.js';
import { TerminalError, type TerminalManager } from './terminal-manager.js';

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

/**
 * Same-origin check for the handshake: the Origin must equal the configured public origin, or (when
 * none is configured) the origin of the Host the request was sent to. Never reflected back.
 */
export function originAllowed(req: IncomingMessage, publicOrigin?: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients (tests, tools) send none; the cookie still rules.
  if (publicOrigin) return origin === publicOrigin;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function failure(err: unknown): Ack {
  if (err instanceof TerminalError || err instanceof HttpError || err instanceof SandboxError)
    return { ok: false, reason: err.reason, message: err.message };
  console.error('[socket] unexpected error:', err);
  return { ok: false, reason: 'internal-error', message: 'Erreur interne du serveur.' };
}

export function createSocketServer(
  httpServer: HttpServer,
  deps: SessionDeps & { terminals: TerminalManager; publicOrigin?: string },
): AtelierServer {
  const io: AtelierServer = new Server(httpServer, {
    maxHttpBufferSize: 64 * 1024, // bigger pastes are chunked by the client
    perMessageDeflate: false,
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
    bindTerminalEvents(socket, deps.terminals);
  });
  return io;
}

function bindTerminalEvents(socket: AtelierSocket, terminals: TerminalManager): void {
  const userId = socket.data.user.id;
  const client = {
    id: socket.id,
    output: (terminalId: string, data: Buffer) => socket.emit('terminal:output', { terminalId, data }),
    exit: (terminalId: string, code: number | null) => socket.emit('terminal:exit', { terminalId, code }),
  };
  // Validates the payload, runs the handler, answers through the ack; never throws.
  const handle =
    <T, R extends object>(schema: ZodType<T>, fn: (p: T) => R | Promise<R> | void | Promise<void>) =>
    async (payload: unknown, ack?: (a: Ack<R>) => void) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = schema.safeParse(payload);
      if (!parsed.success)
        return reply({ ok: false, reason: 'invalid-payload', message: parsed.error.message });
      try {
        const result = await fn(parsed.data);
        reply({ ok: true, ...(result ?? {}) } as Ack<R>);
      } catch (err) {
        reply(failure(err) as Ack<R>);
      }
    };

  socket.on(
    'terminal:open',
    handle(openSchema, (p) => terminals.open(userId, p.labId, { cols: p.cols, rows: p.rows }, client)),
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
  socket.on('disconnect', () => terminals.detachClient(socket.id));
}
