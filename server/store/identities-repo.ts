import type { Db } from './database.js';

/** An account's link to a single sign-on provider: (provider, subject) names one person at that provider. */
export interface IdentityRecord {
  providerId: string;
  subject: string;
  userId: string;
  email: string | null;
  createdAt: number;
  lastLoginAt: number;
}

/** As the admin page lists them: with the account's names. */
export interface IdentityView extends IdentityRecord {
  username: string;
  displayName: string | null;
}

const COLUMNS = `provider_id AS providerId, subject, user_id AS userId, email, created_at AS createdAt,
  last_login_at AS lastLoginAt`;

export class IdentitiesRepo {
  constructor(private readonly db: Db) {}

  find(providerId: string, subject: string): IdentityRecord | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM user_identities WHERE provider_id = ? AND subject = ?`)
      .get(providerId, subject) as IdentityRecord | undefined;
  }

  add(providerId: string, subject: string, userId: string, email: string | null, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO user_identities (provider_id, subject, user_id, email, created_at, last_login_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(providerId, subject, userId, email, now, now);
  }

  touch(providerId: string, subject: string, email: string | null, now = Date.now()): void {
    this.db
      .prepare(
        'UPDATE user_identities SET last_login_at = ?, email = ? WHERE provider_id = ? AND subject = ?',
      )
      .run(now, email, providerId, subject);
  }

  /** Moves an identity to another account; false when there is no such identity. */
  move(providerId: string, subject: string, userId: string): boolean {
    return (
      this.db
        .prepare('UPDATE user_identities SET user_id = ? WHERE provider_id = ? AND subject = ?')
        .run(userId, providerId, subject).changes === 1
    );
  }

  remove(providerId: string, subject: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM user_identities WHERE provider_id = ? AND subject = ?')
        .run(providerId, subject).changes === 1
    );
  }

  list(): IdentityView[] {
    return this.db
      .prepare(
        `SELECT i.provider_id AS providerId, i.subject, i.user_id AS userId, i.email, i.created_at AS createdAt,
           i.last_login_at AS lastLoginAt, u.username, u.display_name AS displayName
         FROM user_identities i JOIN users u ON u.id = i.user_id ORDER BY i.last_login_at DESC`,
      )
      .all() as IdentityView[];
  }
}
