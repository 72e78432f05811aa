// `npm run course:import` end to end: a fixture Killercoda scenario imported into a temporary courses folder
// (exercises/ beside it: the real environments), loaded by the loader and passed by the course tester (the
// code of `npm run course:test`) on a real Docker lab. The fixture's {{exec}} blocks are its full solution,
// so the generated solution skeletons solve it as they are.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { loadCourses } from '../../server/courses/course-registry.js';
import { testCourse } from '../../server/courses/course-tester.js';
import { importKillercoda } from '../../server/courses/import/killercoda.js';
import { writeCourseFolder } from '../../server/courses/import/write-course.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const config = loadConfig();
const { runtime } = createSandbox({ ...config, instance: `${config.instance}-it-courseimport` });
const root = mkdtempSync(path.join(os.tmpdir(), 'course-import-'));
const coursesDir = path.join(root, 'courses');
const exercisesDir = path.join(root, 'exercises');
mkdirSync(coursesDir);
symlinkSync(path.resolve(config.exercisesDir), exercisesDir);

describe('course:import → course:test', () => {
  afterAll(async () => {
    for (const lab of await runtime.list()) await runtime.remove(lab.labId);
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'an imported scenario loads and passes the authoring test on a real lab',
    { timeout: 300_000 },
    async () => {
      const result = await importKillercoda(
        path.join(REPO, 'test/unit/courses/fixtures/killercoda/notes-a'),
        {
          id: 'notes-importees',
          exercisesDir,
          formatFrom: path.join(REPO, 'courses', 'course.ts'),
        },
      );
      const dir = path.join(coursesDir, result.courseId);
      writeCourseFolder(dir, result.files);

      const registry = await loadCourses(coursesDir, { exercisesDir });
      expect(registry.errors).toEqual([]);
      expect(registry.exerciseIds('notes-importees')).toEqual([
        'create-the-notes-folder',
        'write-a-note',
        'a-user-for-the-notes',
      ]);

      const rows = await testCourse(registry, runtime, 'notes-importees', {
        imagePrefix: config.imagePrefix,
      });
      expect(rows.filter((r) => !r.ok).map((r) => `${r.exerciseId}: ${r.problems.join('; ')}`)).toEqual([]);
      expect(rows).toHaveLength(3);
    },
  );
});
