// The idle countdown of a lab, on the page's own clock (Date.now()): the server sends its cull instant with
// its own time, the page keeps the difference. Pure functions: the component holds one IdleClock.

/** What the server sends (lab views, `lab:idle`, the keep-alive answer); ISO dates. */
export interface ServerTimeLeft {
  cullAt: string | null;
  idleTimeoutMs: number;
  keepUntil: string | null;
  now: string;
}

export interface IdleClock {
  /** 0: no idle cull on this platform. */
  idleMs: number;
  /** When the lab goes to sleep, on the page's clock; null: not counting (stopped, no idle cull). */
  deadline: number | null;
  /** The trainer's extension, on the page's clock; null: none. */
  keepUntil: number | null;
}

/** The warning shows this long before the cull. */
export const WARN_BEFORE_MS = 5 * 60_000;
/**
 * The server writes terminal activity at most every 30 s: the page counts from its own last input minus
 * that, so its deadline is never later than the server's (a warning a few seconds early, never late).
 */
export const TOUCH_SLACK_MS = 30_000;

export const NO_CLOCK: IdleClock = { idleMs: 0, deadline: null, keepUntil: null };

/** Whether a value carries a time left (a view from an older route, a catch-up's answer, does not). */
export function hasTimeLeft(v: object): v is ServerTimeLeft {
  return 'now' in v && typeof (v as { now?: unknown }).now === 'string' && 'idleTimeoutMs' in v;
}

export function fromServer(t: ServerTimeLeft, pageNow: number): IdleClock {
  const skew = pageNow - Date.parse(t.now);
  const local = (iso: string | null) => (iso === null ? null : Date.parse(iso) + skew);
  return { idleMs: t.idleTimeoutMs, deadline: local(t.cullAt), keepUntil: local(t.keepUntil) };
}

/** The learner typed in this page's terminal: the deadline moves on (never back). */
export function afterInput(c: IdleClock, pageNow: number): IdleClock {
  if (c.idleMs <= 0 || c.deadline === null) return c;
  return { ...c, deadline: Math.max(c.deadline, pageNow + c.idleMs - TOUCH_SLACK_MS) };
}

/** The lab runs again (a start touches it): a full timeout, or the extension if later. */
export function afterStart(c: IdleClock, pageNow: number): IdleClock {
  if (c.idleMs <= 0) return c;
  return { ...c, deadline: Math.max(pageNow + c.idleMs, c.keepUntil ?? 0) };
}

export const stopped = (c: IdleClock): IdleClock => ({ ...c, deadline: null });

export type TimeLeftView =
  | { kind: 'none' }
  /** « Veille dans 27 min »: whole minutes, rounded up. */
  | { kind: 'counting'; minutes: number }
  /** The last five minutes: the warning and « Je suis là ». */
  | { kind: 'warning'; minutes: number };

export function viewOf(c: IdleClock, pageNow: number): TimeLeftView {
  if (c.deadline === null || c.idleMs <= 0) return { kind: 'none' };
  const left = c.deadline - pageNow;
  const minutes = Math.max(0, Math.ceil(left / 60_000));
  return left <= WARN_BEFORE_MS ? { kind: 'warning', minutes } : { kind: 'counting', minutes };
}
