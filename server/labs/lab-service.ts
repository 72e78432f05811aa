import type { CheckOutcome, CourseRegistry, Lang } from '../courses/course-registry.js';
import { HttpError } from '../http/http-error.js';
import type { LabInfo, SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecord, LabsRepo } from '../store/labs-repo.js';
import type { ProgressRepo } from '../store/progress-repo.js';
import { AutoChecker } from './auto-check.js';

const TOUCH_EVERY_MS = 30_000;
/** Output pokes the auto-check only this long after the learner typed (a `top` alone does not). */
const OUTPUT_POKES_FOR_MS = 60_000;

export interface LabView {
  id: string;
  courseId: string;
  state: string;
}

/** What the lab service tells the realtime layer; it never talks to sockets itself. */
export interface LabNotifier {
  status(userId: string, p: { labId: string; state: string; message?: string }): void;
  checkResult(userId: string, p: CheckOutcome & { labId: string; auto?: boolean }): void;
  /** The lab's container is going away (reset/delete): close its terminals. */
  labClosing(labId: string): Promise<void>;
}

export interface LabServiceDeps {
  defaultLang: Lang;
  /** Quiet time before an automatic check; 0 disables auto-checks. */
  autoCheckQuietMs: number;
  labs: LabsRepo;
  progress: ProgressRepo;
  runtime: SandboxRuntime;
  registry: CourseRegistry;
  imagePrefix: string;
  notifier: LabNotifier;
}

export const toView = (r: LabRecord): LabView => ({ id: r.id, courseId: r.courseId, state: r.state });

/** Lab lifecycle for one user at a time; every operation is serialized per lab (no duplicate containers). */
export class LabService {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly lastInput = new Map<string, number>();
  private readonly lastTouch = new Map<string, number>();
  private readonly auto: AutoChecker;

  constructor(private readonly d: LabServiceDeps) {
    this.auto = new AutoChecker((userId, labId) => this.autoCheck(userId, labId), d.autoCheckQuietMs);
  }

  /** Learner typed in a terminal: activity (for idle culling, written at most every 30 s) and auto-check. */
  noteInput(userId: string, labId: string, now = Date.now()): void {
    this.lastInput.set(labId, now);
    if (now - (this.lastTouch.get(labId) ?? 0) >= TOUCH_EVERY_MS) {
      this.lastTouch.set(labId, now);
      this.d.labs.touch(labId, now);
    }
    if (this.d.autoCheckQuietMs > 0) this.auto.poke(userId, labId);
  }

  /** Terminal output keeps pushing the auto-check back while a command the learner ran is still talking. */
  noteOutput(userId: string, labId: string, now = Date.now()): void {
    if (this.d.autoCheckQuietMs > 0 && now - (this.lastInput.get(labId) ?? 0) < OUTPUT_POKES_FOR_MS)
      this.auto.poke(userId, labId);
  }

  dispose(): void {
    this.auto.dispose();
  }

  /** Starts (or returns) the user's lab for a course. Idempotent per (user, course). */
  async start(userId: string, courseId: string): Promise<LabView> {
    const env = this.d.registry.environmentOf(courseId);
    if (!env) throw new HttpError(404, 'unknown-course', `Cours inconnu : ${courseId}`);
    const rec = this.d.labs.getOrCreate(userId, courseId, `${this.d.imagePrefix}/${env}`);
    return this.serialized(rec.id, () => this.bringUp(rec.id));
  }

  /** The lab if it belongs to the user; 404 otherwise (never reveal other users' labs). */
  owned(userId: string, labId: string): LabRecord {
    const rec = this.d.labs.get(labId);
    if (!rec || rec.userId !== userId) throw new HttpError(404, 'unknown-lab', 'Lab introuvable.');
    return rec;
  }

  list(userId: string): LabView[] {
    return this.d.labs.listByUser(userId).map(toView);
  }

  /** Makes sure the owned lab runs (restarting a stopped container with its files) and returns it. */
  async ensureRunning(userId: string, labId: string): Promise<LabRecord> {
    const rec = this.owned(userId, labId);
    if (rec.state === 'running') {
      const info = await this.d.runtime.poll(labId);
      if (info.state === 'running') return rec;
    }
    await this.serialized(labId, () => this.bringUp(labId));
    return this.owned(userId, labId);
  }

  /** A fresh machine: the old container goes, progress stays. */
  async reset(userId: string, labId: string): Promise<LabView> {
    this.owned(userId, labId);
    return this.serialized(labId, async () => {
      await this.d.notifier.labClosing(labId);
      await this.d.runtime.remove(labId);
      this.d.labs.setState(labId, 'creating');
      return this.bringUp(labId);
    });
  }

