import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { NewAuditEntry } from '../store/audit-repo.js';
import type {
  KeyboardEndReason,
  KeyboardPending,
  KeyboardRequested,
  KeyboardState,
} from './keyboard-types.js';

/** A trainer's watch of a learner's lab: what a request and a grant belong to. */
export interface WatchParty {
  watchId: string;
  /** The trainer's socket holding the watch. */
  socketId: string;
  trainerId: string;
  trainerName: string;
  labId: string;
  learnerId: string;
}

interface Pending extends WatchParty {
  requestId: string;
  timer: NodeJS.Timeout;
}

export interface HandoverDeps {
  audit: { record(e: NewAuditEntry): unknown };
  /** To every socket of the learner: `keyboard:requested`. */
  requested(learnerId: string, p: KeyboardRequested): void;
  /** To every socket of the learner: `keyboard:state`. */
  learnerState(learnerId: string, p: KeyboardState): void;
  /** To the trainer's socket: `keyboard:state` (with the watchId). */
  trainerState(socketId: string, p: KeyboardState): void;
  /** An expiry that failed (its audit write): logged. */
  onError?(err: unknown): void;
  /** How long a request waits for the learner's answer. */
  requestTtlMs?: number;
}

export const REQUEST_TTL_MS = 60_000;

/** The learner's and the trainer's own ends have an action of their own; the others are `keyboard.end`. */
const END_ACTIONS: Record<KeyboardEndReason, string> = {
  revoked: 'keyboard.revoke',
  released: 'keyboard.release',
  'watch-ended': 'keyboard.end',
  'lab-closed': 'keyboard.end',
  'not-allowed': 'keyboard.end',
};

const unknownRequest = () => new AppError('unknown-request', 'Demande inconnue ou expirée.');
const noKeyboard = () => new AppError('no-keyboard', 'Le clavier ne vous a pas été confié.');

/**
 * Who may type in a learner's shell besides the learner: a trainer, through a watch, once the learner
 * accepted a request. A request waits for an answer (then expires); a grant belongs to the watch (a
 * trainer and the learner's lab) and ends with it, with the learner's revoke, the trainer's release or the
 * lab closing. Every step is audited. Authorization (the trainer still teaches the learner) is the
 * caller's, at every event; this class only keeps the consent.
 */
export class KeyboardHandover {
  private readonly requests = new Map<string, Pending>();
  /** By watchId. */
  private readonly grants = new Map<string, WatchParty>();

  constructor(private readonly d: HandoverDeps) {}

  /** Asks the learner; a request already waiting for this watch is answered with its id (no second dialog). */
  request(w: WatchParty): { requestId: string; granted: boolean } {
    if (this.grants.has(w.watchId)) return { requestId: '', granted: true };
    const open = [...this.requests.values()].find((r) => r.watchId === w.watchId);
    if (open) return { requestId: open.requestId, granted: false };
    const requestId = randomBytes(8).toString('hex');
    const timer = setTimeout(() => {
      // A timer's throw would be uncaught (the audit write may fail, e.g. the database closed at shutdown).
      try {
        this.expire(requestId);
      } catch (err) {
        this.d.onError?.(err);
      }
    }, this.d.requestTtlMs ?? REQUEST_TTL_MS);
    timer.unref();
    this.requests.set(requestId, { ...w, requestId, timer });
    this.audit('keyboard.request', w.trainerId, w, { requestId });
    this.d.requested(w.learnerId, { requestId, labId: w.labId, by: w.trainerName });
    return { requestId, granted: false };
  }

  /** The learner's answer; unknown-request when it is not theirs, answered already or expired. */
  answer(requestId: string, learnerId: string, accept: boolean): void {
    const r = this.requests.get(requestId);
    if (!r || r.learnerId !== learnerId) throw unknownRequest();
    this.dropRequest(r);
    const state: KeyboardState = {
      labId: r.labId,
      state: accept ? 'granted' : 'declined',
      by: r.trainerName,
      requestId,
    };
    if (accept) this.grants.set(r.watchId, party(r));
    this.audit(accept ? 'keyboard.grant' : 'keyboard.decline', learnerId, r, { requestId });
    this.d.learnerState(r.learnerId, state);
    this.d.trainerState(r.socketId, { ...state, watchId: r.watchId });
  }

