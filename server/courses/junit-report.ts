import type { ExerciseTestResult } from './course-tester.js';

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one testsuite per course, one testcase per exercise. */
export function junitReport(
  results: ExerciseTestResult[],
  errors: { name: string; message: string }[] = [],
): string {
  const byCourse = new Map<string, ExerciseTestResult[]>();
  for (const r of results) byCourse.set(r.courseId, [...(byCourse.get(r.courseId) ?? []), r]);
  const suites = [...byCourse].map(([course, rows]) => {
    const failures = rows.filter((r) => !r.ok).length;
    const time = rows.reduce((s, r) => s + r.durationMs, 0) / 1000;
    const cases = rows.map((r) => {
      const body = r.ok
        ? ''
        : `\n      <failure message="${xml(r.problems[0] ?? 'failed')}">${xml(r.problems.join('\n'))}</failure>\n    `;
      return `    <testcase classname="${xml(course)}" name="${xml(r.exerciseId)}" time="${(r.durationMs / 1000).toFixed(3)}">${body}</testcase>`;
    });
    return `  <testsuite name="${xml(course)}" tests="${rows.length}" failures="${failures}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const errorSuite = errors.length
    ? [
        `  <testsuite name="course-loading" tests="${errors.length}" errors="${errors.length}">\n${errors
          .map((e) => `    <testcase name="${xml(e.name)}"><error message="${xml(e.message)}"/></testcase>`)
          .join('\n')}\n  </testsuite>`,
      ]
    : [];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${[...suites, ...errorSuite].join('\n')}\n</testsuites>\n`;
}
