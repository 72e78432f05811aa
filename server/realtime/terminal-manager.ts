import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';
import { fallbackLogger } from '../observability/logger.js';
import type { SandboxRuntime, TerminalSize } from '../sandbox/sandbox-runtime.js';
import { TerminalSession, type TerminalClient } from './terminal-session.js';

export interface TerminalManagerDeps {
  runtime: SandboxRuntime;
  /** Resolves when the user's lab runs; throws (404) when the lab is not theirs. */
  ensureLabRunning(userId: string, labId: string): Promise<unknown>;
  /**
   * The machine's name (the default one when undefined); throws unknown-machine for a name the lab lacks.
   * Default: one machine, `lab`.
   */
  machineOf?(userId: string, labId: string, machine: string | undefined): string;
  /** Terminal input counts as learner activity (idle culling, auto-check). */
  onActivity(userId: string, labId: string): void;
  /** The shell printed something (keeps an auto-check waiting while a command still talks). */
  onOutput(userId: string, labId: string): void;
  maxPerUser: number;
  graceMs: number;
  /** Default: the process-wide fallback logger. */
  logger?: Pick<Logger, 'warn'>;
}

/** All shells of all users. A client only ever reaches sessions of its own user. */
export class TerminalManager {
  private readonly sessions = new Map<string, TerminalSession>();
  /** Opens in flight: the per-user cap counts them; a client that leaves meanwhile gets a detached shell. */
  private readonly openingByUser = new Map<string, number>();
  private readonly openingByClient = new Map<string, number>();
  private readonly leftWhileOpening = new Set<string>();
  /** Told when a lab's shells change (opened, reattached, ended): trainers' mirrors follow. */
  private readonly labListeners = new Set<(labId: string) => void>();
  private readonly resuming = new Map<string, Promise<unknown>>();

  constructor(private readonly d: TerminalManagerDeps) {}

  onLabSessions(listener: (labId: string) => void): () => void {
    this.labListeners.add(listener);
    return () => this.labListeners.delete(listener);
  }

  /** The lab's live shells, the one a client attached to last first. */
  liveSessions(labId: string): TerminalSession[] {
    return [...this.sessions.values()]
      .filter((s) => s.labId === labId && !s.exited)
      .sort((a, b) => Number(!!b.attachedTo) - Number(!!a.attachedTo) || b.attachedAt - a.attachedAt);
  }

  private labChanged(labId: string): void {
    for (const l of this.labListeners) l(labId);
  }

  async open(
    userId: string,
    labId: string,
    size: TerminalSize,
    client: TerminalClient,
    machine?: string,
    resume?: string,
  ) {
    bump(this.openingByClient, client.id, 1);
    try {
      const name = this.d.machineOf?.(userId, labId, machine) ?? machine ?? 'lab';
      // One reattach per shell at a time: a second one waits and then finds it in memory.
      const inFlight = resume ? this.resuming.get(resume) : undefined;
      if (inFlight) await inFlight.catch(() => undefined);
      const opening = this.openOrReattach(userId, labId, name, size, client, resume);
      if (resume) this.track(resume, opening);
      const opened = await opening;
      this.labChanged(labId);
      // The socket left while the shell was starting: treat it like any tab that went away.
      if (this.leftWhileOpening.has(client.id))
        opened.session.detach(this.d.graceMs, () => void this.closeSession(opened.session));
      return { terminalId: opened.session.id, replayed: opened.replayed };
    } finally {
      if (bump(this.openingByClient, client.id, -1) === 0) this.leftWhileOpening.delete(client.id);
    }
  }

  private track(resume: string, opening: Promise<unknown>): void {
    const done = opening.then(
      () => undefined,
      () => undefined,
    );
    this.resuming.set(resume, done);
    void done.then(() => {
      if (this.resuming.get(resume) === done) this.resuming.delete(resume);
    });
  }

