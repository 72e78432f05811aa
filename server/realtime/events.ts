// The Socket.IO event map shared (types only) by server and client. Payloads are validated on the server
// with the zod schemas in socket-schemas.ts: types are not validation.

export type Ack<T extends object = object> =
  ({ ok: true } & T) | { ok: false; reason: string; message: string };

export interface CheckResultPayload {
  labId: string;
  exerciseId: string;
  passed: boolean;
  checks: { id: string; passed: boolean; message: string }[];
  /** true for the automatic check run after the terminal went quiet (a failure there is not an attempt). */
  auto: boolean;
}

export interface ClientToServerEvents {
  'terminal:open': (
    p: { labId: string; cols: number; rows: number },
    ack: (a: Ack<{ terminalId: string; replayed: boolean }>) => void,
  ) => void;
  'terminal:input': (p: { terminalId: string; data: string }, ack?: (a: Ack) => void) => void;
  'terminal:resize': (p: { terminalId: string; cols: number; rows: number }, ack?: (a: Ack) => void) => void;
  'terminal:ack': (p: { terminalId: string; bytes: number }) => void;
  'terminal:close': (p: { terminalId: string }, ack?: (a: Ack) => void) => void;
  /** The view showing this shell went away: keep the shell (paused) for a later terminal:open. */
  'terminal:detach': (p: { terminalId: string }, ack?: (a: Ack) => void) => void;
}

export interface ServerToClientEvents {
  'terminal:output': (p: { terminalId: string; data: ArrayBuffer | Uint8Array }) => void;
  'terminal:exit': (p: { terminalId: string; code: number | null }) => void;
  'lab:status': (p: { labId: string; state: string; message?: string }) => void;
  'check:result': (p: CheckResultPayload) => void;
}

/** Largest single `terminal:input` the server accepts; the client chunks bigger pastes. */
export const MAX_INPUT_CHUNK = 16 * 1024;
/** Client acks after writing this many bytes into xterm.js. */
export const ACK_EVERY_BYTES = 16 * 1024;
