// The live registry over the platform's courses and course sources' (server/courses/live-registry.ts): one
// catalogue in course order, each course served by its part, a source's version swapped in one step, and a
// course id never served twice.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses, type CourseRegistry } from '../../../server/courses/course-registry.js';
import { BUILT_IN, LiveRegistry } from '../../../server/courses/live-registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const exercisesDir = path.join(fixtures, 'exercises');
const root = mkdtempSync(path.join(tmpdir(), 'atelier-live-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A source's courses: the fixture library's course under another id and title. */
async function library(name: string, id: string, title: string): Promise<CourseRegistry> {
  const dir = path.join(root, name, id);
  cpSync(path.resolve(here, '../../fixtures/course-library/lib-notes'), dir, { recursive: true });
  const yaml = path.join(dir, 'course.yaml');
  writeFileSync(
    yaml,
    readFileSync(yaml, 'utf8')
      .replace('id: lib-notes', `id: ${id}\norder: 0`)
      .replace('fr: Une note', `fr: ${title}`),
  );
  return loadCourses(path.join(root, name), { exercisesDir, modules: false });
}

describe('LiveRegistry', () => {
  let builtIn: CourseRegistry;
  beforeAll(async () => {
    builtIn = await loadCourses(path.join(fixtures, 'courses'), { exercisesDir });
  });

  it('serves the platform’s courses and each source’s, in catalogue order', async () => {
    const live = new LiveRegistry(builtIn);
    expect(live.list('fr')).toEqual(builtIn.list('fr'));
    expect(live.errors).toEqual(builtIn.errors);
    live.replace('src-a', await library('a1', 'notes', 'Version 1'));
    expect(live.list('fr')[0]).toMatchObject({ id: 'notes', title: 'Version 1' });
    expect(live.has('notes', 'note')).toBe(true);
    expect(live.get('good', 'fr')?.id).toBe('good');
    expect(live.partOf('notes')).toBe('src-a');
    expect(live.partOf('good')).toBe(BUILT_IN);
    expect(live.coursesOf('src-a')).toEqual(['notes']);
    expect(live.solution('notes', 'note')).toContain('bonjour');
    expect(live.exerciseIds('nope')).toEqual([]);
    await expect(live.runChecks({} as never, 'lab', 'nope', 'x', 'fr')).rejects.toThrow(/unknown course/);
  });

  it('swaps a source’s version in one step, and removes it', async () => {
    const live = new LiveRegistry(builtIn);
    live.replace('src-a', await library('a2', 'notes', 'Version 1'));
    const before = live.list('fr');
    live.replace('src-a', await library('a3', 'notes', 'Version 2'));
    expect(before[0]?.title).toBe('Version 1'); // a list already handed out is not changed under its reader
    expect(live.get('notes', 'fr')?.title).toBe('Version 2');
    live.replace('src-a', undefined);
    expect(live.has('notes')).toBe(false);
    expect(live.list('fr')).toEqual(builtIn.list('fr'));
  });

  it('never serves an id twice: the platform’s and the first source’s win, the others are named', async () => {
    const live = new LiveRegistry(builtIn);
    const taken = await library('b', 'good', 'Imposteur');
    expect(live.conflicts('src-b', taken)).toEqual([{ courseId: 'good', servedBy: BUILT_IN }]);
    live.replace('src-a', await library('c', 'notes', 'A'));
    const twin = await library('d', 'notes', 'B');
    expect(live.conflicts('src-d', twin)).toEqual([{ courseId: 'notes', servedBy: 'src-a' }]);
    expect(live.conflicts('src-a', twin)).toEqual([]); // its own course: an update, not a conflict
    live.replace('src-d', twin);
    expect(live.get('notes', 'fr')?.title).toBe('A');
    expect(live.errors.at(-1)).toMatchObject({
      field: 'id',
      message: expect.stringContaining('source src-a'),
    });
  });
});
