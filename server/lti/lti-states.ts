// Logins between our redirect to the platform (OIDC third-party login) and its form_post back: in memory
// (a restart in between asks the person to launch again), single use, expiring after STATE_TTL_MS.
// The nonce is checked against the ID token; the browser value against the `atelier_lti` cookie when the
// browser could send it back (docs/LTI.md, "Why a cookie with SameSite=None").
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface LtiState {
  platformId: string;
  nonce: string;
  browser: string;
  expiresAt: number;
}

export const STATE_TTL_MS = 5 * 60_000;
const MAX_STATES = 10_000;

const random = () => randomBytes(24).toString('base64url');

export class LtiStates {
  private readonly byState = new Map<string, LtiState>();

  /** A fresh state, nonce and browser value for a login to `platformId`. */
  add(platformId: string, now = Date.now()): { state: string; nonce: string; browser: string } {
    for (const [s, e] of this.byState) if (e.expiresAt <= now) this.byState.delete(s);
    while (this.byState.size >= MAX_STATES) this.byState.delete(this.byState.keys().next().value!);
    const entry = { platformId, nonce: random(), browser: random(), expiresAt: now + STATE_TTL_MS };
    const state = random();
    this.byState.set(state, entry);
    return { state, nonce: entry.nonce, browser: entry.browser };
  }

  /**
   * The entry of `state`, removed whatever happens next; undefined when unknown, expired, or when a browser
   * value came back and differs (`browser` undefined: the cookie could not come back on this request).
   */
  take(state: string, browser: string | undefined, now = Date.now()): LtiState | undefined {
    const entry = this.byState.get(state);
    this.byState.delete(state);
    if (!entry || entry.expiresAt <= now) return undefined;
    if (browser === undefined) return entry;
    const a = Buffer.from(entry.browser);
    const b = Buffer.from(browser);
    return a.length === b.length && timingSafeEqual(a, b) ? entry : undefined;
  }
}
