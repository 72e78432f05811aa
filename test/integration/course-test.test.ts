// The authoring test for every shipped course: on a fresh lab, each exercise's checks fail before its
// solution runs and pass after it (the same runner as `npm run course:test`).
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { loadCourses } from '../../server/courses/course-registry.js';
import { testCourse } from '../../server/courses/course-tester.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';

const config = loadConfig();
const registry = await loadCourses(config.coursesDir, { exercisesDir: config.exercisesDir });
const { runtime } = createSandbox({ ...config, instance: `${config.instance}-it-coursetest` });

describe('shipped courses (course:test)', () => {
  afterAll(async () => {
    // testCourse removes its lab; this catches one left by a crash mid-way.
    for (const lab of await runtime.list()) await runtime.remove(lab.labId);
  });

  it('all load', () => {
    expect(registry.errors).toEqual([]);
    expect(registry.list('fr').length).toBeGreaterThanOrEqual(5);
  });

  for (const course of registry.list('en')) {
    it(
      `${course.id}: every exercise fails before its solution and passes after`,
      { timeout: 300_000 },
      async () => {
        const rows = await testCourse(registry, runtime, course.id, { imagePrefix: config.imagePrefix });
        expect(rows.filter((r) => !r.ok).map((r) => `${r.exerciseId}: ${r.problems.join('; ')}`)).toEqual([]);
        expect(rows.map((r) => r.exerciseId)).toEqual(registry.exerciseIds(course.id));
      },
    );
  }
});
