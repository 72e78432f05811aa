import type { Db } from './database.js';
import type { Role, User } from './users-repo.js';

export interface Account extends User {
  displayName: string | null;
  createdAt: number;
  labs: number;
}

const SELECT = `SELECT u.id, u.username, u.role, u.display_name AS displayName, u.created_at AS createdAt,
  (SELECT COUNT(*) FROM labs l WHERE l.user_id = u.id) AS labs FROM users u`;

/** Accounts as the admin page and the join flow see them (display names, counts). */
export class AccountRepo {
  constructor(private readonly db: Db) {}

  /** Accounts, without workshop visitors (they are no accounts to manage, and go with their workshop). */
  list(): Account[] {
    return this.db.prepare(`${SELECT} WHERE u.workshop_id IS NULL ORDER BY u.created_at`).all() as Account[];
  }

  get(id: string): Account | undefined {
    return this.db.prepare(`${SELECT} WHERE u.id = ?`).get(id) as Account | undefined;
  }

  setDisplayName(userId: string, displayName: string | null): void {
    this.db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run(displayName, userId);
  }

  countAdmins(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n;
  }

  /** Changes a role unless it would leave the instance without an administrator; false then. */
  setRole(userId: string, role: Role): boolean {
    return this.db
      .transaction(() => {
        const current = this.get(userId);
        if (!current) return false;
        if (current.role === 'admin' && role !== 'admin' && this.countAdmins() <= 1) return false;
        this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, userId);
        return true;
      })
      .immediate();
  }
}
