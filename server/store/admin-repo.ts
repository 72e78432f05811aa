import type { Db } from './database.js';
import type { Role, User } from './users-repo.js';

export const ROLES: readonly Role[] = ['learner', 'trainer', 'admin'];

/** Account operations for administrators (the admin CLI and the overview); learners never reach them. */
export class AdminRepo {
  constructor(private readonly db: Db) {}

  listUsers(): (User & { createdAt: number })[] {
    return this.db
      .prepare('SELECT id, username, role, created_at AS createdAt FROM users ORDER BY created_at')
      .all() as (User & { createdAt: number })[];
  }

  countByRole(): Record<string, number> {
    const rows = this.db.prepare('SELECT role, COUNT(*) AS n FROM users GROUP BY role').all() as {
      role: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.role, r.n]));
  }

  /** false when no such user. */
  setRole(userId: string, role: Role): boolean {
    return this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, userId).changes === 1;
  }

  /** Sets a new password hash and ends every session of the user; false when no such user. */
  setPasswordHash(userId: string, hash: string): boolean {
    return this.db.transaction(() => {
      const changed = this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, userId);
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
      return changed.changes === 1;
    })();
  }
}
