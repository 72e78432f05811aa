import type { Db } from './database.js';

/** An LMS course (a platform's context) and the class made for it at its first launch. */
export interface LtiContext {
  platformId: string;
  contextId: string;
  classId: string;
  title: string | null;
  /** The roster service (NRPS) of this context, from the latest launch that offered it. */
  membershipsUrl: string | null;
}

/** Where a learner's results go: one AGS line item, for one course or one exercise of it. */
export interface LtiGradeLink {
  userId: string;
  platformId: string;
  lineitemUrl: string;
  /** The learner's `sub` at the platform (the score's userId). */
  subject: string;
  classId: string | null;
  courseId: string;
  /** null: the line item grades the whole course. */
  exerciseId: string | null;
}

const CONTEXT = `platform_id AS platformId, context_id AS contextId, class_id AS classId, title,
  memberships_url AS membershipsUrl`;
const LINK = `user_id AS userId, platform_id AS platformId, lineitem_url AS lineitemUrl, subject,
  class_id AS classId, course_id AS courseId, exercise_id AS exerciseId`;

export class LtiContextRepo {
  constructor(private readonly db: Db) {}

  get(platformId: string, contextId: string): LtiContext | undefined {
    return this.db
      .prepare(`SELECT ${CONTEXT} FROM lti_contexts WHERE platform_id = ? AND context_id = ?`)
      .get(platformId, contextId) as LtiContext | undefined;
  }

  byClass(classId: string): LtiContext | undefined {
    return this.db.prepare(`SELECT ${CONTEXT} FROM lti_contexts WHERE class_id = ?`).get(classId) as
      LtiContext | undefined;
  }

  add(c: LtiContext): void {
    this.db
      .prepare(
        `INSERT INTO lti_contexts (platform_id, context_id, class_id, title, memberships_url) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(c.platformId, c.contextId, c.classId, c.title, c.membershipsUrl);
  }

  setMembershipsUrl(platformId: string, contextId: string, url: string): void {
    this.db
      .prepare('UPDATE lti_contexts SET memberships_url = ? WHERE platform_id = ? AND context_id = ?')
      .run(url, platformId, contextId);
  }

  saveGradeLink(l: LtiGradeLink, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO lti_grade_links (user_id, platform_id, lineitem_url, subject, class_id, course_id, exercise_id,
           updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, lineitem_url) DO UPDATE SET subject = excluded.subject, class_id = excluded.class_id,
           course_id = excluded.course_id, exercise_id = excluded.exercise_id, updated_at = excluded.updated_at`,
      )
      .run(l.userId, l.platformId, l.lineitemUrl, l.subject, l.classId, l.courseId, l.exerciseId, now);
  }

  /** The line items a pass in this course may feed. */
  gradeLinks(userId: string, courseId: string): LtiGradeLink[] {
    return this.db
      .prepare(`SELECT ${LINK} FROM lti_grade_links WHERE user_id = ? AND course_id = ?`)
      .all(userId, courseId) as LtiGradeLink[];
  }
}
