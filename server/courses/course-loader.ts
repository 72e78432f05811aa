import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { resolveAsset } from './asset-path.js';
import { importCourseModule, type CourseCodeCache } from './course-module.js';
import type { Lang, LoadError } from './course-registry.js';
import { courseSchema, machinesOf, setupsOf, type CourseDefinition } from './define-course.js';
import type { LessonCache } from './lesson-cache.js';
import type { RenderedLesson, RenderOptions } from './markdown.js';
import { solutionSegments } from './solution-segments.js';

export const LANGS: readonly Lang[] = ['fr', 'en'];

export interface LoadedCourse {
  def: CourseDefinition;
  dir: string;
  /** lessonHtml[exerciseId][lang] */
  lessonHtml: Record<string, Record<Lang, string>>;
  /** hintsHtml[exerciseId][lang]: each hint rendered inline and sanitized. */
  hintsHtml: Record<string, Record<Lang, string[]>>;
  solutions: Record<string, string>;
  /** Setup scripts by their file name in the course folder. */
  setupScripts: Record<string, string>;
}

export interface LoaderContext {
  exercisesDir: string;
  /** How file names appear in errors (relative to the project). */
  display: (absPath: string) => string;
  assetUrl: (courseId: string, relPath: string) => string;
  /** Rendered lessons kept from an earlier load (lesson-cache.ts). */
  lessons: LessonCache;
  /** Compiled course modules kept from an earlier load (course-module.ts). */
  code: CourseCodeCache;
}

/** `exercises[2].checks[0].mode` from a zod issue path. */
export function fieldOf(issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );
}

function zodErrors(file: string, error: z.ZodError): LoadError[] {
  return error.issues
    .slice(0, 20)
    .map((i) => ({ file, field: fieldOf(i.path) || undefined, message: i.message }));
}

/** Loads and validates one course folder. Never throws: problems come back as errors naming file and field. */
export async function loadCourse(
  dir: string,
  ctx: LoaderContext,
): Promise<{ course?: LoadedCourse; errors: LoadError[] }> {
  const file = path.join(dir, 'course.ts');
  const shown = ctx.display(file);
  if (!existsSync(file))
    return {
      errors: [
        { file: shown, message: 'missing course.ts (a course module default-exporting defineCourse({...}))' },
      ],
    };
  let exported: unknown;
  try {
    exported = await importCourseModule(file, ctx.code);
  } catch (err) {
    return {
      errors: [
        {
          file: shown,
          message: `cannot load the module: ${err instanceof Error ? err.message : String(err)}`,
        },
      ],
    };
  }
  if (exported === undefined)
    return {
      errors: [
        { file: shown, field: 'default', message: 'no default export (export default defineCourse({...}))' },
      ],
    };
  const parsed = courseSchema.safeParse(exported);
  if (!parsed.success) return { errors: zodErrors(shown, parsed.error) };
  const def = parsed.data as CourseDefinition;
  const errors = checkFiles(def, dir, shown, ctx);
  if (errors.length) return { errors };
  const course: LoadedCourse = { def, dir, lessonHtml: {}, hintsHtml: {}, solutions: {}, setupScripts: {} };
  for (const { script } of setupsOf(def))
    if (script) course.setupScripts[script] = readFileSync(path.join(dir, script), 'utf8');
  const machineNames = machinesOf(def).map((m) => m.name);
  def.exercises.forEach((ex, i) => {
    const solutionFile = path.join(dir, 'solutions', `${ex.id}.sh`);
    course.solutions[ex.id] = readFileSync(solutionFile, 'utf8');
    course.lessonHtml[ex.id] = { fr: '', en: '' };
    for (const { machine } of solutionSegments(course.solutions[ex.id] as string, machineNames[0] as string))
      if (!machineNames.includes(machine))
        errors.push({
          file: ctx.display(solutionFile),
          field: `exercises[${i}]`,
          message: `#@machine ${machine}: unknown machine (this course has: ${machineNames.join(', ')})`,
        });
  });
  for (const [i, ex] of def.exercises.entries()) {
    for (const lang of LANGS) {
      const lessonFile = path.join(dir, 'lessons', `${ex.id}.${lang}.md`);
      const source = readFileSync(lessonFile, 'utf8');
      const opts = { lang, assetUrl: (p: string) => ctx.assetUrl(def.id, p) };
      const r = await rendered(ctx, source, opts, false);
      (course.hintsHtml[ex.id] ??= { fr: [], en: [] })[lang] = [];
      for (const hint of ex.hints ?? [])
        course.hintsHtml[ex.id]![lang].push((await rendered(ctx, hint[lang], opts, true)).html);
      const field = `exercises[${i}]`;
      for (const ref of r.refusedImages)
        errors.push({
          file: ctx.display(lessonFile),
          field,
          message: `image "${ref}" refused: use images/<file>.png|jpg|gif|webp next to the lessons`,
        });
      for (const ref of r.images) {
        if (!resolveAsset(dir, ref))
          errors.push({
            file: ctx.display(lessonFile),
            field,
            message: `image "${ref}" not found in lessons/`,
          });
      }
      (course.lessonHtml[ex.id] as Record<Lang, string>)[lang] = r.html;
    }
  }
  return errors.length ? { errors } : { course, errors };
}

/**
 * A lesson (or, inline, a hint) rendered and sanitized: from the cache, else by the renderer, which is only
 * loaded then (Markdown and HTML sanitizing libraries are a tenth of a start when every lesson is cached).
 */
async function rendered(
  ctx: LoaderContext,
  source: string,
  opts: RenderOptions,
  inline: boolean,
): Promise<RenderedLesson> {
  const kept = ctx.lessons.lookup(source, opts, inline);
  if (kept) return kept;
  const md = await import('./markdown.js');
  const fresh = inline
    ? { html: md.renderInline(source), images: [], refusedImages: [] }
    : md.renderMarkdown(source, opts);
  ctx.lessons.store(source, opts, fresh, inline);
  return fresh;
}

function checkFiles(def: CourseDefinition, dir: string, shown: string, ctx: LoaderContext): LoadError[] {
  const errors: LoadError[] = [];
  const folder = path.basename(dir);
  if (def.id !== folder)
    errors.push({
      file: shown,
      field: 'id',
      message: `id "${def.id}" must equal the folder name "${folder}"`,
    });
  machinesOf(def).forEach((m, i) => {
    const dockerfile = path.join(ctx.exercisesDir, m.image, 'Dockerfile');
    if (!existsSync(dockerfile))
      errors.push({
        file: shown,
        field: def.machines ? `machines[${i}].image` : 'image',
        message: `unknown image "${m.image}": no ${ctx.display(dockerfile)}`,
      });
  });
  setupsOf(def).forEach(({ script }, i) => {
    if (script && !existsSync(path.join(dir, script)))
      errors.push({
        file: shown,
        field: Array.isArray(def.setup) ? `setup[${i}].script` : 'setup.script',
        message: `missing setup script ${ctx.display(path.join(dir, script))}`,
      });
  });
  def.exercises.forEach((ex, i) => {
    const need = [
      ...LANGS.map((lang) => path.join(dir, 'lessons', `${ex.id}.${lang}.md`)),
      path.join(dir, 'solutions', `${ex.id}.sh`),
    ];
    for (const f of need) {
      if (!existsSync(f))
        errors.push({
          file: ctx.display(f),
          field: `exercises[${i}].id`,
          message: `missing ${f.endsWith('.sh') ? 'solution' : 'lesson'} for exercise "${ex.id}"`,
        });
    }
  });
  return errors;
}
