import { randomBytes } from 'node:crypto';
import type { TerminalSize } from '../sandbox/sandbox-runtime.js';
import type { DemoState } from './demo-types.js';
import type { TerminalManager } from './terminal-manager.js';
import { TerminalWatch, type MirrorSink } from './trainer-watch.js';

/** What the demo needs of a watcher's socket (a Socket.IO socket). */
export interface DemoSocket {
  readonly id: string;
  emit(event: 'demo:output', p: { watchId: string; data: Buffer; reset: boolean }): unknown;
  join(room: string): unknown;
  leave(room: string): unknown;
}

export interface TrainerDemoDeps {
  terminals: TerminalManager;
  /** Sends to a Socket.IO room (every watcher of a demo at once: the packet is encoded once). */
  toRoom(room: string, event: 'demo:output' | 'demo:size', payload: object): void;
  /** Tells the class's learners, and the trainer running it, whether a demo runs. */
  announce(classId: string, trainerId: string, state: DemoState): void;
  /** A socket's outgoing queue is past its budget (trainer-events.ts). */
  lagging(socket: DemoSocket): boolean;
}

interface Watcher {
  socket: DemoSocket;
  userId: string;
}

export interface Demo {
  /** Also the stream id watchers see (`watchId`). */
  id: string;
  classId: string;
  trainerId: string;
  by: string;
  labId: string;
  size: TerminalSize;
  watchers: Map<string, Watcher>;
  /** Watchers dropped from the room while their link lags: repainted and back in once it drains. */
  stale: Set<string>;
  drain?: NodeJS.Timeout;
  /** Output waiting for the next send to the room (BATCH_MS). */
  pending: Buffer[];
  batch?: NodeJS.Timeout;
  /** The TerminalWatch's own id for this demo's mirror. */
  mirrorId: string;
  mirrorSocket: string;
}

const DRAIN_POLL_MS = 100;
/**
 * Watchers get the output in batches this long: a send to dozens of sockets costs the server CPU per
 * socket, so fewer of them under a flood, and none right on top of the trainer's own echo.
 */
const BATCH_MS = 16;
const roomOf = (demo: Demo) => `demo:${demo.id}`;

/**
 * A trainer's own terminal shown live, read-only, to a class. One mirror of the trainer's lab (the
 * TerminalWatch mechanism: it follows the shell focused last and repaints when it changes) feeds one
 * Socket.IO room, so a chunk costs one encode whatever the number of watchers. A watcher whose link lags
 * leaves the room (its output is dropped, memory stays bounded) and is repainted from the shell's recent
 * output once it drains. Watchers are never viewers with input: nothing they send reaches the shell.
 * Authorization is the caller's (demo-events.ts).
 */
export class TrainerDemo {
  private readonly demos = new Map<string, Demo>();
  /** Demos' mirrors: a TerminalWatch of their own, which tells no learner banner. */
  private readonly mirrors: TerminalWatch;

  constructor(private readonly d: TrainerDemoDeps) {
    this.mirrors = new TerminalWatch({ terminals: d.terminals, notifyLearner: () => undefined });
  }

  /** Starts (or moves) the class's demo onto `labId`; a demo already running in the class ends first. */
  start(p: {
    classId: string;
    className: string;
    courseIds: string[];
    trainerId: string;
    by: string;
    labId: string;
  }): Demo {
    const before = this.demos.get(p.classId);
    if (before) this.end(before);
    const id = randomBytes(8).toString('hex');
    const demo: Demo = {
      id,
      classId: p.classId,
      trainerId: p.trainerId,
      by: p.by,
      labId: p.labId,
      size: { cols: 80, rows: 24 },
      watchers: new Map(),
      stale: new Set(),
      pending: [],
      mirrorId: '',
      mirrorSocket: `demo:${id}`,
    };
    const sink: MirrorSink = {
      socketId: demo.mirrorSocket,
      output: (_watchId, data, reset) => this.broadcast(demo, data, reset),
      // Lag is looked at per watcher (broadcast), never for the room as a whole.
      lagging: () => false,
      resize: (_watchId, size) => {
        demo.size = size;
        if (demo.watchers.size) this.d.toRoom(roomOf(demo), 'demo:size', { watchId: demo.id, ...size });
      },
    };
    const started = this.mirrors.start(p.labId, p.trainerId, p.by, sink);
    demo.mirrorId = started.watchId;
    demo.size = { cols: started.cols, rows: started.rows };
    this.demos.set(p.classId, demo);
    this.d.announce(p.classId, p.trainerId, {
      classId: p.classId,
      active: true,
      by: p.by,
      demoId: id,
      className: p.className,
      courseIds: p.courseIds,
    });
    return demo;
  }

  get(classId: string): Demo | undefined {
    return this.demos.get(classId);
  }

