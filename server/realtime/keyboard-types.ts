// Payloads of the keyboard hand-over events (types only: the client imports them through events.ts).

/** To every socket of the learner: a trainer asks for their keyboard. */
export interface KeyboardRequested {
  requestId: string;
  labId: string;
  /** The trainer's name. */
  by: string;
}

/**
 * Where a hand-over stands. `granted`: the learner accepted; `declined`: they refused; `expired`: nobody
 * answered in time; `ended`: the keyboard is the learner's alone again (`reason` says why).
 */
export type KeyboardStateName = 'granted' | 'declined' | 'expired' | 'ended';
export type KeyboardEndReason = 'revoked' | 'released' | 'watch-ended' | 'lab-closed' | 'not-allowed';

export interface KeyboardState {
  labId: string;
  state: KeyboardStateName;
  /** The trainer's name. */
  by: string;
  /** To the trainer's socket: the watch it is about. */
  watchId?: string;
  /** The request this answers (granted, declined, expired). */
  requestId?: string;
  reason?: KeyboardEndReason;
}

/** What a learner's page picks up when it (re)connects: requests still open and grants in force. */
export interface KeyboardPending {
  requests: KeyboardRequested[];
  grants: { labId: string; by: string }[];
}
