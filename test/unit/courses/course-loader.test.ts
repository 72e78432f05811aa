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
    expect(registry.list('fr').map((c) => c.id)).toEqual(['another', 'good', 'pages', 'imported']);
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

  it('renders the introduction and finish pages like lessons, in each language', () => {
    const fr = registry.get('pages', 'fr');
    const en = registry.get('pages', 'en');
    expect(fr?.introHtml).toContain('Bienvenue');
    expect(fr?.introHtml).toContain('<img src="/api/courses/pages/assets/images/a.png"');
    expect(fr?.introHtml).toContain('data-run');
    expect(fr?.introHtml).toContain('Copier');
    expect(en?.introHtml).toContain('Welcome');
    expect(en?.introHtml).toContain('Copy');
    expect(fr?.finishHtml).toContain('Vous avez fini.');
    expect(en?.finishHtml).toContain('You are done.');
    expect(fr?.exercises.map((e) => e.id)).toEqual(['un', 'deux']);
    // A course without them has neither field; nothing says untranslated.
    expect(registry.get('good', 'fr')).not.toHaveProperty('introHtml');
    expect(registry.get('good', 'fr')).not.toHaveProperty('finishHtml');
    expect(fr).not.toHaveProperty('untranslated');
    expect(registry.list('fr').find((c) => c.id === 'pages')).not.toHaveProperty('untranslated');
  });

  it('refuses an introduction or finish page in one language only, naming the missing file', () => {
    expect(errorsOf('half-pages')).toEqual([
      expect.objectContaining({ file: 'courses/half-pages/lessons/intro.en.md', field: 'intro' }),
      expect.objectContaining({ file: 'courses/half-pages/lessons/finish.fr.md', field: 'finish' }),
    ]);
    expect(errorsOf('half-pages')[0]?.message).toMatch(/^missing intro\.en\.md: .* in fr only/);
    expect(registry.has('half-pages')).toBe(false);
  });

  it('checks the images of the introduction and finish pages like a lesson’s', () => {
    const errors = errorsOf('bad-page-image');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ file: 'courses/bad-page-image/lessons/intro.fr.md', field: 'intro' });
    expect(errors[0]?.message).toContain('"images/absente.png" not found');
  });

  it('an untranslated imported course shows the English lesson where the French is missing', () => {
    const fr = registry.get('imported', 'fr');
    const en = registry.get('imported', 'en');
    expect(fr?.untranslated).toBe(true);
    expect(en).not.toHaveProperty('untranslated');
    expect(registry.list('fr').find((c) => c.id === 'imported')?.untranslated).toBe(true);
    expect(registry.list('en').find((c) => c.id === 'imported')).not.toHaveProperty('untranslated');
    // step1 and the intro exist in English only: French shows them, with French code buttons.
    expect(fr?.exercises[0]?.lessonHtml).toContain('Create <code>/root/a</code>');
    expect(fr?.introHtml).toContain('This scenario teaches cron.');
    expect(en?.introHtml).toContain('This scenario teaches cron.');
    // step2 is translated: its French is used.
    expect(fr?.exercises[1]?.lessonHtml).toContain('Créez');
    expect(en?.exercises[1]?.lessonHtml).toContain('Create <code>/root/b</code>');
    expect(fr).not.toHaveProperty('finishHtml');
  });

  it('an untranslated course still needs every English lesson', () => {
    expect(errorsOf('imported-no-en')).toEqual([
      expect.objectContaining({
        file: 'courses/imported-no-en/lessons/step1.en.md',
        field: 'exercises[0].id',
        message: 'missing lesson for exercise "step1"',
      }),
    ]);
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
