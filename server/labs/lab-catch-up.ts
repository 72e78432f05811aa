import type { CourseRegistry } from '../courses/course-registry.js';
import { runSolution } from '../courses/solution-run.js';
import { AppError } from '../errors/app-error.js';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { LabRecord } from '../store/labs-repo.js';
import type { ProgressRepo } from '../store/progress-repo.js';
import type { LabStatus } from './lab-types.js';

export interface CatchUpSteps {
  registry: Pick<CourseRegistry, 'exerciseIds' | 'solution' | 'machinesOf'>;
  runtime: SandboxRuntime;
  progress: Pick<ProgressRepo, 'recordSkipped'>;
  /** Tells the learner's pages (`lab:status`); the lab id is added by the caller. */
  notify(p: Omit<LabStatus, 'labId'>): void;
  /**
   * The reset's steps: the old machine goes (its shells close), a fresh one comes up with the course setup
   * (a warm-pool claim when one is ready); it announces its phases but not `running`.
   */
  freshMachine(): Promise<void>;
  /** Makes the progress written so far survive a power loss. */
  durable?: () => Promise<void>;
}

/**
 * Brings a lab to « start of exercise `exerciseId` » (called under the lab's lock): a fresh machine, then
 * the reference solutions of the exercises before it, in order. Each exercise solved this way that the
 * learner had not passed becomes completed with `skipped`, so the automatic check moves on to
 * `exerciseId`. A solution that fails stops it there (catch-up-failed, naming that exercise); the lab is
 * left running as it is. The pages hear `starting` with reason `catch-up` (phase `solving` while the
 * solutions run) and then `running`, as after a reset.
 */
export async function catchUpLab(s: CatchUpSteps, rec: LabRecord, exerciseId: string): Promise<void> {
  const ids = s.registry.exerciseIds(rec.courseId);
  const before = ids.slice(0, Math.max(0, ids.indexOf(exerciseId)));
  s.notify({ state: 'starting', reason: 'catch-up' });
  await s.freshMachine();
  try {
    if (before.length) s.notify({ state: 'starting', reason: 'catch-up', phase: 'solving' });
    for (const id of before) {
      const run = await runSolution(s.registry, s.runtime, rec.id, rec.courseId, id);
      if (!run.ok)
        throw new AppError(
          'catch-up-failed',
          `Le rattrapage s’est arrêté à l’exercice « ${id} » : sa solution a échoué (sortie ${run.exitCode} sur ${run.machine}).`,
          { exercise: id, machine: run.machine },
        );
      s.progress.recordSkipped(rec.userId, rec.courseId, [id]);
    }
  } finally {
    await s.durable?.();
    s.notify({ state: 'running' });
  }
}
