import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

/** A class (a formation week): its courses in order, its join code, and whether it takes new learners. */
export interface ClassRecord {
  id: string;
  name: string;
  joinCode: string;
  joiningOpen: boolean;
  /** Calendar dates, `YYYY-MM-DD`. */
  startsOn: string | null;
  endsOn: string | null;
  capacity: number | null;
  archivedAt: number | null;
  createdBy: string | null;
  createdAt: number;
  courseIds: string[];
  /** IANA time zone; null: the platform's default (config `timeZone`). */
  timeZone: string | null;
  /** Learners may catch up to an exercise themselves. */
  learnerCatchUp: boolean;
  /** `workshop`: visitors without accounts, a time window, seats (`capacity`); records deleted at its end. */
  kind: ClassKind;
  /** Workshops: the window (ms UTC) and the grace (minutes) after it before labs and visitors go. */
  opensAt: number | null;
  closesAt: number | null;
  graceMin: number | null;
  /** Learners may pair themselves with a short code (trainers always may pair them). */
  learnerPairing: boolean;
  /** Workshops: when its labs and visitor records were deleted; the counts kept then. */
  endedAt: number | null;
  visitorsTotal: number | null;
  passesTotal: number | null;
}

export type ClassKind = 'class' | 'workshop';

export interface NewClass {
  name: string;
  courseIds: string[];
  startsOn?: string | null;
  endsOn?: string | null;
  capacity?: number | null;
  /** IANA zone, canonical (zoned-time.ts); null or absent: the platform's default. */
  timeZone?: string | null;
  learnerCatchUp?: boolean;
  kind?: ClassKind;
  opensAt?: number | null;
  closesAt?: number | null;
  graceMin?: number | null;
  learnerPairing?: boolean;
}

export type ClassPatch = Partial<Omit<NewClass, 'courseIds' | 'kind'>> & {
  courseIds?: string[];
  joiningOpen?: boolean;
  archived?: boolean;
};

interface Row extends Omit<ClassRecord, 'joiningOpen' | 'courseIds' | 'learnerCatchUp' | 'learnerPairing'> {
  joiningOpen: number;
  learnerCatchUp: number;
  learnerPairing: number;
}

const COLUMNS = `id, name, join_code AS joinCode, joining_open AS joiningOpen, starts_on AS startsOn,
  ends_on AS endsOn, capacity, archived_at AS archivedAt, created_by AS createdBy, created_at AS createdAt,
  time_zone AS timeZone, learner_catch_up AS learnerCatchUp, kind, opens_at AS opensAt, closes_at AS closesAt,
  grace_min AS graceMin, learner_pairing AS learnerPairing, ended_at AS endedAt, visitors_total AS visitorsTotal,
  passes_total AS passesTotal`;

export class ClassRepo {
  constructor(private readonly db: Db) {}

  /** Inserts the class and its creator as its trainer; undefined when the join code is taken. */
  create(input: NewClass, joinCode: string, creatorId: string, now = Date.now()): ClassRecord | undefined {
    const id = randomBytes(8).toString('hex');
    return this.db.transaction(() => {
      const res = this.db
        .prepare(
          `INSERT INTO classes (id, name, join_code, starts_on, ends_on, capacity, created_by, created_at,
             time_zone, learner_catch_up, kind, opens_at, closes_at, grace_min, learner_pairing)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (join_code) DO NOTHING`,
        )
        .run(
          id,
          input.name,
          joinCode,
          input.startsOn ?? null,
          input.endsOn ?? null,
          input.capacity ?? null,
          creatorId,
          now,
          input.timeZone ?? null,
          input.learnerCatchUp ? 1 : 0,
          input.kind ?? 'class',
          input.opensAt ?? null,
          input.closesAt ?? null,
          input.graceMin ?? null,
          input.learnerPairing ? 1 : 0,
        );
      if (res.changes !== 1) return undefined;
      this.setCourses(id, input.courseIds);
      this.db
        .prepare("INSERT INTO class_members (class_id, user_id, role, joined_at) VALUES (?, ?, 'trainer', ?)")
        .run(id, creatorId, now);
      return this.get(id);
    })();
  }

