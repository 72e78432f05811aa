import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCourses, type CourseRegistry } from '../../../server/courses/course-registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');

describe('loadCourses', () => {
  let registry: CourseRegistry;
  beforeAll(async () => {
    registry = await loadCourses(path.join(fixtures, 'courses'), {
      exercisesDir: path.join(fixtures, 'exercises'),
    });
  });
  const errorsOf = (folder: string) => registry.errors.filter((e) => e.file.includes(`courses/${folder}/`));

  it('loads the good courses, ordered by `order`, and refuses the bad ones without throwing', () => {
    expect(registry.list('fr').map((c) => c.id)).toEqual(['another', 'good']);
    expect(registry.has('good')).toBe(true);
    expect(registry.has('good', 'un')).toBe(true);
    expect(registry.has('good', 'deux')).toBe(false);
    expect(registry.has('bad-check')).toBe(false);
  });

  it('names the file and the field of a missing lesson', () => {
    expect(errorsOf('missing-lesson')).toEqual([
      expect.objectContaining({ file: 'courses/missing-lesson/lessons/un.en.md', field: 'exercises[0].id' }),
    ]);
  });

  it('refuses an unknown image', () => {
    const [e] = errorsOf('unknown-image');
    expect(e).toMatchObject({ file: 'courses/unknown-image/course.ts', field: 'image' });
    expect(e?.message).toContain('unknown image "nope"');
  });

  it('refuses a bad check with the path of the field', () => {
    expect(errorsOf('bad-check')).toEqual([
      expect.objectContaining({ file: 'courses/bad-check/course.ts', field: 'exercises[0].checks[0].mode' }),
    ]);
  });

  it('refuses duplicate exercise ids and an id that is not the folder name', () => {
    expect(errorsOf('dup-exercise')[0]).toMatchObject({ field: 'exercises[1].id' });
    expect(errorsOf('dup-exercise')[0]?.message).toContain('duplicate exercise id "un"');
    expect(errorsOf('wrong-id')[0]).toMatchObject({ field: 'id' });
  });

  it('reports a module that throws while loading', () => {
    expect(errorsOf('throws')[0]?.message).toContain('boom at load time');
  });

  it('reports a syntax error in course.ts with its line (compiled without a TypeScript loader)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atelier-typo-'));
    mkdirSync(path.join(dir, 'typo'));
    // A typo an author makes: a missing closing brace, in a folder outside the project.
    const source =
      "import { defineCourse } from '../../server/courses/authoring.js';\nexport default defineCourse({\n  id: 'typo',\n  title: { fr: 'x', en: 'x' ,\n});\n";
    writeFileSync(path.join(dir, 'typo', 'course.ts'), source);
    const r = await loadCourses(dir, { exercisesDir: path.join(fixtures, 'exercises') });
    rmSync(dir, { recursive: true, force: true });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.file).toMatch(/typo\/course\.ts$/);
    expect(r.errors[0]?.message).toMatch(/^cannot load the module: .+ \(line 5\)$/);
  });

  it('checks lesson images: missing files and refused references', () => {
    const messages = errorsOf('bad-image-ref').map((e) => e.message);
    expect(messages.some((m) => m.includes('"images/missing.png" not found'))).toBe(true);
    expect(messages.some((m) => m.includes('"../course.ts" refused'))).toBe(true);
  });

  it('gives localized details with sanitized lessons, hints and asset URLs', () => {
    const fr = registry.get('good', 'fr');
    expect(fr?.title).toBe('Cours FR');
    expect(registry.get('good', 'en')?.title).toBe('Course EN');
    expect(fr?.image).toBe('base');
    const ex = fr?.exercises[0];
    expect(ex?.lessonHtml).toContain('<img src="/api/courses/good/assets/images/a.png"');
    expect(ex?.lessonHtml).toContain('data-run');
    expect(ex?.hints).toEqual(['Utilisez `ls`']);
    expect(ex?.hintsHtml).toEqual(['Utilisez <code>ls</code>']);
    expect(registry.environmentOf('good')).toBe('base');
    expect(registry.exerciseIds('good')).toEqual(['un']);
    expect(registry.solution('good', 'un')).toContain('echo y');
  });

  it('serves assets only from lessons/images, never by traversal', () => {
    expect(registry.assetPath('good', 'images/a.png')).toBe(
      path.join(fixtures, 'courses/good/lessons/images/a.png'),
    );
    for (const bad of [
      '../course.ts',
      'images/../../course.ts',
      'images/%2e%2e/%2e%2e/course.ts',
      '/etc/passwd',
      'images/a.png\0',
      'images\\a.png',
      'images/missing.png',
      'un.fr.md',
      '../solutions/un.sh',
    ]) {
      expect(registry.assetPath('good', bad), bad).toBeUndefined();
    }
    expect(registry.assetPath('nope', 'images/a.png')).toBeUndefined();
  });

  it('reports an unreadable courses folder instead of throwing', async () => {
    const r = await loadCourses(path.join(fixtures, 'no-such-folder'));
    expect(r.list('fr')).toEqual([]);
    expect(r.errors[0]?.message).toContain('cannot read the courses folder');
  });
});

describe('the shipped courses', () => {
  it('all load without errors', async () => {
    const r = await loadCourses(path.join(here, '../../../courses'));
    expect(r.errors).toEqual([]);
    expect(r.list('fr').length).toBeGreaterThanOrEqual(1);
  });
});
