import type { CheckOutcome, Lang } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import { fallbackLogger } from '../observability/logger.js';
import type { LabRecord } from '../store/labs-repo.js';
import type { LabInfo } from '../sandbox/sandbox-runtime.js';
import { AutoChecker, type AutoCheckStats } from './auto-check.js';
import { KeyedLock } from './keyed-lock.js';
import { LabAdmission, NO_ADMISSION_LIMITS } from './lab-admission.js';
import { LabLifecycle, NO_LIFECYCLE } from './lab-lifecycle.js';
import { imageNotReady } from './lab-images.js';
import { catchUpLab } from './lab-catch-up.js';
import { LabCheckpoints, NO_CHECKPOINTS, restoreLab } from './lab-checkpoints.js';
import { labMachines, machineNamed, startLabContainer } from './lab-start.js';
import {
  toView,
  type CheckpointView,
  type LabServiceDeps,
  type LabStatus,
  type LabView,
} from './lab-types.js';
import {
  adoptLabs,
  reconcileLabs,
  removeOrphans,
  type Adoption,
  type ReconcileReport,
} from './lab-reconcile.js';
import type { LabActions } from './lab-sweeper.js';

export type { CheckpointView, LabNotifier, LabServiceDeps, LabStatus, LabView } from './lab-types.js';

const TOUCH_EVERY_MS = 30_000;
/** Output pokes the auto-check only this long after the learner typed (a `top` alone does not). */
const OUTPUT_POKES_FOR_MS = 60_000;

/** Lab lifecycle for one user at a time; every operation is serialized per lab (no duplicate containers). */
export class LabService implements LabActions {
  private readonly lock = new KeyedLock();
  private readonly lastInput = new Map<string, number>();
  private readonly lastTouch = new Map<string, number>();
  private readonly auto: AutoChecker;
  private readonly admission: LabAdmission;
  /** One check in flight per lab: a second request for the same exercise shares the first's run. */
  private readonly checks = new Map<string, { exerciseId: string; run: Promise<CheckOutcome> }>();
  /** The automatic check in flight per lab (settled, never rejects): a button check waits for it. */
  private readonly autoRuns = new Map<string, Promise<void>>();
  /** Background side: start queue, warm pool, sweeps, disk watchdog. Started by the composition root. */
  readonly lifecycle: LabLifecycle;
  /** Saved when an exercise passes (lab-checkpoints.ts); restored by `restore`. */
  readonly checkpoints: LabCheckpoints;
  /** Labs a catch-up or a restore runs on: a second one is refused (lab-busy), not queued behind it. */
  private readonly exclusive = new Set<string>();

  constructor(private readonly d: LabServiceDeps) {
    const logger = d.logger ?? fallbackLogger;
    this.admission = new LabAdmission(
      d.admission ?? NO_ADMISSION_LIMITS,
      d.labs,
      (courseId) => d.registry.machinesOf(courseId)?.length ?? 1,
    );
    this.auto = new AutoChecker((userId, labId) => this.autoCheck(userId, labId), {
      quietMs: d.autoCheckQuietMs,
      // Deferred while the host is saturated; skipped while the learner's own check runs on the lab.
      busy: () => this.lifecycle.pressure.busy(),
      checking: (labId) => this.checks.has(labId),
      logger,
    });
    this.lifecycle = new LabLifecycle({
      options: d.lifecycle ?? NO_LIFECYCLE,
      runtime: d.runtime,
      registry: d.registry,
      labs: d.labs,
      imagePrefix: d.imagePrefix,
      images: d.images,
      actions: this,
      logger,
      maxLabs: (d.admission ?? NO_ADMISSION_LIMITS).maxLabs,
      recentJoins: d.recentJoins,
    });
    this.checkpoints = new LabCheckpoints({
      runtime: d.runtime,
      labs: d.labs,
      limits: d.checkpoints ?? NO_CHECKPOINTS,
      serialized: (labId, fn) => this.serialized(labId, fn),
      logger,
    });
  }

  /** Learner typed in a terminal: activity (for idle culling, written at most every 30 s) and auto-check. */
  noteInput(userId: string, labId: string, now = Date.now()): void {
    this.lastInput.set(labId, now);
    if (now - (this.lastTouch.get(labId) ?? 0) >= TOUCH_EVERY_MS) {
      this.lastTouch.set(labId, now);
      this.d.labs.touch(labId, now);
    }
    if (this.d.autoCheckQuietMs > 0) this.auto.input(userId, labId);
  }

