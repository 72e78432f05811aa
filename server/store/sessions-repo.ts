import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export class SessionsRepo {
  constructor(private readonly db: Db) {}

  /**
   * A new opaque session id (256 bits); the cookie carries only this id. `providerId`: the single sign-on
   * provider the session came from (its logout is offered at ours).
   */
  create(userId: string, now = Date.now(), providerId?: string): string {
    const id = randomBytes(32).toString('base64url');
    this.db
      .prepare(
        'INSERT INTO sessions (id, user_id, created_at, expires_at, provider_id) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, userId, now, now + SESSION_TTL_MS, providerId ?? null);
    return id;
  }

  providerOf(sessionId: string): string | undefined {
    const row = this.db.prepare('SELECT provider_id FROM sessions WHERE id = ?').get(sessionId) as
      { provider_id: string | null } | undefined;
    return row?.provider_id ?? undefined;
  }

  /** The user id of a live session, or undefined (unknown or expired). */
  userIdOf(sessionId: string, now = Date.now()): string | undefined {
    const row = this.db
      .prepare('SELECT user_id FROM sessions WHERE id = ? AND expires_at > ?')
      .get(sessionId, now) as { user_id: string } | undefined;
    return row?.user_id;
  }

  delete(sessionId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
  }

  purgeExpired(now = Date.now()): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }
}