  all(): Demo[] {
    return [...this.demos.values()];
  }

  /** Ends the class's demo; false when none runs. */
  stop(classId: string): boolean {
    const demo = this.demos.get(classId);
    if (!demo) return false;
    this.end(demo);
    return true;
  }

  /** The trainer's lab is closing (stop, reset, removal): its demos end. */
  labClosed(labId: string): void {
    for (const demo of this.all()) if (demo.labId === labId) this.end(demo);
  }

  /** The trainer is gone for good (no socket left after the grace): their demos end. */
  trainerGone(trainerId: string): void {
    for (const demo of this.all()) if (demo.trainerId === trainerId) this.end(demo);
  }

  /**
   * Adds a watcher; the ack (size, name) goes out first, then its screen is replayed and it joins the room
   * in the same tick, so nothing is lost or shown twice between the two.
   */
  watch(classId: string, socket: DemoSocket, userId: string) {
    const demo = this.demos.get(classId);
    if (!demo) return undefined;
    demo.watchers.set(socket.id, { socket, userId });
    setImmediate(() => {
      if (this.demos.get(classId) === demo && demo.watchers.has(socket.id)) this.repaint(demo, socket);
    });
    return demo;
  }

  /** false when the socket did not watch that demo. */
  unwatch(watchId: string, socketId: string): Demo | undefined {
    const demo = this.all().find((d) => d.id === watchId);
    if (!demo?.watchers.has(socketId)) return undefined;
    this.dropWatcher(demo, socketId);
    return demo;
  }

  /** A socket went away: it watches nothing any more. Returns the demos it watched. */
  socketGone(socketId: string): Demo[] {
    const left = this.all().filter((d) => d.watchers.has(socketId));
    for (const demo of left) this.dropWatcher(demo, socketId);
    return left;
  }

  /** Distinct learners (users) watching: two tabs of one learner count once. */
  watcherCount(demo: Demo): number {
    return new Set([...demo.watchers.values()].map((w) => w.userId)).size;
  }

  private dropWatcher(demo: Demo, socketId: string): void {
    const w = demo.watchers.get(socketId);
    demo.watchers.delete(socketId);
    demo.stale.delete(socketId);
    w?.socket.leave(roomOf(demo));
  }

  private broadcast(demo: Demo, data: Buffer, reset: boolean): void {
    if (demo.watchers.size === 0) return;
    if (reset) {
      this.flush(demo);
      return this.send(demo, data, true);
    }
    demo.pending.push(data);
    demo.batch ??= setTimeout(() => this.flush(demo), BATCH_MS);
  }

  private flush(demo: Demo): void {
    clearTimeout(demo.batch);
    demo.batch = undefined;
    if (demo.pending.length === 0) return;
    const data = demo.pending.length === 1 ? demo.pending[0]! : Buffer.concat(demo.pending);
    demo.pending = [];
    this.send(demo, data, false);
  }

  private send(demo: Demo, data: Buffer, reset: boolean): void {
    // A lag check is two property reads per watcher; a lagging one leaves the room before the emit.
    for (const [id, w] of demo.watchers) {
      if (demo.stale.has(id) || !this.d.lagging(w.socket)) continue;
      demo.stale.add(id);
      w.socket.leave(roomOf(demo));
      this.waitForDrain(demo);
    }
    this.d.toRoom(roomOf(demo), 'demo:output', { watchId: demo.id, data, reset });
  }

  private waitForDrain(demo: Demo): void {
    demo.drain ??= setInterval(() => {
      for (const id of demo.stale) {
        const w = demo.watchers.get(id);
        if (!w || this.d.lagging(w.socket)) continue;
        demo.stale.delete(id);
        this.repaint(demo, w.socket);
      }
      if (demo.stale.size === 0) {
        clearInterval(demo.drain);
        demo.drain = undefined;
      }
    }, DRAIN_POLL_MS);
    demo.drain.unref();
  }

  /** The whole recent screen to one socket, then the live stream. */
  private repaint(demo: Demo, socket: DemoSocket): void {
    const screen = this.mirrors.screen(demo.mirrorId);
    // What is batched is in the screen: sent to the room before this socket joins it, never twice.
    this.flush(demo);
    socket.emit('demo:output', { watchId: demo.id, data: screen, reset: true });
    socket.join(roomOf(demo));
  }

  private end(demo: Demo): void {
    if (this.demos.get(demo.classId) !== demo) return;
    this.demos.delete(demo.classId);
    this.mirrors.stop(demo.mirrorId, demo.mirrorSocket);
    clearInterval(demo.drain);
    clearTimeout(demo.batch);
    for (const id of [...demo.watchers.keys()]) this.dropWatcher(demo, id);
    this.d.announce(demo.classId, demo.trainerId, { classId: demo.classId, active: false, by: demo.by });
  }
}
