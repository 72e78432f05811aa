import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ClassService } from '../classes/class-service.js';
import { assertRole } from '../auth/roles.js';
import { mayWatchLearner } from '../classes/watch-rule.js';
import { AppError } from '../errors/app-error.js';
import type { AccountRepo } from '../store/account-repo.js';
import type { LabsRepo } from '../store/labs-repo.js';
import type { User, UsersRepo } from '../store/users-repo.js';
import type { MessagePayload } from './events.js';
import { ackHandler } from './socket-ack.js';
import { classRoom, userRoom, type AtelierServer, type AtelierSocket } from './socket-server.js';
import type { TerminalWatch } from './trainer-watch.js';
import type { ShownFile } from './editor-presence.js';

const hexId = z.string().regex(/^[a-f0-9]{16}$/);
const subscribeSchema = z.object({ classId: hexId, lang: z.enum(['fr', 'en']).optional() }).strict();
const unsubscribeSchema = z.object({ classId: hexId }).strict();
const watchSchema = z.object({ labId: hexId }).strict();
const unwatchSchema = z.object({ watchId: hexId }).strict();
const messageSchema = z
  .object({ classId: hexId, userId: z.string().uuid().optional(), text: z.string().trim().min(1).max(500) })
  .strict();

export interface TrainerEventDeps {
  io: AtelierServer;
  users: UsersRepo;
  accounts: AccountRepo;
  labs: LabsRepo;
  service: ClassService;
  watch: TerminalWatch;
  defaultLang: 'fr' | 'en';
  logger: Logger;
  shownFile?(labId: string): ShownFile | undefined;
}

/**
 * Trainer events on an authenticated socket. The user is re-read from the database at every event (a
 * role taken away applies at once) and every class, learner and lab named is checked against the
 * classes that user teaches; anything else answers like a missing one.
 */
export function bindTrainerEvents(socket: AtelierSocket, d: TrainerEventDeps): void {
  const handle = ackHandler(d.logger);
  const trainer = (): User => assertRole(d.users.findById(socket.data.user.id), 'trainer', 'admin');
  const nameOf = (u: User) => d.accounts.get(u.id)?.displayName ?? u.username;

  socket.on(
    'class:subscribe',
    handle(subscribeSchema, async (p) => {
      const grid = d.service.grid(trainer(), p.classId, p.lang ?? d.defaultLang);
      await socket.join(classRoom(p.classId));
      return { grid };
    }),
  );
  socket.on(
    'class:unsubscribe',
    handle(unsubscribeSchema, async (p) => void (await socket.leave(classRoom(p.classId)))),
  );

  socket.on(
    'terminal:watch',
    handle(watchSchema, (p) => {
      const u = trainer();
      const lab = d.labs.get(p.labId);
      if (!lab || !mayWatchLearner(d.service.d.members, u, lab.userId))
        throw new AppError('unknown-lab', 'Lab introuvable.');
      const learner = d.accounts.get(lab.userId);
      const started = d.watch.start(lab.id, lab.userId, nameOf(u), {
        socketId: socket.id,
        output: (watchId, data, reset, machine) =>
          socket.emit('terminal:mirror', { watchId, data, reset, ...(machine ? { machine } : {}) }),
        lagging: () => socketLagging(socket),
        resize: (watchId, size) => socket.emit('terminal:mirror-size', { watchId, ...size }),
      });
      const file = d.shownFile?.(lab.id);
      return {
        ...started,
        learner: learner?.displayName ?? learner?.username ?? '',
        ...(file ? { file } : {}),
      };
    }),
  );
  socket.on(
    'terminal:unwatch',
    handle(unwatchSchema, (p) => {
      if (!d.watch.stop(p.watchId, socket.id)) throw new AppError('unknown-watch', 'Observation inconnue.');
    }),
  );
  socket.on('disconnect', () => d.watch.stopSocket(socket.id));

  socket.on(
    'message:send',
    handle(messageSchema, (p) => {
      const u = trainer();
      const cls = d.service.taught(u, p.classId);
      const to = p.userId
        ? [d.service.learnerOf(u, p.classId, p.userId).learner.userId]
        : d.service.d.members.list(p.classId, 'learner').map((m) => m.userId);
      const message: MessagePayload = {
        id: randomBytes(6).toString('hex'),
        kind: 'message',
        classId: cls.id,
        className: cls.name,
        from: nameOf(u),
        text: p.text,
        at: new Date().toISOString(),
      };
      if (to.length) d.io.to(to.map(userRoom)).emit('message:received', message);
      return { delivered: to.length };
    }),
  );
}

/** Packets queued in engine.io for this socket, or bytes buffered in its WebSocket, past a small budget. */
export function socketLagging(socket: { conn: unknown }): boolean {
  const conn = socket.conn as {
    writeBuffer?: unknown[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  return (conn.writeBuffer?.length ?? 0) > 16 || (conn.transport?.socket?.bufferedAmount ?? 0) > 256 * 1024;
}
