// Single sign-on logins between the redirect to the provider and the way back: in memory (a restart in
// between asks the person to click again), single use, bound to the browser that started them.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ExternalIdentity, PendingOidcLogin } from './sso-types.js';

export interface PendingLogin {
  providerId: string;
  /** The random value that comes back with the browser (OIDC state, CAS service query, SAML RelayState). */
  state: string;
  oidc?: PendingOidcLogin;
  /** CAS: the service URL the ticket will be valid for. */
  cas?: { service: string };
  /** SAML: the AuthnRequest's id; then the identity its checked response gave, awaiting the browser. */
  saml?: { requestId: string; identity?: ExternalIdentity };
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
    this.byState.set(entry.state, { ...entry, browser, expiresAt: now + PENDING_TTL_MS });
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

  /**
   * The login of `state` without the browser check, for a step the browser's cookie cannot reach (the IdP's
   * cross-site POST); `take` with the cookie must still follow.
   */
  peek(state: string, providerId: string, now = Date.now()): PendingLogin | undefined {
    const entry = this.byState.get(state);
    return entry && entry.expiresAt > now && entry.providerId === providerId ? entry : undefined;
  }

  private sweep(now: number): void {
    for (const [state, e] of this.byState) if (e.expiresAt <= now) this.byState.delete(state);
  }
}
