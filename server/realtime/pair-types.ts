// Shapes of the `pair:*` socket events, shared (types only) with the client.

/** One live shell of a pair's lab and who opened it. */
export interface PairShell {
  terminalId: string;
  machine: string;
  userId: string;
  /** The display name of the member who opened it. */
  name: string;
  /** Opened by the learner who asked. */
  mine: boolean;
  /** Shown in its member's page right now (they are in it). */
  open: boolean;
}

/** The ack of `pair:attach`: a writable view of a partner's shell. */
export interface PairView {
  viewId: string;
  cols: number;
  rows: number;
  /** Who opened the shell. */
  owner: string;
  machine: string;
}
