import type { Logger } from 'pino';
import type { ClassRepo } from '../store/class-repo.js';
import type { Db } from '../store/database.js';
import type { VisitorRepo } from '../store/visitor-repo.js';

export interface WorkshopEndDeps {
  db: Db;
  classes: ClassRepo;
  visitors: VisitorRepo;
  /** Removes a lab and its containers (LabService.remove). */
  removeLab(userId: string, labId: string): Promise<void>;
  /** The visitors are gone: their pages are disconnected, the trainers' grid loses their rows. */
  onVisitorsGone(classId: string, userIds: string[]): void;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/**
 * A workshop's end, once its window plus grace is over: every visitor lab is removed (containers
 * included), the visitor accounts are deleted (sessions, progress, memberships cascade), and only the
 * counts stay on the workshop. Accounts that joined keep their records. Idempotent: a workshop whose end
 * was cut short (a restart) is finished at the next run; one already ended is left alone.
 */
export class WorkshopEnd {
  constructor(private readonly d: WorkshopEndDeps) {}

  /** Ends every workshop due at `now`; the ids it ended. */
  async endDue(now = Date.now()): Promise<string[]> {
    const ended: string[] = [];
    for (const id of this.d.visitors.due(now)) if (await this.end(id, now)) ended.push(id);
    return ended;
  }

  async end(classId: string, now = Date.now()): Promise<boolean> {
    const c = this.d.classes.get(classId);
    if (!c || c.kind !== 'workshop' || c.endedAt !== null) return false;
    // Counted before anything goes, so a run cut short and done again counts the same.
    const counts = this.d.visitors.counts(classId, c.opensAt ?? c.createdAt);
    for (const lab of this.d.visitors.labsOfVisitors(classId)) {
      try {
        await this.d.removeLab(lab.userId, lab.labId);
      } catch (err) {
        // Its row goes with the visitor; the boot's orphan sweep removes a container left behind.
        this.d.logger.warn({ err, labId: lab.labId, classId }, 'removing a workshop lab failed');
      }
    }
    const gone = this.d.visitors.visitorIds(classId);
    this.d.db.transaction(() => {
      this.d.visitors.deleteVisitors(classId);
      this.d.classes.markEnded(classId, counts, now);
    })();
    this.d.onVisitorsGone(classId, gone);
    this.d.logger.info({ classId, ...counts }, 'workshop ended: visitor labs and records deleted');
    return true;
  }
}