  /** Terminal output keeps pushing the auto-check back while a command the learner ran is still talking. */
  noteOutput(userId: string, labId: string, now = Date.now()): void {
    if (this.d.autoCheckQuietMs > 0 && now - (this.lastInput.get(labId) ?? 0) < OUTPUT_POKES_FOR_MS)
      this.auto.poke(userId, labId);
  }

  /** What became of automatic checks: run, skipped (no input, a button check running), deferred (busy). */
  autoCheckStats(): AutoCheckStats {
    return this.auto.stats();
  }

  dispose(): void {
    this.auto.dispose();
    this.lifecycle.dispose();
  }

  /** Checks running now (button and auto): a planned shutdown lets them finish and record. */
  private readonly running = new Set<Promise<unknown>>();

  private tracked<T>(run: Promise<T>): Promise<T> {
    this.running.add(run);
    void run.then(
      () => this.running.delete(run),
      () => this.running.delete(run),
    );
    return run;
  }

  /** Resolves when every check in flight has recorded its result, or after `budgetMs`. */
  async settle(budgetMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)));
    await Promise.race([Promise.allSettled([...this.running]), budget]);
    clearTimeout(timer);
  }

  /**
   * Starts (or returns) the user's lab for a course. Idempotent per (user, course). `ip` (the request's
   * address, from the HTTP layer) counts the lab against the per-IP cap.
   */
  async start(userId: string, courseId: string, ip?: string): Promise<LabView> {
    const env = this.d.registry.environmentOf(courseId);
    if (!env) throw new AppError('unknown-course', `Cours inconnu : ${courseId}`, { id: courseId });
    // A lab that has its container keeps it; a new one waits for the image, with no row left behind.
    const owner = this.d.labOwnerFor?.(userId, courseId) ?? userId; // a pair works on its host's lab
    const had = this.d.labs.listByUser(owner).find((l) => l.courseId === courseId);
    if (had?.state !== 'running' && had?.state !== 'stopped') this.assertImage(courseId);
    const rec = this.d.labs.getOrCreate(owner, courseId, `${this.d.imagePrefix}/${env}`);
    return this.serialized(rec.id, () => this.bringUp(rec.id, ip));
  }

  /** The lab if it belongs to the user or to their pair (`mayUseLab`); 404 otherwise (never reveal others' labs). */
  owned(userId: string, labId: string): LabRecord {
    const rec = this.d.labs.get(labId);
    if (!rec || (rec.userId !== userId && !this.d.mayUseLab?.(userId, rec)))
      throw new AppError('unknown-lab', 'Lab introuvable.');
    return rec;
  }

  /** The name of one of the owned lab's machines (the default one when undefined). */
  machineOf(userId: string, labId: string, machine: string | undefined): string {
    const rec = this.owned(userId, labId);
    return machineNamed(this.d.registry.machinesOf(rec.courseId)?.map((m) => m.name) ?? ['lab'], machine);
  }

  list(userId: string): LabView[] {
    // A paired learner sees their pair's lab for its courses, not their own of before.
    const own = this.d.labs.listByUser(userId);
    const mine = own.filter((l) => (this.d.labOwnerFor?.(userId, l.courseId) ?? userId) === userId);
    return mine.concat(this.d.sharedLabs?.(userId) ?? []).map(toView);
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

  /**
   * A fresh machine: the old container goes, progress stays. The learner's pages hear `starting` with
   * reason `reset` first (a trainer's reset too), so they drop the old results and open fresh shells.
   */
  async reset(userId: string, labId: string, ip?: string): Promise<LabView> {
    this.assertImage(this.owned(userId, labId).courseId); // before the old container goes

    return this.serialized(labId, async () => {
      this.d.notifier.status(userId, { labId, state: 'starting', reason: 'reset' });
      await this.d.notifier.labClosing(labId);
      await this.d.runtime.remove(labId);
      this.d.labs.setState(labId, 'creating');
      return this.bringUp(labId, ip);
    });
  }

  async remove(userId: string, labId: string): Promise<void> {
    this.owned(userId, labId);
    await this.serialized(labId, async () => {
      this.auto.cancel(labId);
      await this.d.notifier.labClosing(labId);
      await this.d.runtime.remove(labId);
      await this.checkpoints.dropAll(labId);
      this.d.labs.delete(labId);
      this.admission.forget(labId);
    });
  }

  /**
   * The automatic check: the first exercise the learner has not completed yet. A pass is recorded like
   * a button check; a failure is only shown (it does not count as an attempt). True when it checked.
   */
  private autoCheck(userId: string, labId: string): Promise<boolean> {
    const run = this.tracked(this.runAutoCheck(userId, labId));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.autoRuns.set(labId, settled);
    void settled.then(() => this.autoRuns.get(labId) === settled && this.autoRuns.delete(labId));
    return run;
  }

  private async runAutoCheck(userId: string, labId: string): Promise<boolean> {
    const rec = this.d.labs.get(labId);
    if (!rec || rec.state !== 'running' || (rec.userId !== userId && !this.d.mayUseLab?.(userId, rec)))
      return false;
    const done = this.d.progress.completedIn(userId, rec.courseId);
    const exerciseId = this.d.registry.exerciseIds(rec.courseId).find((e) => !done.has(e));
    if (!exerciseId) return false;
    const outcome = await this.d.registry.runChecks(
      this.d.runtime,
      labId,
      rec.courseId,
      exerciseId,
      this.d.defaultLang,
    );
    if (outcome.passed) {
      this.d.progress.recordAttempt(userId, rec.courseId, exerciseId, true, outcome.checks);
      await this.d.durable?.(); // a pass shown as saved is on disk first
    }
    this.d.notifier.checkResult(userId, { labId, ...outcome, auto: true });
    if (outcome.passed) this.savePass(rec, exerciseId);
    return true;
  }

  /**
   * A button check. While one runs on the lab, the same exercise shares its result (one run, one
   * attempt) and another exercise is refused with check-running. An automatic check in flight is let
   * finish first (one check at a time per lab; it takes ~0.1 s), the learner's own is never refused.
   */
  async check(userId: string, labId: string, exerciseId: string, lang: Lang): Promise<CheckOutcome> {
    const rec = this.owned(userId, labId);
    if (!this.d.registry.has(rec.courseId, exerciseId))
      throw new AppError('unknown-exercise', `Exercice inconnu : ${exerciseId}`, { id: exerciseId });
    const inFlight = this.checks.get(labId);
    if (inFlight?.exerciseId === exerciseId) return inFlight.run;
    if (inFlight) throw new AppError('check-running', 'Une vérification est déjà en cours sur ce lab.');
    const run = this.tracked(this.runCheck(rec, exerciseId, lang).finally(() => this.checks.delete(labId)));
    this.checks.set(labId, { exerciseId, run });
    this.auto.checkStarted(labId);
    return run;
  }

  private async runCheck(rec: LabRecord, exerciseId: string, lang: Lang): Promise<CheckOutcome> {
    const { id: labId, userId } = rec;
    await this.ensureRunning(userId, labId);
    await this.autoRuns.get(labId);
    const outcome = await this.d.registry.runChecks(this.d.runtime, labId, rec.courseId, exerciseId, lang);
    // Only the first pass saves a checkpoint: a « Vérifier » pressed again must not copy the lab again.
    const firstPass = outcome.passed && !this.d.progress.completedIn(userId, rec.courseId).has(exerciseId);
    this.d.progress.recordAttempt(userId, rec.courseId, exerciseId, outcome.passed, outcome.checks);
    this.d.labs.touch(labId);
    await this.d.durable?.(); // the attempt shown is on disk before the result and the HTTP answer
    this.d.notifier.checkResult(userId, { labId, ...outcome });
    if (firstPass) this.savePass(rec, exerciseId);
    return outcome;
  }

  /**
   * Brings the user's lab of a course to « start of exercise `exerciseId` » (lab-catch-up.ts): a fresh
   * machine where the course setup and the solutions of the exercises before it ran. A user with no lab
   * for the course gets one. `byLearner`: the learner asks for themselves, which a class of theirs must
   * allow (403 catch-up-not-allowed); a trainer's request (checked by the caller) always may.
   */
  async catchUp(
    userId: string,
    courseId: string,
    exerciseId: string,
    o: { byLearner: boolean; ip?: string },
  ): Promise<LabView> {
    const env = this.d.registry.environmentOf(courseId);
    if (!env) throw new AppError('unknown-course', `Cours inconnu : ${courseId}`, { id: courseId });
    this.assertExercise(courseId, exerciseId);
    if (o.byLearner && !this.d.learnerMayCatchUp?.(userId, courseId))
      throw new AppError(
        'catch-up-not-allowed',
        'Le rattrapage n’est pas ouvert aux apprenants de votre classe : demandez à votre formateur.',
      );
    this.assertImage(courseId); // before the old machine goes
    const owner = this.d.labOwnerFor?.(userId, courseId) ?? userId;
    const rec = this.d.labs.getOrCreate(owner, courseId, `${this.d.imagePrefix}/${env}`);
    return this.exclusively(rec.id, () =>
      this.serialized(rec.id, async () => {
        const labId = rec.id;
        this.auto.cancel(labId);
        await catchUpLab(
          {
            registry: this.d.registry,
            runtime: this.d.runtime,
            progress: this.d.progress,
            durable: this.d.durable,
            notify: (p) => this.d.notifier.status(userId, { labId, ...p }),
            freshMachine: async () => {
              await this.d.notifier.labClosing(labId);
              await this.d.runtime.remove(labId);
              this.d.labs.setState(labId, 'creating');
              await this.bringUp(labId, o.ip, { reason: 'catch-up', quiet: true });
            },
          },
          rec,
          exerciseId,
        );
        this.d.labs.touch(labId);
        return toView(this.d.labs.get(labId) ?? rec);
      }),
    );
  }

  /**
   * The owned lab's machines as they were when `exerciseId` passed (its checkpoint); progress unchanged.
   * The pages hear `starting` with reason `restore` (shells reopen as after a reset), then `running`.
   * 404 unknown-checkpoint when there is none (the lab is left as it was).
   */
  async restore(userId: string, labId: string, exerciseId: string): Promise<LabView> {
    const rec = this.owned(userId, labId);
    this.assertExercise(rec.courseId, exerciseId);
    return this.exclusively(labId, () =>
      this.serialized(labId, async () => {
        const machines = labMachines(this.d.registry, this.d.imagePrefix, rec.courseId);
        this.auto.cancel(labId);
        await restoreLab(
          {
            runtime: this.d.runtime,
            spec: { labId, userId: rec.userId, courseId: rec.courseId, image: rec.image, machines },
            notify: (p) => this.d.notifier.status(userId, { labId, ...p }),
            closeShells: () => this.d.notifier.labClosing(labId),
            admit: () => this.admission.admit(labId, rec.userId, undefined, rec.courseId),
            setState: (state) => this.d.labs.setState(labId, state),
          },
          exerciseId,
        );
        this.d.labs.touch(labId);
        return { id: labId, courseId: rec.courseId, state: 'running' };
      }),
    );
  }

  /** The lab's checkpoints, in the course's exercise order. */
  checkpointsOf(labId: string): Promise<CheckpointView[]> {
    const rec = this.d.labs.get(labId);
    return rec
      ? this.checkpoints.list(labId, this.d.registry.exerciseIds(rec.courseId))
      : Promise.resolve([]);
  }

  /** May the learner catch up by themselves on this course (a class of theirs allows it)? */
  learnerMayCatchUp(userId: string, courseId: string): boolean {
    return this.d.learnerMayCatchUp?.(userId, courseId) ?? false;
  }

  /** Boot, after the reconcile: checkpoints of labs that no longer have a row go. */
  sweepCheckpoints(): Promise<number> {
    return this.checkpoints.sweep();
  }

  /** Boot-time reconciliation (lab-reconcile.ts): adopt, remove orphans and half-done starts, mark missing. */
  reconcile(): Promise<ReconcileReport> {
    return reconcileLabs(this.d.labs, this.d.runtime);
  }

  /** The same in two steps: what a restart waits for before serving, then the cleanup that can follow. */
  adopt(listed?: LabInfo[]): Promise<Adoption> {
    return adoptLabs(this.d.labs, this.d.runtime, listed);
  }

  removeOrphans(orphans: string[]): Promise<number> {
    return removeOrphans(this.d.runtime, orphans);
  }

  park(labId: string, reason: string, message: string, due: (r: LabRecord) => boolean): Promise<boolean> {
    return this.serialized(labId, async () => {
      const rec = this.d.labs.get(labId);
      if (rec?.state !== 'running' || !due(rec)) return false;
      this.auto.cancel(labId);
      this.d.notifier.status(rec.userId, { labId, state: 'stopped', reason, message });
      await this.d.notifier.labClosing(labId);
      await this.d.runtime.stop(labId);
      this.d.labs.setState(labId, 'stopped');
      return true;
    });
  }

  expire(labId: string, reason: string, message: string, due: (r: LabRecord) => boolean): Promise<boolean> {
    return this.serialized(labId, async () => {
      const rec = this.d.labs.get(labId);
      if (!rec || !due(rec)) return false;
      this.auto.cancel(labId);
      this.d.notifier.status(rec.userId, { labId, state: 'removed', reason, message });
      await this.d.notifier.labClosing(labId);
      await this.d.runtime.remove(labId);
      await this.checkpoints.dropAll(labId);
      this.d.labs.delete(labId);
      this.admission.forget(labId);
      return true;
    });
  }

  dropOrphan(labId: string): Promise<boolean> {
    return this.serialized(labId, async () => {
      if (this.d.labs.get(labId)) return false;
      this.auto.cancel(labId);
      await this.d.notifier.labClosing(labId);
      await this.d.runtime.remove(labId);
      await this.checkpoints.dropAll(labId);
      return true;
    });
  }

  /**
   * Runs under the lab's lock and reads the row there: a concurrent caller may have brought it up already.
   * `reason` rides on its `queued`/`starting` statuses (a catch-up's); `quiet`: no `running` at the end
   * (the caller has more to do first and announces it).
   */
  private async bringUp(
    labId: string,
    ip?: string,
    o: { reason?: string; quiet?: boolean } = {},
  ): Promise<LabView> {
    const rec = this.d.labs.get(labId);
    if (!rec) throw new AppError('unknown-lab', 'Lab introuvable.');
    const release = this.admission.admit(rec.id, rec.userId, ip, rec.courseId);
    // A new container (first start, vanished, or a failed earlier attempt) needs the course setup.
    const fresh = rec.state !== 'running' && rec.state !== 'stopped';
    const notify = (p: Omit<LabStatus, 'labId'>) =>
      this.d.notifier.status(rec.userId, { labId: rec.id, ...p });
    const announce = (p: Omit<LabStatus, 'labId'>) => notify(o.reason ? { reason: o.reason, ...p } : p);
    try {
      const machinesOf = (courseId: string) => labMachines(this.d.registry, this.d.imagePrefix, courseId);
      await startLabContainer({ ...this.d, lifecycle: this.lifecycle, machinesOf }, rec, fresh, announce);
    } catch (err) {
      this.d.labs.setState(rec.id, 'error');
      const reason = (err as { reason?: unknown }).reason;
      notify({
        state: 'error',
        message: (err as Error).message,
        ...(typeof reason === 'string' && { reason }),
      });
      throw err;
    } finally {
      release();
    }
    this.d.labs.setState(rec.id, 'running');
    this.d.labs.touch(rec.id);
    if (!o.quiet) notify({ state: 'running' });
    return { id: rec.id, courseId: rec.courseId, state: 'running' };
  }

  /**
   * The learner's own first pass: its checkpoint, in the background. Callers pass only first passes (an
   * exercise a catch-up solved is completed already, so its later pass is not one).
   */
  private savePass(rec: LabRecord, exerciseId: string): void {
    if (this.checkpoints.enabled) this.checkpoints.afterPass(rec.id, exerciseId);
  }

  private assertExercise(courseId: string, exerciseId: string): void {
    if (!this.d.registry.has(courseId, exerciseId))
      throw new AppError('unknown-exercise', `Exercice inconnu : ${exerciseId}`, { id: exerciseId });
  }

  /** One catch-up or restore at a time per lab: another one is refused with lab-busy. */
  private async exclusively<T>(labId: string, fn: () => Promise<T>): Promise<T> {
    if (this.exclusive.has(labId))
      throw new AppError('lab-busy', 'Un rattrapage ou une restauration est déjà en cours sur ce lab.');
    this.exclusive.add(labId);
    try {
      return await fn();
    } finally {
      this.exclusive.delete(labId);
    }
  }

  private assertImage(courseId: string): void {
    const err = this.d.images && imageNotReady(this.d.images.status(courseId));
    if (err) throw err;
  }

  private serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(key, fn);
  }
}
