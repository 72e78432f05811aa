// Events that pages send up to the app shell (components/app), typed through HTMLElementEventMap so
// the shell's listeners need no casts. Both bubble out of shadow roots.
import type { User } from './types.js';

declare global {
  interface HTMLElementEventMap {
    /** A page opened a session (login, registration, setup, joining a class): the shell takes the user. */
    'logged-in': CustomEvent<User>;
    /** A failure that may mean Docker is down: the shell asks /api/health now instead of in 30 s. */
    'health-check': Event;
  }
}

export const loggedInEvent = (user: User): CustomEvent<User> =>
  new CustomEvent('logged-in', { detail: user, bubbles: true, composed: true });

export const healthCheckEvent = (): Event => new Event('health-check', { bubbles: true, composed: true });

/**
 * Asks the app shell for a health check from code outside the page's elements (the socket): it clears
 * « Le serveur ne répond pas » as soon as the connection is back instead of at the next poll.
 */
export function requestHealthCheck(): void {
  globalThis.document?.querySelector('at-app')?.dispatchEvent(healthCheckEvent());
}
