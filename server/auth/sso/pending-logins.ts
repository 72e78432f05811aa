// Single sign-on logins between the redirect to the provider and the way back: in memory (a restart in
// between asks the person to click again), single use, bound to the browser that started them.
import { randomBytes } from 'node:crypto';
import { ExpiringMap, sameSecret } from '../expiring-map.js';
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
}

export const PENDING_TTL_MS = 10 * 60_000;
/** Enough for a few classes logging in at once; the oldest go first beyond it. */
const MAX_PENDING = 5_000;

export class PendingLogins {
  private readonly byState = new ExpiringMap<PendingLogin>(PENDING_TTL_MS, MAX_PENDING);

  /** Keeps a login under its state; returns the browser value for the cookie. */
  add(entry: Omit<PendingLogin, 'browser'>, now = Date.now()): string {
    const browser = randomBytes(24).toString('base64url');
    this.byState.set(entry.state, { ...entry, browser }, now);
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
    const entry = this.byState.take(state, now);
    if (!entry || entry.providerId !== providerId || !browser) return undefined;
    return sameSecret(entry.browser, browser) ? entry : undefined;
  }

  /**
   * The login of `state` without the browser check, for a step the browser's cookie cannot reach (the IdP's
   * cross-site POST); `take` with the cookie must still follow.
   */
  peek(state: string, providerId: string, now = Date.now()): PendingLogin | undefined {
    const entry = this.byState.peek(state, now);
    return entry?.providerId === providerId ? entry : undefined;
  }
}
