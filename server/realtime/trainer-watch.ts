import { randomBytes } from 'node:crypto';
import type { TerminalSize } from '../sandbox/sandbox-runtime.js';
import type { TerminalManager } from './terminal-manager.js';
import type { TerminalSession, TerminalViewer } from './terminal-session.js';

/** Where a watcher's mirror goes (the trainer's socket). */
export interface MirrorSink {
  readonly socketId: string;
  /** `machine`: on a repaint, the machine whose shell the mirror now shows. */
  output(watchId: string, data: Buffer, reset: boolean, machine?: string): void;
  /** The trainer's connection is not keeping up (data queued for it): drop, repaint later. */
  lagging(): boolean;
  resize(watchId: string, size: TerminalSize): void;
}

export interface TerminalWatchDeps {
  terminals: TerminalManager;
  /** Tells the learner (their banner) whether someone watches their lab. */
  notifyLearner(learnerId: string, p: { labId: string; watching: boolean; by?: string }): void;
}

interface Watch {
  id: string;
  labId: string;
  learnerId: string;
  by: string;
  sink: MirrorSink;
  viewer: TerminalViewer;
  session?: TerminalSession;
  /** Stops waiting for a lagging trainer's link to drain. */
  stopDrain(): void;
}

/** How often a lagging trainer's link is looked at until it drains (then the mirror is repainted). */
const DRAIN_POLL_MS = 100;

/**
 * Trainers' read-only mirrors of learners' terminals. A watch follows the lab, not one shell: it shows
 * the shell the learner attached to or focused last (their machine tab) and moves (with a repaint) when
 * they open another, switch tab or reload.
 * Watchers are viewers of the session: they receive output and never reach its input. Authorization
 * (the learner is in one of the trainer's classes) is the caller's job (trainer-events.ts).
 */
export class TerminalWatch {
  private readonly watches = new Map<string, Watch>();
  private readonly endedListeners = new Set<(watchId: string) => void>();

  constructor(private readonly d: TerminalWatchDeps) {
    d.terminals.onLabSessions((labId) => this.rebind(labId));
  }

  start(labId: string, learnerId: string, by: string, sink: MirrorSink) {
    const id = randomBytes(8).toString('hex');
    // A mirror has no acks: while the trainer lags, output is dropped (memory stays bounded) and the
    // screen is repainted from the session's recent output once the link drains, even when the shell
    // has gone quiet meanwhile (else the mirror would miss the last output for good).
    let stale = false;
    let drainTimer: NodeJS.Timeout | undefined;
    const sessionOf = () => this.watches.get(id)?.session;
    const repaint = (session: TerminalSession) => {
      stale = false;
      sink.output(id, session.recentOutput(), true, session.machine);
    };
    const stopDrain = () => {
      clearInterval(drainTimer);
      drainTimer = undefined;
    };
    const waitForDrain = () => {
      drainTimer ??= setInterval(() => {
        if (sink.lagging()) return;
        stopDrain();
        const session = sessionOf();
        // Output still held by the coalescer is in the recent output: flushed first, it repaints through
        // `output` below; otherwise the repaint happens here.
        session?.flushOutput();
        if (stale && session) repaint(session);
      }, DRAIN_POLL_MS);
      drainTimer.unref();
    };
    const viewer: TerminalViewer = {
      output: (data, reset) => {
        if (sink.lagging()) {
          stale = true;
          return waitForDrain();
        }
        const session = sessionOf();
        if (stale && !reset && session) return repaint(session);
        stale = false;
        sink.output(id, data, reset, reset ? session?.machine : undefined);
      },
      resize: (size) => sink.resize(id, size),
    };
    this.watches.set(id, { id, labId, learnerId, by, sink, viewer, stopDrain });
    const session = this.d.terminals.liveSessions(labId)[0];
    const size = session?.size ?? { cols: 80, rows: 24 };
    // The ack goes out before the replay: the client sizes its screen, then the first mirror arrives.
    setImmediate(() => this.rebind(labId));
    return { watchId: id, cols: size.cols, rows: size.rows, live: !!session, machine: session?.machine };
  }

  /** false when the watch is not this socket's. */
  stop(watchId: string, socketId: string): boolean {
    const w = this.watches.get(watchId);
    if (!w || w.sink.socketId !== socketId) return false;
    this.end(w);
    return true;
  }

  /** The trainer's socket went away. */
  stopSocket(socketId: string): void {
    for (const w of [...this.watches.values()]) if (w.sink.socketId === socketId) this.end(w);
  }

  /** The watches of a lab and their trainers' sockets. */
  watchersOf(labId: string): { watchId: string; socketId: string }[] {
    return [...this.watches.values()]
      .filter((w) => w.labId === labId)
      .map((w) => ({ watchId: w.id, socketId: w.sink.socketId }));
  }

  count(labId: string): number {
    return [...this.watches.values()].filter((w) => w.labId === labId).length;
  }

  /** The watch's lab, learner and the shell it mirrors now, when the watch is this socket's. */
  mirrored(watchId: string, socketId: string) {
    const w = this.watches.get(watchId);
    if (!w || w.sink.socketId !== socketId) return undefined;
    return { labId: w.labId, learnerId: w.learnerId, session: w.session };
  }

  /** Told when a watch ends (closed, or the trainer's socket went away): a keyboard grant ends with it. */
  onEnded(listener: (watchId: string) => void): void {
    this.endedListeners.add(listener);
  }

  /**
   * The watched shell's recent output, for a screen that joins late (a demo's watcher). Output held by the
   * coalescer goes to the sink first: it is in this replay too, so a sink that adds the late screen after
   * this call shows it once.
   */
  screen(watchId: string): Buffer {
    const session = this.watches.get(watchId)?.session;
    session?.flushOutput();
    return session?.recentOutput() ?? Buffer.alloc(0);
  }

  private end(w: Watch): void {
    w.stopDrain();
    w.session?.removeViewer(w.viewer);
    this.watches.delete(w.id);
    for (const l of this.endedListeners) l(w.id);
    if (this.count(w.labId) === 0) this.d.notifyLearner(w.learnerId, { labId: w.labId, watching: false });
  }

  private rebind(labId: string): void {
    const ofLab = [...this.watches.values()].filter((w) => w.labId === labId);
    if (ofLab.length === 0) return;
    const session = this.d.terminals.liveSessions(labId)[0];
    for (const w of ofLab) {
      if (w.session === session) continue;
      w.session?.removeViewer(w.viewer);
      w.session = session;
      session?.addViewer(w.viewer);
    }
    const first = ofLab[0]!;
    this.d.notifyLearner(first.learnerId, { labId, watching: true, by: first.by });
  }
}
