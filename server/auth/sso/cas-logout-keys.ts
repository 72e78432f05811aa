// CAS single logout: the service ticket that opened a session, so the CAS server's back-channel
// `logoutRequest` (SessionIndex = that ticket) can end it. Stored hashed; gone with the session.
import { createHash } from 'node:crypto';
import type { Db } from '../../store/database.js';

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

export class CasLogoutKeys {
  constructor(private readonly db: Db) {}

  remember(providerId: string, ticket: string, sessionId: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO sso_logout_keys (provider_id, key_hash, session_id) VALUES (?, ?, ?)')
      .run(providerId, hash(ticket), sessionId);
  }

  /** The session the ticket opened, forgotten now (a logout request serves once). */
  take(providerId: string, ticket: string): string | undefined {
    const row = this.db
      .prepare('DELETE FROM sso_logout_keys WHERE provider_id = ? AND key_hash = ? RETURNING session_id')
      .get(providerId, hash(ticket)) as { session_id: string } | undefined;
    return row?.session_id;
  }
}
