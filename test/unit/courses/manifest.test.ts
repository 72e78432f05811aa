import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourses } from '../../../server/courses/course-registry.js';
import { importCourseModule } from '../../../server/courses/course-module.js';
import { courseSchema } from '../../../server/courses/define-course.js';
import { writeManifest } from '../../../server/courses/manifest.js';
import { importKillercoda } from '../../../server/courses/import/killercoda.js';
import { inFormat } from '../../../server/courses/import/manifest-format.js';
import { writeCourseFolder } from '../../../server/courses/import/write-course.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const exercisesDir = path.join(fixtures, 'exercises');
const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A courses folder holding a copy of the `good` fixture, its course.ts replaced by `files`. */
function library(files: Record<string, string>, keepTs = false): string {
  const root = mkdtempSync(path.join(tmpdir(), 'atelier-manifest-'));
  temps.push(root);
  const dir = path.join(root, 'courses', 'good');
  cpSync(path.join(fixtures, 'courses', 'good'), dir, { recursive: true });
  if (!keepTs) rmSync(path.join(dir, 'course.ts'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return path.join(root, 'courses');
}

const load = (coursesDir: string, modules?: boolean) => loadCourses(coursesDir, { exercisesDir, modules });

const goodYaml = `id: good
order: 2
title: { fr: Cours FR, en: Course EN }
description: { fr: Description, en: Description }
image: base
exercises:
  - id: un
    title: { fr: Un, en: One }
    hints:
      - { fr: Utilisez \`ls\`, en: Use \`ls\` }
    checks:
      - kind: file
        path: /root/x
        contains: y
      - kind: command
        command: cat /root/x
        output: { $regex: "^y+$", flags: m }
        label: { fr: x contient des y, en: x holds y's }
`;

describe('course manifests (course.yaml, course.json)', () => {
  it('load into the same course as course.ts, validated by the same schema', async () => {
    const fromTs = await load(path.join(fixtures, 'courses'));
    const fromYaml = await load(library({ 'course.yaml': goodYaml }), false);
    expect(fromYaml.errors).toEqual([]);
    const ts = fromTs.get('good', 'en')!;
    const yaml = fromYaml.get('good', 'en')!;
    expect(yaml.title).toBe(ts.title);
    expect(yaml.exercises[0]!.lessonHtml).toBe(ts.exercises[0]!.lessonHtml);
    expect(yaml.exercises[0]!.hintsHtml).toEqual(ts.exercises[0]!.hintsHtml);
    expect(yaml.exercises[0]!.criteria.map((c) => c.id)).toEqual(['file-1', 'command-2']);
    expect(fromYaml.solution('good', 'un')).toBe(fromTs.solution('good', 'un'));
  });

  it('reads { $regex, flags } as a RegExp', async () => {
    const def = (await importCourseModule(path.join(fixtures, 'courses', 'good', 'course.ts'))) as object;
    const json = writeManifest(
      {
        ...def,
        exercises: [
          {
            id: 'un',
            title: { fr: 'Un', en: 'One' },
            checks: [{ kind: 'command', command: 'true', output: /a.b/i, label: { fr: 'a.b', en: 'a.b' } }],
          },
        ],
      },
      'json',
    );
    expect(JSON.parse(json).exercises[0].checks[0].output).toEqual({ $regex: 'a.b', flags: 'i' });
    const r = await load(library({ 'course.json': json }));
    expect(r.errors).toEqual([]);
    expect(r.has('good', 'un')).toBe(true);
  });

  it('a course.ts written as YAML by writeManifest loads back to the same definition', async () => {
    const file = path.join(fixtures, 'courses', 'good', 'course.ts');
    const def = courseSchema.parse(await importCourseModule(file));
    const text = writeManifest(def, 'yaml', 'written by a test');
    expect(text.startsWith('# written by a test\n')).toBe(true);
    const r = await load(library({ 'course.yaml': text }));
    expect(r.errors).toEqual([]);
    expect(r.get('good', 'fr')?.exercises.map((e) => e.id)).toEqual(['un']);
  });

  it('names the file, the field and the line of a schema error', async () => {
    const r = await load(
      library({ 'course.yaml': goodYaml.replace('contains: y', 'contains: y\n        mode: 99') }),
    );
    expect(r.errors).toEqual([
      expect.objectContaining({ file: 'courses/good/course.yaml', field: 'exercises[0].checks[0].mode' }),
    ]);
    expect(r.errors[0]?.message).toMatch(/\(line 1[0-9]\)$/);
  });

  it('reports YAML and JSON syntax errors, duplicate keys and bad regular expressions', async () => {
    const bad = await load(library({ 'course.yaml': 'id: good\nid: again\n' }));
    expect(bad.errors[0]).toMatchObject({ file: 'courses/good/course.yaml' });
    expect(bad.errors[0]?.message).toMatch(/line 2/);
    const json = await load(library({ 'course.json': '{"id": "good",' }));
    expect(json.errors[0]?.message).toMatch(/^not JSON/);
    const regex = await load(library({ 'course.yaml': goodYaml.replace('"^y+$"', '"(unclosed"') }));
    expect(regex.errors[0]).toMatchObject({ field: 'exercises[0].checks[1].output' });
    expect(regex.errors[0]?.message).toMatch(/invalid regular expression/);
    const nested = await load(library({ 'course.yaml': goodYaml.replace('"^y+$"', '"^(y+)+$"') }));
    expect(nested.errors[0]).toMatchObject({ field: 'exercises[0].checks[1].output' });
    expect(nested.errors[0]?.message).toMatch(/repeated group/);
  });

  it('refuses a folder with two front-ends', async () => {
    const r = await load(library({ 'course.yaml': goodYaml }, true));
    expect(r.has('good')).toBe(false);
    expect(r.errors[0]?.message).toContain('found course.ts and course.yaml');
  });

  it('without modules (a course source), refuses course.ts and loads manifests', async () => {
    const ts = await load(library({}, true), false);
    expect(ts.has('good')).toBe(false);
    expect(ts.errors[0]?.message).toContain('course.ts is refused');
    const yaml = await load(library({ 'course.yaml': goodYaml }), false);
    expect(yaml.has('good', 'un')).toBe(true);
  });

  it('course:import --format yaml writes a manifest that loads like the course.ts it replaces', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'atelier-import-yaml-'));
    temps.push(root);
    const scenario = path.join(fixtures, 'killercoda', 'notes-a');
    const opts = { id: 'notes', exercisesDir, formatFrom: path.join(here, '../../../courses/course.ts') };
    const ts = await importKillercoda(scenario, opts);
    const yaml = await inFormat(ts, 'yaml');
    expect(yaml.files.map((f) => f.path)).toContain('course.yaml');
    expect(yaml.files.map((f) => f.path)).not.toContain('course.ts');
    expect(yaml.report.join('\n')).not.toContain('course.ts');
    writeCourseFolder(path.join(root, 'a', 'notes'), ts.files);
    writeCourseFolder(path.join(root, 'b', 'notes'), yaml.files);
    const fromTs = await loadCourses(path.join(root, 'a'), { exercisesDir });
    const fromYaml = await loadCourses(path.join(root, 'b'), { exercisesDir, modules: false });
    expect(fromYaml.errors).toEqual(
      fromTs.errors.map((e) => ({ ...e, file: e.file.replace('course.ts', 'course.yaml') })),
    );
    expect(fromYaml.get('notes', 'en')).toEqual(fromTs.get('notes', 'en'));
  });
});
