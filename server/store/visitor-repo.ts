import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from './database.js';
import type { User } from './users-repo.js';

/**
 * Not a scrypt hash: verifyPassword refuses anything that does not start with `scrypt$`, so no password,
 * however chosen, ever opens a visitor account.
 */
export const VISITOR_HASH = '!visitor';

export interface VisitorLab {
  userId: string;
  labId: string;
}

/**
 * Visitor accounts of workshops: a users row bound to the workshop (`workshop_id`), with a display name
 * and no usable password, and a session that expires with the workshop (end of the window + grace).
 */
export class VisitorRepo {
  constructor(private readonly db: Db) {}

  /**
   * Creates the visitor, their membership (unless the seats are taken) and their session in one
   * transaction; `full` when every seat is taken (nothing is written then).
   */
  create(
    workshopId: string,
    displayName: string,
    seats: number,
    sessionExpiresAt: number,
    now = Date.now(),
  ): { user: User; sessionId: string } | 'full' {
    return this.db
      .transaction(() => {
        if (this.seatsTaken(workshopId) >= seats) return 'full' as const;
        const id = randomUUID();
        const username = `visiteur-${randomBytes(6).toString('hex')}`;
        this.db
          .prepare(
            `INSERT INTO users (id, username, password_hash, role, created_at, display_name, workshop_id)
             VALUES (?, ?, ?, 'learner', ?, ?, ?)`,
          )
          .run(id, username, VISITOR_HASH, now, displayName, workshopId);
        this.db
          .prepare(
            "INSERT INTO class_members (class_id, user_id, role, joined_at) VALUES (?, ?, 'learner', ?)",
          )
          .run(workshopId, id, now);
        const sessionId = this.newSession(id, now, sessionExpiresAt);
        return { user: { id, username, role: 'learner' as const, displayName }, sessionId };
      })
      .immediate();
  }

  /** A session for the user that ends at `expiresAt` (a workshop's end), not after the usual two weeks. */
  newSession(userId: string, now: number, expiresAt: number): string {
    const sessionId = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(sessionId, userId, now, expiresAt);
    return sessionId;
  }

  /** The workshop a user visits; undefined for a real account. */
  workshopOf(userId: string): string | undefined {
    const row = this.db.prepare('SELECT workshop_id AS w FROM users WHERE id = ?').get(userId) as
      { w: string | null } | undefined;
    return row?.w ?? undefined;
  }

  /** Seats taken: the workshop's learner members, visitors and accounts alike. */
  seatsTaken(workshopId: string): number {
    const row = this.db
      .prepare("SELECT COUNT(*) AS n FROM class_members WHERE class_id = ? AND role = 'learner'")
      .get(workshopId) as { n: number };
    return row.n;
  }

  /** The visitors' labs (what the workshop's end removes). */
  labsOfVisitors(workshopId: string): VisitorLab[] {
    return this.db
      .prepare(
        `SELECT l.user_id AS userId, l.id AS labId FROM labs l JOIN users u ON u.id = l.user_id
         WHERE u.workshop_id = ?`,
      )
      .all(workshopId) as VisitorLab[];
  }

  visitorIds(workshopId: string): string[] {
    return this.db
      .prepare('SELECT id FROM users WHERE workshop_id = ?')
      .all(workshopId)
      .map((r) => (r as { id: string }).id);
  }

  /**
   * The counts a workshop keeps: its learners (visitors and accounts) and the exercises they passed by
   * themselves on its courses since it opened.
   */
  counts(workshopId: string, since: number): { visitors: number; passes: number } {
    const passes = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM progress p
         JOIN class_members m ON m.user_id = p.user_id AND m.class_id = ? AND m.role = 'learner'
         WHERE p.completed_at IS NOT NULL AND p.completed_at >= ? AND p.skipped = 0
           AND p.course_id IN (SELECT course_id FROM class_courses WHERE class_id = ?)`,
      )
      .get(workshopId, since, workshopId) as { n: number };
    return { visitors: this.seatsTaken(workshopId), passes: passes.n };
  }

  /** Deletes the visitors (their sessions, progress, memberships and lab rows cascade). */
  deleteVisitors(workshopId: string): number {
    return this.db.prepare('DELETE FROM users WHERE workshop_id = ?').run(workshopId).changes;
  }

  /** Workshops whose window plus grace is over and whose records are not deleted yet. */
  due(now: number): string[] {
    return this.db
      .prepare(
        `SELECT id FROM classes WHERE kind = 'workshop' AND ended_at IS NULL AND closes_at IS NOT NULL
           AND closes_at + COALESCE(grace_min, 0) * 60000 <= ?`,
      )
      .all(now)
      .map((r) => (r as { id: string }).id);
  }
}