  get(id: string): ClassRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM classes WHERE id = ?`).get(id) as Row | undefined;
    return row && this.withCourses(row);
  }

  byCode(joinCode: string): ClassRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM classes WHERE join_code = ?`).get(joinCode) as
      Row | undefined;
    return row && this.withCourses(row);
  }

  /** Every class (admins), or the classes a user teaches, or the ones a user learns in; newest first. */
  list(filter: { userId?: string; role?: 'trainer' | 'learner' } = {}): ClassRecord[] {
    const rows = (
      filter.userId
        ? this.db
            .prepare(
              `SELECT ${COLUMNS} FROM classes WHERE id IN
                 (SELECT class_id FROM class_members WHERE user_id = ? AND role = ?)
               ORDER BY created_at DESC`,
            )
            .all(filter.userId, filter.role ?? 'trainer')
        : this.db.prepare(`SELECT ${COLUMNS} FROM classes ORDER BY created_at DESC`).all()
    ) as Row[];
    return rows.map((r) => this.withCourses(r));
  }

  update(id: string, patch: ClassPatch, now = Date.now()): void {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    const set = (column: string, value: string | number | null) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.startsOn !== undefined) set('starts_on', patch.startsOn);
    if (patch.endsOn !== undefined) set('ends_on', patch.endsOn);
    if (patch.capacity !== undefined) set('capacity', patch.capacity);
    if (patch.joiningOpen !== undefined) set('joining_open', patch.joiningOpen ? 1 : 0);
    if (patch.timeZone !== undefined) set('time_zone', patch.timeZone);
    if (patch.learnerCatchUp !== undefined) set('learner_catch_up', patch.learnerCatchUp ? 1 : 0);
    if (patch.learnerPairing !== undefined) set('learner_pairing', patch.learnerPairing ? 1 : 0);
    if (patch.opensAt !== undefined) set('opens_at', patch.opensAt);
    if (patch.closesAt !== undefined) set('closes_at', patch.closesAt);
    if (patch.graceMin !== undefined) set('grace_min', patch.graceMin);
    if (patch.archived !== undefined) {
      set('archived_at', patch.archived ? now : null);
      if (patch.archived) set('joining_open', 0);
    }
    this.db.transaction(() => {
      if (sets.length)
        this.db.prepare(`UPDATE classes SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      if (patch.courseIds) this.setCourses(id, patch.courseIds);
    })();
  }

  /** false when the code is taken by another class. */
  setCode(id: string, joinCode: string): boolean {
    try {
      return this.db.prepare('UPDATE classes SET join_code = ? WHERE id = ?').run(joinCode, id).changes === 1;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw err;
    }
  }

  /** A workshop's end: its records are gone, these counts stay. */
  markEnded(id: string, counts: { visitors: number; passes: number }, now = Date.now()): void {
    this.db
      .prepare(
        'UPDATE classes SET ended_at = ?, visitors_total = ?, passes_total = ?, joining_open = 0 WHERE id = ?',
      )
      .run(now, counts.visitors, counts.passes, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM classes WHERE id = ?').run(id);
  }

  private setCourses(id: string, courseIds: string[]): void {
    this.db.prepare('DELETE FROM class_courses WHERE class_id = ?').run(id);
    const insert = this.db.prepare(
      'INSERT INTO class_courses (class_id, course_id, position) VALUES (?, ?, ?)',
    );
    courseIds.forEach((c, i) => insert.run(id, c, i));
  }

  private withCourses(row: Row): ClassRecord {
    const courseIds = this.db
      .prepare('SELECT course_id AS c FROM class_courses WHERE class_id = ? ORDER BY position')
      .all(row.id)
      .map((r) => (r as { c: string }).c);
    return {
      ...row,
      joiningOpen: row.joiningOpen === 1,
      learnerCatchUp: row.learnerCatchUp === 1,
      learnerPairing: row.learnerPairing === 1,
      courseIds,
    };
  }
}