  async remove(userId: string, labId: string): Promise<void> {
    this.owned(userId, labId);
    await this.serialized(labId, async () => {
      this.auto.cancel(labId);
      await this.d.notifier.labClosing(labId);
      await this.d.runtime.remove(labId);
      this.d.labs.delete(labId);
    });
  }

  /**
   * The automatic check: the first exercise the learner has not completed yet. A pass is recorded like
   * a button check; a failure is only shown (it does not count as an attempt).
   */
  private async autoCheck(userId: string, labId: string): Promise<void> {
    const rec = this.d.labs.get(labId);
    if (!rec || rec.userId !== userId || rec.state !== 'running') return;
    const done = new Set(
      this.d.progress
        .listByUser(userId)
        .filter((p) => p.courseId === rec.courseId && p.completedAt)
        .map((p) => p.exerciseId),
    );
    const exerciseId = this.d.registry.exerciseIds(rec.courseId).find((e) => !done.has(e));
    if (!exerciseId) return;
    const outcome = await this.d.registry.runChecks(
      this.d.runtime,
      labId,
      rec.courseId,
      exerciseId,
      this.d.defaultLang,
    );
    if (outcome.passed) this.d.progress.recordAttempt(userId, rec.courseId, exerciseId, true, outcome.checks);
    this.d.notifier.checkResult(userId, { labId, ...outcome, auto: true });
  }

  async check(userId: string, labId: string, exerciseId: string, lang: Lang): Promise<CheckOutcome> {
    const rec = this.owned(userId, labId);
    if (!this.d.registry.has(rec.courseId, exerciseId))
      throw new HttpError(404, 'unknown-exercise', `Exercice inconnu : ${exerciseId}`);
    await this.ensureRunning(userId, labId);
    const outcome = await this.d.registry.runChecks(this.d.runtime, labId, rec.courseId, exerciseId, lang);
    this.d.progress.recordAttempt(userId, rec.courseId, exerciseId, outcome.passed, outcome.checks);
    this.d.labs.touch(labId);
    this.d.notifier.checkResult(userId, { labId, ...outcome });
    return outcome;
  }

  /**
   * Boot-time reconciliation: containers without a database row are orphans and go; rows whose
   * container vanished are marked missing (recreated on next start); running ones are adopted as they are.
   */
  async reconcile(): Promise<{ adopted: number; orphansRemoved: number; missing: number }> {
    const known = new Map(this.d.labs.listAll().map((r) => [r.id, r]));
    const live = new Map<string, LabInfo>();
    let orphansRemoved = 0;
    for (const info of await this.d.runtime.list()) {
      if (known.has(info.labId)) {
        live.set(info.labId, info);
        // Shells of the previous server process have no socket any more: hang them up.
        if (info.state === 'running') await this.d.runtime.hangUpTerminals(info.labId).catch(() => undefined);
      } else {
        await this.d.runtime.remove(info.labId);
        orphansRemoved++;
      }
    }
    let missing = 0;
    for (const rec of known.values()) {
      const state = live.get(rec.id)?.state ?? 'missing';
      if (state === 'missing') missing++;
      this.d.labs.setState(rec.id, state);
    }
    return { adopted: live.size, orphansRemoved, missing };
  }

  /** Runs under the lab's lock and reads the row there: a concurrent caller may have brought it up already. */
  private async bringUp(labId: string): Promise<LabView> {
    const rec = this.d.labs.get(labId);
    if (!rec) throw new HttpError(404, 'unknown-lab', 'Lab introuvable.');
    // A new container (first start, vanished, or a failed earlier attempt) needs the course setup.
    const fresh = rec.state !== 'running' && rec.state !== 'stopped';
    this.d.notifier.status(rec.userId, { labId: rec.id, state: 'starting' });
    try {
      await this.d.runtime.ensureLab({
        labId: rec.id,
        userId: rec.userId,
        courseId: rec.courseId,
        image: rec.image,
      });
      if (fresh) await this.d.registry.setupLab(this.d.runtime, rec.id, rec.courseId);
    } catch (err) {
      this.d.labs.setState(rec.id, 'error');
      this.d.notifier.status(rec.userId, { labId: rec.id, state: 'error', message: (err as Error).message });
      throw err;
    }
    this.d.labs.setState(rec.id, 'running');
    this.d.labs.touch(rec.id);
    this.d.notifier.status(rec.userId, { labId: rec.id, state: 'running' });
    return { id: rec.id, courseId: rec.courseId, state: 'running' };
  }

  private serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return next;
  }
}
