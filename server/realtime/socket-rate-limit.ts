/**
 * Socket event rate limits, so one client cannot burn CPU or docker execs: a token bucket per socket and
 * event, one per user for `terminal:open` (each open costs a `docker exec`), and a cap on simultaneous
 * sockets per user. A refused event is answered through its ack (`rate-limited`) and dropped; a socket
 * that keeps hammering after many refusals is disconnected. Budgets are far above what a person (typing,
 * pasting, resizing a window) or the client's flow control (acks every 16 KiB) produce.
 */
export interface Budget {
  /** Burst size. */
  capacity: number;
  /** Tokens added back per second. */
  perSecond: number;
}

export const EVENT_BUDGETS: Readonly<Record<string, Budget>> = {
  // A paste is chunked at 16 KiB and paced by acks; key repeat is ~30/s.
  'terminal:input': { capacity: 400, perSecond: 200 },
  // A trainer typing in a learner's shell (with the learner's consent): keystrokes, like terminal:input.
  'keyboard:input': { capacity: 400, perSecond: 200 },
  // A pair's member typing in their partner's shell: keystrokes, like terminal:input.
  'pair:input': { capacity: 400, perSecond: 200 },
  // Acks are a counter update; dropping one would stall the terminal, so their budget is huge.
  'terminal:ack': { capacity: 4000, perSecond: 4000 },
  'terminal:resize': { capacity: 30, perSecond: 10 },
  'terminal:open': { capacity: 10, perSecond: 1 },
  'terminal:close': { capacity: 20, perSecond: 5 },
};
/** Any event without its own budget (unknown events land here too). */
export const DEFAULT_BUDGET: Budget = { capacity: 20, perSecond: 5 };
/** Opens per user across all their sockets. */
export const USER_OPEN_BUDGET: Budget = { capacity: 20, perSecond: 1 };
export const MAX_SOCKETS_PER_USER = 16;
/** Refusals in a row after which the socket is disconnected. */
export const MAX_STRIKES = 200;

class Bucket {
  private tokens: number;
  last: number;
  constructor(
    private readonly budget: Budget,
    now: number,
  ) {
    this.tokens = budget.capacity;
    this.last = now;
  }
  take(now: number): boolean {
    const { capacity, perSecond } = this.budget;
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

type Ack = (a: { ok: false; reason: string; message: string }) => void;
/** What the limiter needs of a Socket.IO socket (a fake in tests). */
export interface LimitedSocket {
  use(fn: (packet: [string, ...unknown[]], next: (err?: Error) => void) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  disconnect(close?: boolean): unknown;
}

export class SocketRateLimiter {
  private readonly sockets = new Map<string, number>();
  private readonly userOpens = new Map<string, Bucket>();

  constructor(
    private readonly opts = {
      budgets: EVENT_BUDGETS,
      maxSocketsPerUser: MAX_SOCKETS_PER_USER,
      now: () => Date.now(),
    },
  ) {}

  /** Counts a new socket for the user; false when they already have the maximum. */
  admit(userId: string): boolean {
    const n = this.sockets.get(userId) ?? 0;
    if (n >= this.opts.maxSocketsPerUser) return false;
    this.sockets.set(userId, n + 1);
    return true;
  }

  connections(userId: string): number {
    return this.sockets.get(userId) ?? 0;
  }

  /** Guards every event of an admitted socket; its slot is released when it disconnects. */
  attach(socket: LimitedSocket, userId: string): void {
    const buckets = new Map<string, Bucket>();
    let strikes = 0;
    socket.use(([event, ...args], next) => {
      const now = this.opts.now();
      const budget = this.opts.budgets[event] ?? DEFAULT_BUDGET;
      let bucket = buckets.get(event);
      if (!bucket) buckets.set(event, (bucket = new Bucket(budget, now)));
      let ok = bucket.take(now);
      if (ok && event === 'terminal:open') ok = this.userOpen(userId, now);
      if (ok) {
        strikes = 0;
        return next();
      }
      if (++strikes >= MAX_STRIKES) return void socket.disconnect(true);
      const ack = args[args.length - 1];
      if (typeof ack === 'function')
        (ack as Ack)({ ok: false, reason: 'rate-limited', message: 'Trop de requêtes : ralentissez.' });
    });
    socket.on('disconnect', () => {
      const n = (this.sockets.get(userId) ?? 1) - 1;
      if (n > 0) this.sockets.set(userId, n);
      else this.sockets.delete(userId);
    });
  }

  private userOpen(userId: string, now: number): boolean {
    let bucket = this.userOpens.get(userId);
    if (!bucket) {
      // Reconnecting does not refill the user's budget; buckets idle long enough to be full are dropped.
      const full = (USER_OPEN_BUDGET.capacity / USER_OPEN_BUDGET.perSecond) * 1000;
      if (this.userOpens.size > 10_000)
        for (const [k, b] of this.userOpens) if (now - b.last > full) this.userOpens.delete(k);
      this.userOpens.set(userId, (bucket = new Bucket(USER_OPEN_BUDGET, now)));
    }
    return bucket.take(now);
  }
}