  private async openOrReattach(
    userId: string,
    labId: string,
    machine: string,
    size: TerminalSize,
    client: TerminalClient,
    resume?: string,
  ) {
    await this.d.ensureLabRunning(userId, labId);
    const mine = [...this.sessions.values()].filter((s) => s.userId === userId && !s.exited);
    const here = (s: TerminalSession) => s.labId === labId && s.machine === machine;
    const asked = resume ? mine.find((s) => s.id === resume && here(s)) : undefined;
    // The tab names its own shell: it gets it even if an older socket of it still holds it. Else any detached
    // shell of the lab's machine, unless the tab names one this process never held (a shell that outlived a
    // restart is looked for in the lab instead).
    let detached = asked;
    if (!detached && (!resume || this.sessions.has(resume)))
      detached = mine.find((s) => here(s) && s.attachedTo === undefined);
    if (detached) {
      const replayed = detached.attach(client);
      await detached.resize(size).catch(() => undefined);
      return { session: detached, replayed };
    }
    let closingIdle: Promise<void> | undefined;
    if (mine.length + (this.openingByUser.get(userId) ?? 0) >= this.d.maxPerUser) {
      // Make room by ending a shell nobody looks at; refuse when all are in use.
      const idle = mine.find((s) => s.attachedTo === undefined);
      if (!idle)
        throw new AppError(
          'too-many-terminals',
          `Au plus ${this.d.maxPerUser} terminaux ouverts à la fois : fermez-en un.`,
          { max: this.d.maxPerUser },
        );
      closingIdle = this.closeSession(idle);
    }
    // Counted before any await, so concurrent opens cannot all pass the cap.
    bump(this.openingByUser, userId, 1);
    try {
      await closingIdle;
      const reattach = resume && !this.sessions.has(resume) ? resume : undefined;
      const stream = await this.d.runtime.openTerminal(labId, size, machine, reattach);
      const id = stream.id;
      stream.onData(() => this.d.onOutput(userId, labId));
      const session = new TerminalSession(
        id,
        userId,
        labId,
        stream,
        (s) => {
          this.sessions.delete(s.id);
          this.labChanged(s.labId);
        },
        machine,
      );
      session.size = size;
      this.sessions.set(id, session);
      const replayed = session.attach(client);
      return { session, replayed };
    } finally {
      bump(this.openingByUser, userId, -1);
    }
  }

  /** The session if it belongs to the user and is shown in this client. */
  private mine(userId: string, clientId: string, terminalId: string): TerminalSession {
    const s = this.sessions.get(terminalId);
    if (!s || s.userId !== userId || s.attachedTo !== clientId)
      throw new AppError('unknown-terminal', 'Terminal inconnu ou fermé.');
    return s;
  }

  input(userId: string, clientId: string, terminalId: string, data: string): void {
    const s = this.mine(userId, clientId, terminalId);
    s.input(data);
    this.d.onActivity(userId, s.labId);
  }

  resize(userId: string, clientId: string, terminalId: string, size: TerminalSize): Promise<void> {
    return this.mine(userId, clientId, terminalId).resize(size);
  }

  ack(userId: string, clientId: string, terminalId: string, bytes: number): void {
    this.mine(userId, clientId, terminalId).ack(bytes);
  }

  close(userId: string, clientId: string, terminalId: string): Promise<void> {
    return this.closeSession(this.mine(userId, clientId, terminalId));
  }

  /** A socket disconnected: its shells wait `graceMs` for a reload to reattach them. */
  detachClient(clientId: string): void {
    if (this.openingByClient.has(clientId)) this.leftWhileOpening.add(clientId);
    for (const s of this.sessions.values()) {
      if (s.attachedTo === clientId) s.detach(this.d.graceMs, () => void this.closeSession(s));
    }
  }

  /** The client shows this shell now (its machine tab): watchers follow it. */
  focus(userId: string, clientId: string, terminalId: string): void {
    const s = this.mine(userId, clientId, terminalId);
    s.attachedAt = Date.now();
    this.labChanged(s.labId);
  }

  /** The client stopped showing one shell; it waits like a disconnected one. */
  detach(userId: string, clientId: string, terminalId: string): void {
    const s = this.mine(userId, clientId, terminalId);
    s.detach(this.d.graceMs, () => void this.closeSession(s));
  }

  /** The lab goes away (reset, delete): end its shells and tell their clients. */
  async closeLab(labId: string): Promise<void> {
    const ofLab = [...this.sessions.values()].filter((s) => s.labId === labId);
    await Promise.all(ofLab.map((s) => this.closeSession(s, true)));
  }

  /** The user may no longer use the lab (they left its pair): end the shells they opened there. */
  async closeUserOnLab(userId: string, labId: string): Promise<void> {
    const theirs = [...this.sessions.values()].filter((s) => s.labId === labId && s.userId === userId);
    await Promise.all(theirs.map((s) => this.closeSession(s, true)));
  }

  /** Server shutdown: every shell is let go of, still running, for the next process to reattach. */
  releaseAll(): void {
    for (const s of this.sessions.values()) s.release();
    this.sessions.clear();
  }

  count(userId?: string): number {
    return [...this.sessions.values()].filter((s) => !userId || s.userId === userId).length;
  }

  private async closeSession(s: TerminalSession, notify = false): Promise<void> {
    if (this.sessions.delete(s.id)) this.labChanged(s.labId);
    await s
      .close(notify)
      .catch((err) =>
        (this.d.logger ?? fallbackLogger).warn(
          { err, terminalId: s.id },
          `closing terminal: ${(err as Error).message}`,
        ),
      );
  }
}

/** Adds `delta` to a counter, dropping it at zero; returns the new value. */
function bump(counts: Map<string, number>, key: string, delta: number): number {
  const n = (counts.get(key) ?? 0) + delta;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
  return n;
}
