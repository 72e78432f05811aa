// `npm run course:test [courseId...] [--junit FILE]`: for every course (or the named ones), a fresh lab;
// for each exercise in order, its checks must fail before its solution runs and pass after.
// Prints a table; exits 1 on any failure (and on courses refused at load time). `--bench RUNS` then
// times every exercise's checks RUNS times on the solved lab and prints the median and p95.
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../server/config.js';
import { loadCourses } from '../server/courses/course-registry.js';
import { testCourse, type ExerciseTestResult } from '../server/courses/course-tester.js';
import { junitReport } from '../server/courses/junit-report.js';
import { createSandbox } from '../server/sandbox/docker-sandbox.js';

function parseArgs(argv: string[]): { courses: string[]; junit?: string; bench: number } {
  const courses: string[] = [];
  let junit: string | undefined;
  let bench = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--junit') junit = argv[++i];
    else if (a.startsWith('--junit=')) junit = a.slice('--junit='.length);
    else if (a === '--bench') bench = Number(argv[++i]);
    else if (a.startsWith('-'))
      throw new Error(`unknown option ${a} (usage: course:test [courseId...] [--junit FILE] [--bench RUNS])`);
    else courses.push(a);
  }
  if (junit === '') throw new Error('--junit needs a file name');
  if (!Number.isInteger(bench) || bench < 0) throw new Error('--bench needs a number of runs');
  return { courses, junit, bench };
}

function table(rows: ExerciseTestResult[]): string {
  const head = ['course', 'exercise', 'fails before', 'passes after', 'ms', 'result'];
  const body = rows.map((r) => [
    r.courseId,
    r.exerciseId,
    r.failedBefore ? 'yes' : 'NO',
    r.passedAfter ? 'yes' : 'NO',
    String(r.durationMs),
    r.ok ? 'ok' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const problems = rows
    .filter((r) => !r.ok)
    .flatMap((r) => r.problems.map((p) => `  ${r.courseId}/${r.exerciseId}: ${p}`));
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    ...(problems.length ? ['', ...problems] : []),
  ].join('\n');
}

/** Whole-exercise check latency on solved labs: median and p95. */
function latency(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(0);
  return `check latency over ${sorted.length} exercise checks: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const registry = await loadCourses(config.coursesDir, {
    exercisesDir: config.exercisesDir,
    only: args.courses.length ? args.courses : undefined,
  });
  const loadErrors = registry.errors.map((e) => ({
    name: `${e.file}${e.field ? ` (${e.field})` : ''}`,
    message: e.message,
  }));
  for (const e of loadErrors) console.error(`[course-test] refused ${e.name}: ${e.message}`);
  const ids = registry.list('en').map((c) => c.id);
  const missing = args.courses.filter(
    (c) => !ids.includes(c) && !loadErrors.some((e) => e.name.includes(`/${c}/`)),
  );
  for (const c of missing) loadErrors.push({ name: c, message: `no course ${c} in ${config.coursesDir}` });
  // Its own container prefix: a server of this instance never adopts nor reaps the test's labs.
  const { runtime } = createSandbox({ ...config, instance: `${config.instance}-coursetest` });
  const rows: ExerciseTestResult[] = [];
  const timings: number[] = [];
  for (const id of ids) {
    const started = Date.now();
    try {
      const opts = {
        imagePrefix: config.imagePrefix,
        benchRuns: args.bench,
        onTimings: (t: number[]) => timings.push(...t),
      };
      rows.push(...(await testCourse(registry, runtime, id, opts)));
    } catch (err) {
      loadErrors.push({
        name: id,
        message: `lab failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    console.error(`[course-test] ${id} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(table(rows));
  if (timings.length) console.log(`\n${latency(timings)}`);
  if (args.junit) writeFileSync(args.junit, junitReport(rows, loadErrors));
  const failed = rows.filter((r) => !r.ok).length + loadErrors.length;
  console.log(
    `\n${rows.length - rows.filter((r) => !r.ok).length}/${rows.length} exercises ok${loadErrors.length ? `, ${loadErrors.length} course error(s)` : ''}`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[course-test] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
