import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';

export type Role = 'learner' | 'trainer' | 'admin';
export interface User {
  id: string;
  username: string;
  role: Role;
  /** Shown instead of the username where people see it (the header); read with the session's user. */
  displayName?: string | null;
}
interface UserRow extends User {
  password_hash: string;
}

export class UsersRepo {
  constructor(private readonly db: Db) {}

  /** Returns undefined when the username is taken (case-insensitive). */
  create(username: string, passwordHash: string, role: Role = 'learner'): User | undefined {
    const id = randomUUID();
    const res = this.db
      .prepare(
        'INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(id, username, passwordHash, role, Date.now());
    return res.changes === 1 ? { id, username, role } : undefined;
  }

  findByUsername(username: string): (User & { passwordHash: string }) | undefined {
    const row = this.db
      .prepare(
        'SELECT id, username, role, display_name AS displayName, password_hash FROM users WHERE username = ?',
      )
      .get(username) as UserRow | undefined;
    return (
      row && {
        id: row.id,
        username: row.username,
        role: row.role,
        displayName: row.displayName,
        passwordHash: row.password_hash,
      }
    );
  }

  findById(id: string): User | undefined {
    return this.db
      .prepare('SELECT id, username, role, display_name AS displayName FROM users WHERE id = ?')
      .get(id) as User | undefined;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
  }
}
