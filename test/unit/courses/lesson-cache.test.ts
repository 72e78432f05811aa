import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../../server/courses/course-registry.js';
import { LessonCache } from '../../../server/courses/lesson-cache.js';
import { renderMarkdown, type RenderOptions } from '../../../server/courses/markdown.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('LessonCache: rendered lessons kept between starts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atelier-lessons-'));
  const file = path.join(dir, 'lesson-cache.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const opts: RenderOptions = { lang: 'fr', assetUrl: (p) => `/api/courses/c/assets/${p}` };
  const source = '# Titre\n\n![x](images/a.png)';

  it('keeps a rendering in its file for the next start', () => {
    const a = new LessonCache(file);
    expect(a.lookup(source, opts)).toBeUndefined();
    const html = renderMarkdown(source, opts);
    a.store(source, opts, html);
    a.save();
    const b = new LessonCache(file);
    expect(b.lookup(source, opts)).toEqual(html);
    expect(b.lookup(source, opts)?.images).toEqual(['images/a.png']);
    expect(b.lookup(source, opts, true)).toBeUndefined(); // a hint is another rendering
  });

  it('misses on an edited lesson, another language or another asset URL; drops what a load did not use', () => {
    const cache = new LessonCache(file);
    expect(cache.lookup('# Titre modifié', opts)).toBeUndefined();
    expect(cache.lookup(source, { ...opts, lang: 'en' })).toBeUndefined();
    expect(cache.lookup(source, { ...opts, assetUrl: (p) => `/elsewhere/${p}` })).toBeUndefined();
    cache.store('# Titre modifié', opts, renderMarkdown('# Titre modifié', opts));
    cache.save();
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries)).toHaveLength(
      1,
    );
  });

  it('a second load of the same courses finds every lesson and hint, with the same output', async () => {
    const cacheFile = path.join(dir, 'courses.json');
    const load = () =>
      loadCourses(path.join(fixtures, 'courses'), {
        exercisesDir: path.join(fixtures, 'exercises'),
        lessonCacheFile: cacheFile,
      });
    const first = await load();
    const kept = JSON.parse(readFileSync(cacheFile, 'utf8')) as object;
    const second = await load();
    expect(second.get('good', 'fr')).toEqual(first.get('good', 'fr'));
    expect(second.get('good', 'en')?.exercises[0]?.hintsHtml.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toEqual(kept);
  });
});
