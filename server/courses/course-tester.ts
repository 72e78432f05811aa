import { randomBytes } from 'node:crypto';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import { labMachines } from '../labs/lab-start.js';
import type { CourseRegistry } from './course-registry.js';
import { runSolution } from './solution-run.js';

/** One row of the authoring test: an exercise must fail before its solution and pass after it. */
export interface ExerciseTestResult {
  courseId: string;
  exerciseId: string;
  /** The checks failed before the solution ran (the exercise is not already solved). */
  failedBefore: boolean;
  /** Every check passed after the solution ran. */
  passedAfter: boolean;
  ok: boolean;
  /** What went wrong, for the table and the JUnit report. */
  problems: string[];
  durationMs: number;
}

export interface CourseTestOptions {
  /** Image prefix: labs run `<imagePrefix>/<course image>`. */
  imagePrefix: string;
  log?: (line: string) => void;
  /** After the run, time every exercise's checks this many times on the solved lab (latency bench). */
  benchRuns?: number;
  onTimings?: (durationsMs: number[]) => void;
}

/**
 * Starts a fresh lab for a course, applies its setup, then for each exercise in order: checks must
 * fail, the solution runs (`bash` with the script on stdin), checks must pass. The lab is removed after.
 */
export async function testCourse(
  registry: CourseRegistry,
  runtime: SandboxRuntime,
  courseId: string,
  opts: CourseTestOptions,
): Promise<ExerciseTestResult[]> {
  const env = registry.environmentOf(courseId);
  if (!env) throw new Error(`unknown course ${courseId}`);
  const labId = `coursetest-${courseId}-${randomBytes(4).toString('hex')}`;
  const results: ExerciseTestResult[] = [];
  // As a learner's lab gets them (capabilities included), so a solution runs under the same profile.
  const machines = labMachines(registry, opts.imagePrefix, courseId);
  await runtime.ensureLab({
    labId,
    userId: 'course-test',
    courseId,
    image: `${opts.imagePrefix}/${env}`,
    machines,
  });
  try {
    await registry.setupLab(runtime, labId, courseId);
    for (const exerciseId of registry.exerciseIds(courseId)) {
      opts.log?.(`${courseId}/${exerciseId}`);
      results.push(await testExercise(registry, runtime, labId, courseId, exerciseId));
    }
    if (opts.benchRuns)
      opts.onTimings?.(await timeChecks(registry, runtime, labId, courseId, opts.benchRuns));
  } finally {
    await runtime.remove(labId);
  }
  return results;
}

async function testExercise(
  registry: CourseRegistry,
  runtime: SandboxRuntime,
  labId: string,
  courseId: string,
  exerciseId: string,
): Promise<ExerciseTestResult> {
  const started = performance.now();
  const problems: string[] = [];
  const before = await registry.runChecks(runtime, labId, courseId, exerciseId, 'en');
  const failedBefore = !before.passed;
  if (!failedBefore) problems.push('checks already pass before the solution ran');
  // Each part on its machine, in order; a failing part stops the solution there.
  const run = await runSolution(registry, runtime, labId, courseId, exerciseId);
  if (!run.ok) problems.push(`solution (on ${run.machine}) exited ${run.exitCode}: ${run.tail}`);
  const solved = run.ok;
  const after = await registry.runChecks(runtime, labId, courseId, exerciseId, 'en');
  for (const c of after.checks.filter((x) => !x.passed))
    problems.push(`after solution, ${c.id}: ${c.detail ?? c.message}`);
  const passedAfter = after.passed;
  return {
    courseId,
    exerciseId,
    failedBefore,
    passedAfter,
    ok: failedBefore && passedAfter && solved,
    problems,
    durationMs: Math.round(performance.now() - started),
  };
}

async function timeChecks(
  registry: CourseRegistry,
  runtime: SandboxRuntime,
  labId: string,
  courseId: string,
  runs: number,
): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const exerciseId of registry.exerciseIds(courseId)) {
      const started = performance.now();
      await registry.runChecks(runtime, labId, courseId, exerciseId, 'fr');
      durations.push(performance.now() - started);
    }
  }
  return durations;
}
