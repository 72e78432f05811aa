// OpenID Connect logins between the redirect to the provider and its callback: in memory (a restart in
// between asks the person to click again), single use, bound to the browser that started them.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PendingOidcLogin } from './sso-types.js';

export interface PendingLogin {
  providerId: string;
  oidc: PendingOidcLogin;
  /** Where to go after the login (a path of ours), and the class to join. */
  next?: string;
  join?: string;
  /** The random value of the starting browser's `atelier_sso` cookie. */
  browser: string;
  expiresAt: number;
}

export const PENDING_TTL_MS = 10 * 60_000;
/** Enough for a few classes logging in at once; the oldest go first beyond it. */
const MAX_PENDING = 5_000;

export class PendingLogins {
  private readonly byState = new Map<string, PendingLogin>();

  /** Keeps a login under its state; returns the browser value for the cookie. */
  add(entry: Omit<PendingLogin, 'browser' | 'expiresAt'>, now = Date.now()): string {
    this.sweep(now);
    while (this.byState.size >= MAX_PENDING) this.byState.delete(this.byState.keys().next().value!);
    const browser = randomBytes(24).toString('base64url');
    this.byState.set(entry.oidc.state, { ...entry, browser, expiresAt: now + PENDING_TTL_MS });
    return browser;
  }

  /**
   * The login of `state`, removed whatever happens next (a state serves once); undefined when unknown,
   * expired, for another provider, or started by another browser.
   */
  take(
    state: string,
    providerId: string,
    browser: string | undefined,
    now = Date.now(),
  ): PendingLogin | undefined {
    const entry = this.byState.get(state);
    this.byState.delete(state);
    if (!entry || entry.expiresAt <= now || entry.providerId !== providerId || !browser) return undefined;
    const a = Buffer.from(entry.browser);
    const b = Buffer.from(browser);
    return a.length === b.length && timingSafeEqual(a, b) ? entry : undefined;
  }

  private sweep(now: number): void {
    for (const [state, e] of this.byState) if (e.expiresAt <= now) this.byState.delete(state);
  }
}
