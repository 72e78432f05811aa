import type { Logger } from 'pino';
import { z } from 'zod';
import { assertRole, isAdmin } from '../auth/roles.js';
import type { ClassService } from '../classes/class-service.js';
import { AppError } from '../errors/app-error.js';
import type { AccountRepo } from '../store/account-repo.js';
import type { LabsRepo } from '../store/labs-repo.js';
import type { User, UsersRepo } from '../store/users-repo.js';
import type { DemoState } from './demo-types.js';
import { ackHandler } from './socket-ack.js';
import { userRoom, type AtelierServer, type AtelierSocket } from './socket-server.js';
import { socketLagging } from './trainer-events.js';
import { TrainerDemo, type Demo } from './trainer-demo.js';
import type { TerminalManager } from './terminal-manager.js';

const hexId = z.string().regex(/^[a-f0-9]{16}$/);
const startSchema = z.object({ classId: hexId, labId: hexId }).strict();
const classSchema = z.object({ classId: hexId }).strict();
const currentSchema = z.object({}).strict().optional();
const unwatchSchema = z.object({ watchId: hexId }).strict();

/** A trainer whose every socket dropped has this long to come back before their demo ends. */
export const DEMO_GRACE_MS = 60_000;

export interface DemoFeatureDeps {
  io: AtelierServer;
  terminals: TerminalManager;
  users: UsersRepo;
  accounts: AccountRepo;
  labs: LabsRepo;
  service: ClassService;
  logger: Logger;
  graceMs?: number;
}

const noDemo = () => new AppError('no-demo', 'Aucune démo en cours dans cette classe.');

/**
 * The trainer's demo on the sockets: `demo:start`/`demo:stop` (a trainer of the class, their own lab),
 * `demo:watch`/`demo:unwatch` (a member of the class), `demo:current` (what runs now, for a page opened
 * late). The user is re-read from the database at every event; a class the user is not in answers like a
 * missing one.
 */
export function createDemoFeature(d: DemoFeatureDeps) {
  const members = d.service.d.members;
  const graceMs = d.graceMs ?? DEMO_GRACE_MS;
  const nameOf = (u: User) => d.accounts.get(u.id)?.displayName ?? u.username;
  const demo = new TrainerDemo({
    terminals: d.terminals,
    toRoom: (room, event, payload) => d.io.to(room).emit(event, payload as never),
    lagging: (socket) => socketLagging(socket as unknown as { conn: unknown }),
    announce: (classId, trainerId, state) => {
      const learners = members.list(classId, 'learner').map((m) => userRoom(m.userId));
      if (learners.length) d.io.to(learners).emit('demo:state', state);
      d.io.to(userRoom(trainerId)).emit('demo:state', mineOf(state));
    },
  });
  const mineOf = (state: DemoState, running?: Demo): DemoState => {
    const live = running ?? demo.get(state.classId);
    return state.active && live
      ? { ...state, mine: true, labId: live.labId, watchers: demo.watcherCount(live) }
      : { ...state, mine: true };
  };
  const watchersChanged = (running: Demo) =>
    d.io.to(userRoom(running.trainerId)).emit('demo:watchers', {
      classId: running.classId,
      count: demo.watcherCount(running),
    });
  const graceTimers = new Map<string, NodeJS.Timeout>();
  const connected = (userId: string) => (d.io.sockets.adapter.rooms.get(userRoom(userId))?.size ?? 0) > 0;

  /** What a user sees of a running demo; undefined when they are not in its class. */
  const stateFor = (u: User, running: Demo): DemoState | undefined => {
    const role = members.roleIn(running.classId, u.id);
    if (!role && !isAdmin(u)) return undefined;
    const cls = d.service.d.classes.get(running.classId);
    const state: DemoState = {
      classId: running.classId,
      active: true,
      by: running.by,
      demoId: running.id,
      className: cls?.name,
      courseIds: cls?.courseIds,
    };
    return running.trainerId === u.id ? mineOf(state, running) : state;
  };

  const bind = (socket: AtelierSocket): void => {
    const handle = ackHandler(d.logger);
    const me = (): User => {
      const u = d.users.findById(socket.data.user.id);
      if (!u) throw new AppError('not-authenticated', 'Connectez-vous d’abord.');
      return u;
    };

    socket.on(
      'demo:start',
      handle(startSchema, (p) => {
        const u = assertRole(me(), 'trainer', 'admin');
        const cls = d.service.taught(u, p.classId);
        const lab = d.labs.get(p.labId);
        // Only the trainer's own lab: a learner's terminal is never shown to a class this way.
        if (!lab || lab.userId !== u.id) throw new AppError('unknown-lab', 'Lab introuvable.');
        const started = demo.start({
          classId: cls.id,
          className: cls.name,
          courseIds: cls.courseIds,
          trainerId: u.id,
          by: nameOf(u),
          labId: lab.id,
        });
        return { demoId: started.id, watchers: 0 };
      }),
    );
    socket.on(
      'demo:stop',
      handle(classSchema, (p) => {
        const u = assertRole(me(), 'trainer', 'admin');
        d.service.taught(u, p.classId);
        if (!demo.stop(p.classId)) throw noDemo();
      }),
    );
    socket.on(
      'demo:current',
      handle(currentSchema, () => {
        const u = me();
        const demos = demo.all().flatMap((running) => stateFor(u, running) ?? []);
        return { demos };
      }),
    );
    socket.on(
      'demo:watch',
      handle(classSchema, (p) => {
        const u = me();
        const running = demo.get(p.classId);
        // A member of the class (learner or trainer) or an admin; anyone else hears "no demo".
        if (!running || !stateFor(u, running)) throw noDemo();
        demo.watch(p.classId, socket, u.id);
        watchersChanged(running);
        return { watchId: running.id, cols: running.size.cols, rows: running.size.rows, by: running.by };
      }),
    );
    socket.on(
      'demo:unwatch',
      handle(unwatchSchema, (p) => {
        const left = demo.unwatch(p.watchId, socket.id);
        if (!left) throw new AppError('unknown-watch', 'Observation inconnue.');
        watchersChanged(left);
      }),
    );

    const userId = socket.data.user.id;
    clearTimeout(graceTimers.get(userId));
    graceTimers.delete(userId);
    socket.on('disconnect', () => {
      for (const left of demo.socketGone(socket.id)) watchersChanged(left);
      if (!demo.all().some((r) => r.trainerId === userId) || graceTimers.has(userId)) return;
      const timer = setTimeout(() => {
        graceTimers.delete(userId);
        if (!connected(userId)) demo.trainerGone(userId);
      }, graceMs);
      timer.unref();
      graceTimers.set(userId, timer);
    });
  };

  return { demo, bind, labClosed: (labId: string) => demo.labClosed(labId) };
}

export type DemoFeature = ReturnType<typeof createDemoFeature>;
