// Payloads of the trainer's demo events (types only: the client imports them through events.ts).

/**
 * Whether a demo runs in a class, to its learners (and to the trainer who runs it, with `mine`).
 * `courseIds`: the class's courses (the learner's page shows the panel on those); `demoId` while active.
 */
export interface DemoState {
  classId: string;
  active: boolean;
  /** The trainer's name. */
  by: string;
  demoId?: string;
  className?: string;
  courseIds?: string[];
  /** To the trainer who runs it: their own demo (their page shows the control, not the panel). */
  mine?: boolean;
  /** With `mine`: the lab shown and how many learners watch. */
  labId?: string;
  watchers?: number;
}

/** The ack of `demo:watch`: the demo's screen size (no reflow) and who shows it; the replay follows. */
export interface DemoWatchStarted {
  /** The demo's stream, shared by its watchers: `demo:output` and `demo:size` carry it. */
  watchId: string;
  cols: number;
  rows: number;
  by: string;
}
