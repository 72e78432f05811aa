import type { Logger } from 'pino';
import { z } from 'zod';
import { assertRole, isAdmin } from '../auth/roles.js';
import { AppError } from '../errors/app-error.js';
import type { AccountRepo } from '../store/account-repo.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { User, UsersRepo } from '../store/users-repo.js';
import { MAX_INPUT_CHUNK } from './events.js';
import type { KeyboardHandover } from './keyboard-handover.js';
import { ackHandler } from './socket-ack.js';
import type { AtelierSocket } from './socket-server.js';
import type { TerminalWatch } from './trainer-watch.js';

const hexId = z.string().regex(/^[a-f0-9]{16}$/);
const requestSchema = z.object({ watchId: hexId }).strict();
const answerSchema = z.object({ requestId: hexId, accept: z.boolean() }).strict();
const inputSchema = z.object({ watchId: hexId, data: z.string().min(1).max(MAX_INPUT_CHUNK) }).strict();
const revokeSchema = z.object({ labId: hexId }).strict();
const pendingSchema = z.object({}).strict();

export interface KeyboardEventDeps {
  users: UsersRepo;
  accounts: AccountRepo;
  members: ClassMemberRepo;
  watch: TerminalWatch;
  handover: KeyboardHandover;
  logger: Logger;
  onInput?(learnerId: string, labId: string): void;
}

const unknownWatch = () => new AppError('unknown-watch', 'Observation inconnue.');

/**
 * Keyboard hand-over events on an authenticated socket. Trainer side: the watch must be this socket's and
 * the trainer (re-read from the database at every event) must still teach the learner, as for
 * `terminal:watch`; a trainer who no longer may loses the grant. Learner side: only the learner the
 * request or the grant names may answer or revoke.
 */
export function bindKeyboardEvents(socket: AtelierSocket, d: KeyboardEventDeps): void {
  const handle = ackHandler(d.logger);
  const me = (): User => {
    const u = d.users.findById(socket.data.user.id);
    if (!u) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
    return u;
  };
  const trainer = (): User => assertRole(d.users.findById(socket.data.user.id), 'trainer', 'admin');
  const teaches = (u: User, learnerId: string) =>
    isAdmin(u) ? d.members.classesOfLearner(learnerId).length > 0 : d.members.teaches(u.id, learnerId);
  /** The watch, when this socket holds it and its trainer still teaches the learner. */
  const watched = (watchId: string) => {
    const u = trainer();
    const m = d.watch.mirrored(watchId, socket.id);
    if (!m) throw unknownWatch();
    if (!teaches(u, m.learnerId)) {
      d.handover.notAllowed(watchId, socket.id);
      throw unknownWatch();
    }
    return { u, ...m };
  };

  socket.on(
    'keyboard:request',
    handle(requestSchema, (p) => {
      const { u, labId, learnerId } = watched(p.watchId);
      const trainerName = d.accounts.get(u.id)?.displayName ?? u.username;
      const w = { watchId: p.watchId, socketId: socket.id, trainerId: u.id, trainerName, labId, learnerId };
      return d.handover.request(w);
    }),
  );
  socket.on(
    'keyboard:answer',
    handle(answerSchema, (p) => d.handover.answer(p.requestId, me().id, p.accept)),
  );
  socket.on(
    'keyboard:input',
    handle(inputSchema, (p) => {
      let session, labId, learnerId;
      try {
        ({ session, labId, learnerId } = watched(p.watchId));
      } catch (err) {
        // A role taken away or a learner gone from the trainer's classes: the grant ends now.
        d.handover.notAllowed(p.watchId, socket.id);
        throw err;
      }
      d.handover.grantOf(p.watchId, socket.id);
      if (!session || session.exited) throw new AppError('unknown-terminal', 'Terminal inconnu ou fermé.');
      session.input(p.data);
      d.onInput?.(learnerId, labId);
    }),
  );
  socket.on(
    'keyboard:revoke',
    handle(revokeSchema, (p) => void d.handover.revoke(p.labId, me().id)),
  );
  socket.on(
    'keyboard:release',
    handle(requestSchema, (p) => {
      trainer();
      d.handover.release(p.watchId, socket.id);
    }),
  );
  socket.on(
    'keyboard:pending',
    handle(pendingSchema, () => d.handover.pendingFor(me().id)),
  );
}