  /** The grant this socket holds on the watch; no-keyboard otherwise. */
  grantOf(watchId: string, socketId: string): WatchParty {
    const g = this.grants.get(watchId);
    if (!g || g.socketId !== socketId) throw noKeyboard();
    return g;
  }

  /** The learner takes the keyboard back: every grant and open request on their lab ends. */
  revoke(labId: string, learnerId: string): number {
    const ofLab = (w: WatchParty) => w.labId === labId && w.learnerId === learnerId;
    return this.endWhere(ofLab, 'revoked', learnerId);
  }

  /** The trainer gives the keyboard back; no-keyboard when they did not hold it. */
  release(watchId: string, socketId: string): void {
    const g = this.grantOf(watchId, socketId);
    this.end(g, 'released', g.trainerId);
  }

  /** The watch ended (closed, the trainer's socket gone). */
  watchEnded(watchId: string): void {
    this.endWhere((w) => w.watchId === watchId, 'watch-ended');
  }

  /** The lab is reset, restored, stopped or removed: its shells go, so do the grants on it. */
  labClosed(labId: string): void {
    this.endWhere((w) => w.labId === labId, 'lab-closed');
  }

  /** The trainer of this socket no longer teaches the learner (checked by the caller at an event). */
  notAllowed(watchId: string, socketId: string): void {
    this.endWhere((w) => w.watchId === watchId && w.socketId === socketId, 'not-allowed');
  }

  /** What a learner's page shows when it (re)connects. */
  pendingFor(learnerId: string): KeyboardPending {
    const mine = (w: WatchParty) => w.learnerId === learnerId;
    return {
      requests: [...this.requests.values()]
        .filter(mine)
        .map((r) => ({ requestId: r.requestId, labId: r.labId, by: r.trainerName })),
      grants: [...this.grants.values()].filter(mine).map((g) => ({ labId: g.labId, by: g.trainerName })),
    };
  }

  granted(watchId: string): boolean {
    return this.grants.has(watchId);
  }

  dispose(): void {
    for (const r of this.requests.values()) clearTimeout(r.timer);
    this.requests.clear();
    this.grants.clear();
  }

  private expire(requestId: string): void {
    const r = this.requests.get(requestId);
    if (!r) return;
    this.dropRequest(r);
    this.audit('keyboard.expire', undefined, r, { requestId });
    const state: KeyboardState = { labId: r.labId, state: 'expired', by: r.trainerName, requestId };
    this.d.learnerState(r.learnerId, state);
    this.d.trainerState(r.socketId, { ...state, watchId: r.watchId });
  }

  /** Ends the grants and withdraws the open requests that match; returns how many grants ended. */
  private endWhere(match: (w: WatchParty) => boolean, reason: KeyboardEndReason, actorId?: string): number {
    for (const r of [...this.requests.values()].filter(match)) {
      this.dropRequest(r);
      this.audit('keyboard.withdraw', actorId, r, { requestId: r.requestId, reason });
      const state: KeyboardState = {
        labId: r.labId,
        state: 'expired',
        by: r.trainerName,
        requestId: r.requestId,
      };
      this.d.learnerState(r.learnerId, state);
      if (reason !== 'watch-ended') this.d.trainerState(r.socketId, { ...state, watchId: r.watchId });
    }
    const ended = [...this.grants.values()].filter(match);
    for (const g of ended) this.end(g, reason, actorId);
    return ended.length;
  }

  private end(g: WatchParty, reason: KeyboardEndReason, actorId?: string): void {
    this.grants.delete(g.watchId);
    this.audit(END_ACTIONS[reason], actorId, g, { reason });
    const state: KeyboardState = { labId: g.labId, state: 'ended', by: g.trainerName, reason };
    this.d.learnerState(g.learnerId, state);
    this.d.trainerState(g.socketId, { ...state, watchId: g.watchId });
  }

  private dropRequest(r: Pending): void {
    clearTimeout(r.timer);
    this.requests.delete(r.requestId);
  }

  private audit(action: string, actorId: string | undefined, w: WatchParty, detail: Record<string, unknown>) {
    this.d.audit.record({
      action,
      actorId,
      subjectId: w.learnerId,
      labId: w.labId,
      detail: { trainerId: w.trainerId, watchId: w.watchId, ...detail },
    });
  }
}

function party(r: Pending): WatchParty {
  const { watchId, socketId, trainerId, trainerName, labId, learnerId } = r;
  return { watchId, socketId, trainerId, trainerName, labId, learnerId };
}
