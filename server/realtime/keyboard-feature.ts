import type { Logger } from 'pino';
import { auditRoutes } from '../http/audit-routes.js';
import type { AccountRepo } from '../store/account-repo.js';
import { AuditRepo } from '../store/audit-repo.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { Db } from '../store/database.js';
import type { UsersRepo } from '../store/users-repo.js';
import { bindKeyboardEvents } from './keyboard-events.js';
import { KeyboardHandover } from './keyboard-handover.js';
import { userRoom, type AtelierServer, type AtelierSocket } from './socket-server.js';
import type { TerminalWatch } from './trainer-watch.js';

export interface KeyboardFeatureDeps {
  db: Db;
  io: AtelierServer;
  users: UsersRepo;
  accounts: AccountRepo;
  members: ClassMemberRepo;
  watch: TerminalWatch;
  logger: Logger;
  /** The trainer typed in the learner's lab (activity: the idle cull waits). */
  onInput?(learnerId: string, labId: string): void;
}

/**
 * Help at the keyboard with the learner's consent, and the audit log it writes to (with its admin route).
 * Grants end with the watch, and with the lab (`labClosed`, from the lab service's closing hook).
 */
export function createKeyboardFeature(d: KeyboardFeatureDeps) {
  const audit = new AuditRepo(d.db, d.logger);
  audit.prune(); // at boot; then hourly on a write
  const handover = new KeyboardHandover({
    audit,
    requested: (learnerId, p) => d.io.to(userRoom(learnerId)).emit('keyboard:requested', p),
    learnerState: (learnerId, p) => d.io.to(userRoom(learnerId)).emit('keyboard:state', p),
    trainerState: (socketId, p) => d.io.to(socketId).emit('keyboard:state', p),
    onError: (err) => d.logger.error({ err }, 'keyboard hand-over: expiring a request failed'),
  });
  // Called from a watch's end and from a lab's closing: a failure here (the audit write) must not stop them.
  const safely = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      d.logger.error({ err }, `keyboard hand-over: ${what} failed`);
    }
  };
  d.watch.onEnded((watchId) => safely('ending a watch', () => handover.watchEnded(watchId)));
  const { users, accounts, members, watch, logger, onInput } = d;
  return {
    audit,
    handover,
    router: auditRoutes(audit),
    bind: (socket: AtelierSocket) =>
      bindKeyboardEvents(socket, { users, accounts, members, watch, handover, logger, onInput }),
    labClosed: (labId: string) => safely('closing a lab', () => handover.labClosed(labId)),
  };
}
