import { describe, expect, it } from 'vitest';
import type { ExerciseTestResult } from '../../../server/courses/course-tester.js';
import { junitReport } from '../../../server/courses/junit-report.js';

const row = (exerciseId: string, ok: boolean, problems: string[] = []): ExerciseTestResult => ({
  courseId: 'nginx',
  exerciseId,
  failedBefore: true,
  passedAfter: ok,
  ok,
  problems,
  durationMs: 1500,
});

describe('junitReport', () => {
  it('writes a suite per course and a failure per broken exercise, escaped', () => {
    const xml = junitReport(
      [row('installer', true), row('vhost', false, ['after solution, nginx-t: <"bad"> & co'])],
      [{ name: 'courses/x/course.ts (image)', message: 'unknown image "web"' }],
    );
    expect(xml).toContain('<testsuite name="nginx" tests="2" failures="1" time="3.000">');
    expect(xml).toContain('<testcase classname="nginx" name="installer" time="1.500"></testcase>');
    expect(xml).toContain('<failure message="after solution, nginx-t: &lt;&quot;bad&quot;&gt; &amp; co">');
    expect(xml).toContain('<error message="unknown image &quot;web&quot;"/>');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });
});
