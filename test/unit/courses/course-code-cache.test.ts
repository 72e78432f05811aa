import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CourseCodeCache, importCourseModule } from '../../../server/courses/course-module.js';

const dir = mkdtempSync(path.join(tmpdir(), 'atelier-code-'));
const cacheFile = path.join(dir, 'course-code-cache.json');
const course = path.join(dir, 'course.ts');
const helper = path.join(dir, 'titles.ts');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (title: string) => {
  writeFileSync(helper, `export const title: string = ${JSON.stringify(title)};\n`);
  writeFileSync(course, `import { title } from './titles';\nexport default { title } as const;\n`);
};
const load = async () => {
  const cache = new CourseCodeCache(cacheFile);
  const exported = (await importCourseModule(course, cache)) as { title: string };
  cache.save();
  return exported.title;
};
type Saved = { entries: Record<string, { inputs: Record<string, string>; code: string }> };
const saved = () => JSON.parse(readFileSync(cacheFile, 'utf8')) as Saved;

describe('CourseCodeCache: compiled course modules kept between starts', () => {
  it('keeps the compilation with a hash of every file it read', async () => {
    write('Premier');
    expect(await load()).toBe('Premier');
    expect(Object.keys(saved().entries[course]!.inputs).sort()).toEqual([course, helper].sort());
  });

  it('reuses the kept code while no input changed (no compilation)', async () => {
    // Proof of reuse: code edited in the cache file, sources untouched, is what runs.
    const kept = saved();
    kept.entries[course]!.code = kept.entries[course]!.code.replace('Premier', 'Depuis le cache');
    writeFileSync(cacheFile, JSON.stringify(kept));
    expect(await load()).toBe('Depuis le cache');
  });

  it('compiles again when an imported file changes, and when the course itself changes', async () => {
    write('Deuxième');
    expect(await load()).toBe('Deuxième');
    writeFileSync(course, `export default { title: 'Troisième' };\n`);
    expect(await load()).toBe('Troisième');
    expect(Object.keys(saved().entries[course]!.inputs)).toEqual([course]);
  });

  it('a syntax error is reported with its line and nothing is kept for it', async () => {
    writeFileSync(course, `export default {\n  title: 'x',,\n};\n`);
    await expect(load()).rejects.toThrow(/line 2/);
    writeFileSync(course, `export default { title: 'Réparé' };\n`);
    expect(await load()).toBe('Réparé');
  });

  it('an unreadable cache file only means compiling', async () => {
    writeFileSync(cacheFile, '{ not json');
    expect(await load()).toBe('Réparé');
    expect(saved().entries[course]).toBeDefined();
  });
});
