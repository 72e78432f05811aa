import { FixedWindows } from './fixed-windows.js';

/** Budgets of failed logins (docs/SECURITY.md, "Password guessing"). */
export const LOGIN_LIMITS = {
  /** Failures per account from one source address per minute: the tight limit on guessing. */
  perSource: 10,
  perSourceWindowMs: 60_000,
  /** Failures per account from all sources per 15 minutes: bounds an attacker with many addresses. */
  perAccount: 100,
  perAccountWindowMs: 15 * 60_000,
  /** A source the account logged in from is "usual" this long, and exempt from the account-wide budget. */
  usualForMs: 30 * 24 * 3_600_000,
  usualPerAccount: 8,
};

const message = (wait: number): string => `Trop de tentatives, réessayez dans ${wait} s.`;

/**
 * Failed logins counted per (account, source) and per account. An attempt is counted before the password
 * is checked, so parallel guesses cannot race past the limit, and given back when it succeeds. Another
 * address's failures never block the owner's usual addresses (where they logged in before): an attacker
 * elsewhere cannot lock them out, while guessing from anywhere stays slow. In memory: a restart forgets.
 */
export class LoginThrottle {
  private readonly pairs = new FixedWindows(LOGIN_LIMITS.perSourceWindowMs);
  private readonly accounts = new FixedWindows(LOGIN_LIMITS.perAccountWindowMs);
  /** account → source → time of its last successful login. */
  private readonly usual = new Map<string, Map<string, number>>();

  /** Counts one attempt; throws 429 `rate-limited` when this source or the account spent its budget. */
  begin(account: string, source: string, now = Date.now()): void {
    const pair = `${account}\n${source}`;
    if (this.pairs.count(pair, now) >= LOGIN_LIMITS.perSource) throw this.pairs.refusal(pair, message, now);
    if (!this.isUsual(account, source, now) && this.accounts.count(account, now) >= LOGIN_LIMITS.perAccount)
      throw this.accounts.refusal(account, message, now);
    this.pairs.add(pair, 1, now);
    this.accounts.add(account, 1, now);
  }

  /** The attempt was right: it was no failure, and the source becomes one of the account's usual ones. */
  succeeded(account: string, source: string, now = Date.now()): void {
    this.pairs.delete(`${account}\n${source}`);
    this.accounts.add(account, -1, now);
    const sources = this.usual.get(account) ?? new Map<string, number>();
    sources.delete(source);
    sources.set(source, now);
    // Keep the most recent ones (a Map iterates in insertion order).
    while (sources.size > LOGIN_LIMITS.usualPerAccount) sources.delete(sources.keys().next().value!);
    this.usual.set(account, sources);
  }

  private isUsual(account: string, source: string, now: number): boolean {
    const at = this.usual.get(account)?.get(source);
    return at !== undefined && now - at < LOGIN_LIMITS.usualForMs;
  }
}
