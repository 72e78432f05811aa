import type { Logger } from 'pino';
import type { CourseRegistry } from './courses/course-registry.js';
import { mayWatchLearner } from './classes/watch-rule.js';
import { labFileRoutes } from './http/lab-file-routes.js';
import { RateLimiter } from './http/rate-limiter.js';
import { LabFiles } from './labs/lab-files.js';
import type { LabService } from './labs/lab-service.js';
import { bindEditorEvents, EditorPresence } from './realtime/editor-presence.js';
import type { AtelierServer, AtelierSocket } from './realtime/socket-server.js';
import type { TerminalWatch } from './realtime/trainer-watch.js';
import type { SandboxRuntime } from './sandbox/sandbox-runtime.js';
import type { ClassMemberRepo } from './store/class-member-repo.js';
import type { LabRecord, LabsRepo } from './store/labs-repo.js';
import type { UsersRepo } from './store/users-repo.js';

/** File operations per user and minute: an editor saves on a key press, a script could loop on it. */
const FILE_OPS_PER_MIN = 300;

export interface EditorFeatureDeps {
  runtime: SandboxRuntime;
  registry: CourseRegistry;
  labs: LabService;
  labsRepo: LabsRepo;
  users: UsersRepo;
  members: ClassMemberRepo;
  /** Late: the socket server and the trainers' watches are built after the lab service. */
  io: () => AtelierServer;
  watch: () => TerminalWatch;
  /** A save is activity on the lab, like typing in its terminal. */
  onActivity(userId: string, labId: string): void;
  logger: Logger;
}

/**
 * The file editor beside the terminal: the routes over a lab's files (server/labs/lab-files.ts), and which
 * file each learner's editor shows, pushed to the trainers watching them (`terminal:mirror-file`).
 */
export function createEditorFeature(d: EditorFeatureDeps) {
  const presence = new EditorPresence((labId, file) => {
    for (const w of d.watch().watchersOf(labId))
      d.io()
        .to(w.socketId)
        .emit('terminal:mirror-file', { watchId: w.watchId, ...(file ?? { path: null }) });
  });
  const files = new LabFiles({
    runtime: d.runtime,
    owned: (userId, labId) => d.labs.owned(userId, labId),
    watchable: (userId, labId): LabRecord | undefined => {
      const user = d.users.findById(userId);
      const lab = d.labsRepo.get(labId);
      return user && lab && mayWatchLearner(d.members, user, lab.userId) ? lab : undefined;
    },
    machinesOf: (courseId) => d.registry.machinesOf(courseId)?.map((m) => m.name) ?? [],
    onSaved: (userId, lab, machine, path, file) => {
      d.labs.noteInput(userId, lab.id);
      d.onActivity(userId, lab.id);
      presence.saved(lab.id, machine, path, file.version);
    },
  });
  return {
    router: labFileRoutes(files, new RateLimiter([{ prefix: 'user:', max: FILE_OPS_PER_MIN }])),
    shownFile: (labId: string) => presence.of(labId),
    bindSocket: (socket: AtelierSocket) =>
      bindEditorEvents(socket, {
        presence,
        machineOf: (userId, labId, machine) => d.labs.machineOf(userId, labId, machine),
        logger: d.logger,
      }),
  };
}
