// The Socket.IO event map shared (types only) by server and client. Payloads are validated on the server
// with the zod schemas in socket-schemas.ts: types are not validation.

import type { ClassGrid, ClassProgressPayload, MessagePayload } from '../classes/class-types.js';
import type { ErrorParams, ErrorReason } from '../errors/app-error.js';
import type { LabStartPhase, LabStatusState } from '../labs/lab-types.js';
import type { LabIdlePayload } from '../labs/lab-keep-alive.js';
import type { KeyboardPending, KeyboardRequested, KeyboardState } from './keyboard-types.js';
import type { DemoState, DemoWatchStarted } from './demo-types.js';
import type { PairShell, PairView } from './pair-types.js';

export type { MessagePayload };

/** A refusal carries the same reason, message and params as an HTTP error envelope. */
export interface AckFailure {
  ok: false;
  reason: ErrorReason;
  message: string;
  params?: ErrorParams;
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckFailure;

export interface CheckResultPayload {
  labId: string;
  exerciseId: string;
  passed: boolean;
  checks: { id: string; passed: boolean; message: string }[];
  /** true for the automatic check run after the terminal went quiet (a failure there is not an attempt). */
  auto: boolean;
}

export interface ClientToServerEvents {
  /**
   * `machine`: which machine of the lab (default: the first); one shell per machine tab. `resume`: the
   * terminalId this browser showed there before; that shell is reattached (with its screen replayed) when
   * it still runs, even after a server restart, else a new one opens.
   */
  'terminal:open': (
    p: { labId: string; cols: number; rows: number; machine?: string; resume?: string },
    ack: (a: Ack<{ terminalId: string; replayed: boolean }>) => void,
  ) => void;
  'terminal:input': (p: { terminalId: string; data: string }, ack?: (a: Ack) => void) => void;
  'terminal:resize': (p: { terminalId: string; cols: number; rows: number }, ack?: (a: Ack) => void) => void;
  'terminal:ack': (p: { terminalId: string; bytes: number }) => void;
  'terminal:close': (p: { terminalId: string }, ack?: (a: Ack) => void) => void;
  /** The view showing this shell went away: keep the shell (paused) for a later terminal:open. */
  'terminal:detach': (p: { terminalId: string }, ack?: (a: Ack) => void) => void;
  /** This shell's tab is the one shown now: the trainer's mirror follows the shell focused last. */
  'terminal:focus': (p: { terminalId: string }, ack?: (a: Ack) => void) => void;
  /** The learner's editor shows this file of a lab of theirs (`path: null`: none); a trainer watching sees it. */
  'editor:shown': (
    p: { labId: string; machine?: string; path: string | null },
    ack?: (a: Ack) => void,
  ) => void;
  // Trainers (server/realtime/trainer-events.ts): the role and the class are checked at every event.
  /** Joins the class's live feed (`class:progress`); the ack carries the whole grid. */
  'class:subscribe': (
    p: { classId: string; lang?: 'fr' | 'en' },
    ack: (a: Ack<{ grid: ClassGrid }>) => void,
  ) => void;
  'class:unsubscribe': (p: { classId: string }, ack?: (a: Ack) => void) => void;
  /** Read-only mirror of a learner's terminal (a learner of one of the trainer's classes). */
  'terminal:watch': (p: { labId: string }, ack: (a: Ack<WatchStarted>) => void) => void;
  'terminal:unwatch': (p: { watchId: string }, ack?: (a: Ack) => void) => void;
  /** To one learner of the class (`userId`) or to all its learners; shown as a toast. */
  'message:send': (
    p: { classId: string; userId?: string; text: string },
    ack: (a: Ack<{ delivered: number }>) => void,
  ) => void;
  // Keyboard hand-over (server/realtime/keyboard-events.ts): never without the learner's acceptance.
  /** The trainer of a watch asks the learner for their keyboard (`granted`: they hold it already). */
  'keyboard:request': (
    p: { watchId: string },
    ack: (a: Ack<{ requestId: string; granted: boolean }>) => void,
  ) => void;
  /** The learner's answer to `keyboard:requested`. */
  'keyboard:answer': (p: { requestId: string; accept: boolean }, ack?: (a: Ack) => void) => void;
  /** The trainer types in the shell the watch mirrors; refused (no-keyboard) without a grant. */
  'keyboard:input': (p: { watchId: string; data: string }, ack?: (a: Ack) => void) => void;
  /** The learner takes their keyboard back (every grant on the lab ends). */
  'keyboard:revoke': (p: { labId: string }, ack?: (a: Ack) => void) => void;
  /** The trainer gives the keyboard back. */
  'keyboard:release': (p: { watchId: string }, ack?: (a: Ack) => void) => void;
  /** The learner's open requests and grants (a page that (re)connects). */
  'keyboard:pending': (p: Record<string, never>, ack: (a: Ack<KeyboardPending>) => void) => void;
  // The trainer's demo (server/realtime/demo-events.ts): their own lab, read-only, to a class.
  /** A trainer of the class shows their own lab's terminal to its learners. */
  'demo:start': (
    p: { classId: string; labId: string },
    ack: (a: Ack<{ demoId: string; watchers: number }>) => void,
  ) => void;
  'demo:stop': (p: { classId: string }, ack?: (a: Ack) => void) => void;
  /** Demos running in the user's classes (a page opened late). */
  'demo:current': (p: Record<string, never>, ack: (a: Ack<{ demos: DemoState[] }>) => void) => void;
  /** A member of the class watches its demo: the ack, then `demo:output` (the screen replayed first). */
  'demo:watch': (p: { classId: string }, ack: (a: Ack<DemoWatchStarted>) => void) => void;
  'demo:unwatch': (p: { watchId: string }, ack?: (a: Ack) => void) => void;
  // Pairs on one lab (server/realtime/pair-terminals.ts): members of the pair only, checked at every event.
  /** The lab's live shells and who opened them; `pair:shells` follows at every change. */
  'pair:terminals': (p: { labId: string }, ack: (a: Ack<{ terminals: PairShell[] }>) => void) => void;
  /** A writable view of a shell the partner opened: the ack, then `pair:output` (screen replayed). */
  'pair:attach': (p: { labId: string; terminalId: string }, ack: (a: Ack<PairView>) => void) => void;
  'pair:input': (p: { viewId: string; data: string }, ack?: (a: Ack) => void) => void;
  'pair:detach': (p: { viewId: string }, ack?: (a: Ack) => void) => void;
}

/** The file a learner's editor shows; `version` changes when they save it. */
export interface ShownFile {
  machine: string;
  path: string;
  version?: string;
}

export interface WatchStarted {
  watchId: string;
  learner: string;
  /** The learner's terminal size (the mirror uses it: no reflow). */
  cols: number;
  rows: number;
  /** false while the learner has no shell open: output starts when they open one. */
  live: boolean;
  /** The machine whose shell is mirrored (multi-machine labs). */
  machine?: string;
  /** The file the learner's editor shows, if any (then `terminal:mirror-file` follows it). */
  file?: ShownFile;
}

export interface ServerToClientEvents {
  /** The server is going down for a restart (SIGTERM): shells keep running, reconnect in a few seconds. */
  'server:restarting': () => void;
  'terminal:output': (p: { terminalId: string; data: ArrayBuffer | Uint8Array }) => void;
  'terminal:exit': (p: { terminalId: string; code: number | null }) => void;
  /**
   * state: queued (`position`: 1-based place among waiting learners), starting, running, stopped
   * (`reason` idle | disk-quota), removed (`reason` max-age), error (`reason`: an ErrorReason such as
   * setup-failed); `message` is for the learner. `phase` (with starting): creating, then preparing (the
   * course setup). `reason` reset (with starting): someone (a trainer) is resetting the lab.
   * unavailable (`reason` engine-down): the engine holding the lab does not answer, `message` says why;
   * then running (`reason` engine-back: shells reopen) when it answers again with the lab, or removed
   * (`reason` lost) when it came back without it (the next start recreates the machine).
   */
  'lab:status': (p: {
    labId: string;
    state: LabStatusState;
    message?: string;
    reason?: string;
    position?: number;
    phase?: LabStartPhase;
  }) => void;
  'check:result': (p: CheckResultPayload) => void;
  /** A learner's grid row changed (to trainers subscribed to the class). */
  'class:progress': (p: ClassProgressPayload) => void;
  /** Mirror of a watched terminal; `reset`: clear the screen first (the replay of a new shell follows). */
  /** `machine` (with `reset`): the machine whose shell the mirror now shows. */
  'terminal:mirror': (p: {
    watchId: string;
    data: ArrayBuffer | Uint8Array;
    reset: boolean;
    machine?: string;
  }) => void;
  'terminal:mirror-size': (p: { watchId: string; cols: number; rows: number }) => void;
  /** The file the watched learner's editor shows changed (`path: null`: none), or they saved it (`version`). */
  'terminal:mirror-file': (p: {
    watchId: string;
    machine?: string;
    path: string | null;
    version?: string;
  }) => void;
  /** To the learner: a trainer started (or stopped) watching one of their labs. */
  'trainer:watching': (p: { labId: string; watching: boolean; by?: string }) => void;
  'message:received': (p: MessagePayload) => void;
  /** Keyboard hand-over: to every socket of the learner, a trainer asks for the keyboard. */
  'keyboard:requested': (p: KeyboardRequested) => void;
  /** Keyboard hand-over: to the learner's sockets and to the trainer's (with `watchId`). */
  'keyboard:state': (p: KeyboardState) => void;
  // Time left (server/labs/lab-keep-alive.ts).
  /**
   * The lab's idle deadline moved (« Je suis là » in another tab, a trainer's extension, input, at most
   * every 30 s): `cullAt` ISO, null when no idle cull; `now`: the server's clock (count from the difference).
   */
  'lab:idle': (p: LabIdlePayload) => void;
  // The trainer's demo (server/realtime/demo-events.ts).
  /** To the class's learners (and, with `mine`, the trainer running it): a demo started or ended. */
  'demo:state': (p: DemoState) => void;
  /** The demo's terminal; `reset`: clear the screen first (a replay of the whole screen follows). */
  'demo:output': (p: { watchId: string; data: ArrayBuffer | Uint8Array; reset: boolean }) => void;
  'demo:size': (p: { watchId: string; cols: number; rows: number }) => void;
  /** To the trainer running the demo: how many learners watch. */
  'demo:watchers': (p: { classId: string; count: number }) => void;
  // Pairs (server/realtime/pair-terminals.ts, server/pair-feature.ts).
  /** To both learners: their pair in the class was made, joined or ended (the page reloads its lab). */
  'pair:changed': (p: { classId: string }) => void;
  'pair:shells': (p: { labId: string; terminals: PairShell[] }) => void;
  /** A partner's shell in a `pair:attach` view; `reset`: clear the screen first. */
  'pair:output': (p: { viewId: string; data: ArrayBuffer | Uint8Array; reset: boolean }) => void;
  'pair:size': (p: { viewId: string; cols: number; rows: number }) => void;
  /** The viewed shell ended, or the learner is no longer in the pair. */
  'pair:ended': (p: { viewId: string }) => void;
}

/** Largest single `terminal:input` the server accepts; the client chunks bigger pastes. */
export const MAX_INPUT_CHUNK = 16 * 1024;
/** Client acks after writing this many bytes into xterm.js. */
export const ACK_EVERY_BYTES = 16 * 1024;
