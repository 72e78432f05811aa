// Which shell this browser tab showed last for a lab's machine: sent as `resume` in terminal:open, so a
// reconnect (or a reload) after a server restart gets that same shell back instead of a new one.

/** The part of Storage used here (tests pass a Map-backed fake). */
export interface ResumeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const TERMINAL_ID = /^[0-9a-f]{16}$/;

/** sessionStorage key for a lab's machine; `-` stands for the default machine. */
export const resumeKey = (labId: string, machine?: string): string =>
  `atelier.term.${labId}.${machine || '-'}`;

export const isTerminalId = (v: unknown): v is string => typeof v === 'string' && TERMINAL_ID.test(v);

/** sessionStorage when the page may use it (private mode, sandboxed frames: not always). */
export function sessionResumeStorage(): ResumeStorage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The remembered terminalId of one lab machine, in memory (socket reconnects) and in storage (reloads).
 * Storage failures only cost the reload case: memory still answers.
 */
export class ResumeMemory {
  private id?: string;

  constructor(
    private readonly key: string,
    private readonly storage?: ResumeStorage,
  ) {
    const saved = this.attempt(() => storage?.getItem(key));
    if (isTerminalId(saved)) this.id = saved;
  }

  get value(): string | undefined {
    return this.id;
  }

  /** The shell shown now (ids that are not terminal ids are ignored, never sent back). */
  remember(terminalId: string): void {
    if (!isTerminalId(terminalId) || terminalId === this.id) return;
    this.id = terminalId;
    this.attempt(() => this.storage?.setItem(this.key, terminalId));
  }

  /** The shell is gone (it exited, or the lab was recreated): the next open asks for a new one. */
  forget(): void {
    this.id = undefined;
    this.attempt(() => this.storage?.removeItem(this.key));
  }

  private attempt<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch {
      return undefined; // quota or storage disabled
    }
  }
}
