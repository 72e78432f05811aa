import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import type { CourseRegistry } from './course-registry.js';
import { DEFAULT_MACHINE } from './define-course.js';
import { SCRIPT_COMMAND } from './lab-setup.js';
import { solutionSegments } from './solution-segments.js';

/** How a reference solution ended: `failed` names the machine and the end of its output. */
export type SolutionRun = { ok: true } | { ok: false; machine: string; exitCode: number; tail: string };

const SOLUTION_TIMEOUT_MS = 120_000;

/**
 * Runs an exercise's reference solution in a lab: each part on its machine (`#@machine`), in order, as
 * `bash` with the script on stdin; a failing part stops it there. The authoring test and the catch-up
 * both run solutions this way, so a course whose `npm run test:course` passes catches up the same.
 */
export async function runSolution(
  registry: Pick<CourseRegistry, 'solution' | 'machinesOf'>,
  runtime: SandboxRuntime,
  labId: string,
  courseId: string,
  exerciseId: string,
): Promise<SolutionRun> {
  const solution = registry.solution(courseId, exerciseId) ?? '';
  const first = registry.machinesOf(courseId)?.[0]?.name ?? DEFAULT_MACHINE;
  for (const part of solutionSegments(solution, first)) {
    const run = await runtime.exec(labId, SCRIPT_COMMAND, {
      stdin: part.script,
      timeoutMs: SOLUTION_TIMEOUT_MS,
      machine: part.machine,
    });
    if (run.exitCode === 0) continue;
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-4).join(' | ');
    return { ok: false, machine: part.machine, exitCode: run.exitCode, tail };
  }
  return { ok: true };
}
