// Logins between our redirect to the platform (OIDC third-party login) and its form_post back: in memory
// (a restart in between asks the person to launch again), single use, expiring after STATE_TTL_MS.
// The nonce is checked against the ID token; the browser value against the `atelier_lti` cookie when the
// browser could send it back (docs/LTI.md, "Why a cookie with SameSite=None").
import { randomBytes } from 'node:crypto';
import { ExpiringMap, sameSecret } from '../auth/expiring-map.js';

export interface LtiState {
  platformId: string;
  nonce: string;
  browser: string;
}

export const STATE_TTL_MS = 5 * 60_000;
const MAX_STATES = 10_000;

const random = () => randomBytes(24).toString('base64url');

export class LtiStates {
  private readonly byState = new ExpiringMap<LtiState>(STATE_TTL_MS, MAX_STATES);

  /** A fresh state, nonce and browser value for a login to `platformId`. */
  add(platformId: string, now = Date.now()): { state: string; nonce: string; browser: string } {
    const entry = { platformId, nonce: random(), browser: random() };
    const state = random();
    this.byState.set(state, entry, now);
    return { state, nonce: entry.nonce, browser: entry.browser };
  }

  /**
   * The entry of `state`, removed whatever happens next; undefined when unknown, expired, or when a browser
   * value came back and differs (`browser` undefined: the cookie could not come back on this request).
   */
  take(state: string, browser: string | undefined, now = Date.now()): LtiState | undefined {
    const entry = this.byState.take(state, now);
    if (!entry || browser === undefined) return entry;
    return sameSecret(entry.browser, browser) ? entry : undefined;
  }
}
