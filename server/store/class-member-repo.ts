import type { Db } from './database.js';

export type MemberRole = 'trainer' | 'learner';

export interface Member {
  userId: string;
  username: string;
  /** The name the learner gave when joining (falls back to the username). */
  displayName: string;
  role: MemberRole;
  joinedAt: number;
}

export type JoinResult = 'joined' | 'already-member' | 'class-full';

export class ClassMemberRepo {
  constructor(private readonly db: Db) {}

  list(classId: string, role?: MemberRole): Member[] {
    return this.db
      .prepare(
        `SELECT m.user_id AS userId, u.username, COALESCE(u.display_name, u.username) AS displayName,
                m.role, m.joined_at AS joinedAt
         FROM class_members m JOIN users u ON u.id = m.user_id
         WHERE m.class_id = ? AND (? IS NULL OR m.role = ?)
         ORDER BY m.joined_at, u.username`,
      )
      .all(classId, role ?? null, role ?? null) as Member[];
  }

  get(classId: string, userId: string): Member | undefined {
    return this.list(classId).find((m) => m.userId === userId);
  }

  roleIn(classId: string, userId: string): MemberRole | undefined {
    const row = this.db
      .prepare('SELECT role FROM class_members WHERE class_id = ? AND user_id = ?')
      .get(classId, userId) as { role: MemberRole } | undefined;
    return row?.role;
  }

  countLearners(classId: string): number {
    const row = this.db
      .prepare("SELECT COUNT(*) AS n FROM class_members WHERE class_id = ? AND role = 'learner'")
      .get(classId) as { n: number };
    return row.n;
  }

  /** Adds a learner unless the class is at capacity; checked and written in one transaction. */
  addLearner(classId: string, userId: string, capacity: number | null, now = Date.now()): JoinResult {
    return this.db
      .transaction((): JoinResult => {
        if (this.roleIn(classId, userId)) return 'already-member';
        if (capacity !== null && this.countLearners(classId) >= capacity) return 'class-full';
        this.db
          .prepare(
            "INSERT INTO class_members (class_id, user_id, role, joined_at) VALUES (?, ?, 'learner', ?)",
          )
          .run(classId, userId, now);
        return 'joined';
      })
      .immediate();
  }

  addTrainer(classId: string, userId: string, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO class_members (class_id, user_id, role, joined_at) VALUES (?, ?, 'trainer', ?)
         ON CONFLICT (class_id, user_id) DO UPDATE SET role = 'trainer'`,
      )
      .run(classId, userId, now);
  }

  /** Removes a trainer unless they are the class's last one; checked and written in one transaction. */
  removeTrainer(classId: string, userId: string): 'removed' | 'not-a-trainer' | 'last-trainer' {
    return this.db
      .transaction(() => {
        if (this.roleIn(classId, userId) !== 'trainer') return 'not-a-trainer' as const;
        const row = this.db
          .prepare("SELECT COUNT(*) AS n FROM class_members WHERE class_id = ? AND role = 'trainer'")
          .get(classId) as { n: number };
        if (row.n <= 1) return 'last-trainer' as const;
        this.remove(classId, userId);
        return 'removed' as const;
      })
      .immediate();
  }

  remove(classId: string, userId: string): boolean {
    return (
      this.db.prepare('DELETE FROM class_members WHERE class_id = ? AND user_id = ?').run(classId, userId)
        .changes === 1
    );
  }

  /** Ids of the (non-archived) classes in which the user is a learner. */
  classesOfLearner(userId: string): string[] {
    return this.db
      .prepare(
        `SELECT m.class_id AS id FROM class_members m JOIN classes c ON c.id = m.class_id
         WHERE m.user_id = ? AND m.role = 'learner' AND c.archived_at IS NULL`,
      )
      .all(userId)
      .map((r) => (r as { id: string }).id);
  }

  /** Learners who joined a (non-archived) class at or after `since`, with its courses in order (warm pool demand). */
  learnersJoinedSince(since: number): { userId: string; courseIds: string[] }[] {
    const rows = this.db
      .prepare(
        `SELECT m.user_id AS userId, m.class_id AS classId, cc.course_id AS courseId
         FROM class_members m JOIN classes c ON c.id = m.class_id
           JOIN class_courses cc ON cc.class_id = m.class_id
         WHERE m.role = 'learner' AND m.joined_at >= ? AND c.archived_at IS NULL
         ORDER BY m.class_id, m.user_id, cc.position`,
      )
      .all(since) as { userId: string; classId: string; courseId: string }[];
    const joins = new Map<string, { userId: string; courseIds: string[] }>();
    for (const r of rows) {
      const k = `${r.classId}\n${r.userId}`;
      const j = joins.get(k) ?? { userId: r.userId, courseIds: [] };
      joins.set(k, j);
      j.courseIds.push(r.courseId);
    }
    return [...joins.values()];
  }

  /** True when `learnerId` is a learner of a class that `trainerId` teaches. */
  teaches(trainerId: string, learnerId: string): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM class_members t JOIN class_members l ON l.class_id = t.class_id
         WHERE t.user_id = ? AND t.role = 'trainer' AND l.user_id = ? AND l.role = 'learner' LIMIT 1`,
      )
      .get(trainerId, learnerId);
    return row !== undefined;
  }
}
