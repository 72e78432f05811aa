import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { resolveAsset } from './asset-path.js';
import { importCourseModule, type CourseCodeCache } from './course-module.js';
import { COURSE_FILES, MANIFEST_FILES, readManifest } from './manifest.js';
import type { Lang, LoadError } from './course-registry.js';
import {
  courseSchema,
  machinesOf,
  PAGE_NAMES,
  setupsOf,
  type CourseDefinition,
  type PageName,
} from './define-course.js';
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
  /** pageHtml[intro|finish][lang]: the optional introduction and finish pages, rendered like lessons. */
  pageHtml: Partial<Record<PageName, Record<Lang, string>>>;
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
  /**
   * false: only manifests (course.yaml, course.json); a course.ts is refused. A course source's courses
   * are data: nothing from them runs on the host (server/courses/sources/).
   */
  modules?: boolean;
}

/** `exercises[2].checks[0].mode` from a zod issue path. */
export function fieldOf(issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );
}

function zodErrors(
  file: string,
  error: z.ZodError,
  lineOf: (p: readonly PropertyKey[]) => number | undefined = () => undefined,
): LoadError[] {
  return error.issues.slice(0, 20).map((i) => {
    const line = lineOf(i.path);
    return {
      file,
      field: fieldOf(i.path) || undefined,
      message: line ? `${i.message} (line ${line})` : i.message,
    };
  });
}

/**
 * The course definition of a folder, before validation, from its one front-end: `course.ts` (a module
 * default-exporting defineCourse({...}), trusted: the platform's own courses) or `course.yaml` /
 * `course.json` (data). Both then meet the same schema.
 */
async function readDefinition(
  dir: string,
  ctx: LoaderContext,
): Promise<{
  shown: string;
  value?: unknown;
  lineOf?: (p: readonly PropertyKey[]) => number | undefined;
  errors: LoadError[];
}> {
  const present = COURSE_FILES.filter((f) => existsSync(path.join(dir, f)));
  const allowed = ctx.modules === false ? MANIFEST_FILES : COURSE_FILES;
  const [name] = present;
  if (!name) {
    const shown = ctx.display(path.join(dir, ctx.modules === false ? 'course.yaml' : 'course.ts'));
    const message =
      ctx.modules === false
        ? 'missing course.yaml (or course.json): the course manifest'
        : 'missing course.ts (a course module default-exporting defineCourse({...})), or a course.yaml / course.json manifest';
    return { shown, errors: [{ file: shown, message }] };
  }
  const file = path.join(dir, name);
  const shown = ctx.display(file);
  if (present.length > 1)
    return {
      shown,
      errors: [
        {
          file: shown,
          message: `one course definition per folder: found ${present.join(' and ')} (keep one)`,
        },
      ],
    };
  if (!(allowed as readonly string[]).includes(name))
    return {
      shown,
      errors: [
        {
          file: shown,
          message:
            'a course from a source is data: course.ts is refused (nothing from a source runs on the platform); write course.yaml or course.json',
        },
      ],
    };
  if (name !== 'course.ts') {
    const m = readManifest(file, shown);
    return { shown, value: m.value, lineOf: m.lineOf, errors: m.errors };
  }
  let exported: unknown;
  try {
    exported = await importCourseModule(file, ctx.code);
  } catch (err) {
    return {
      shown,
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
      shown,
      errors: [
        { file: shown, field: 'default', message: 'no default export (export default defineCourse({...}))' },
      ],
    };
  return { shown, value: exported, errors: [] };
}

/** Loads and validates one course folder. Never throws: problems come back as errors naming file and field. */
export async function loadCourse(
  dir: string,
  ctx: LoaderContext,
): Promise<{ course?: LoadedCourse; errors: LoadError[] }> {
  const read = await readDefinition(dir, ctx);
  const { shown } = read;
  if (read.errors.length) return { errors: read.errors };
  const parsed = courseSchema.safeParse(read.value);
  if (!parsed.success) return { errors: zodErrors(shown, parsed.error, read.lineOf) };
  const def = parsed.data as CourseDefinition;
  const errors = checkFiles(def, dir, shown, ctx);
  if (errors.length) return { errors };
  const course: LoadedCourse = {
    def,
    dir,
    lessonHtml: {},
    hintsHtml: {},
    solutions: {},
    setupScripts: {},
    pageHtml: {},
  };
  for (const { script } of setupsOf(def))
    if (script) course.setupScripts[script] = readFileSync(path.join(dir, script), 'utf8');
  const machineNames = machinesOf(def).map((m) => m.name);
  def.exercises.forEach((ex, i) => {
    const solutionFile = path.join(dir, 'solutions', `${ex.id}.sh`);
    course.solutions[ex.id] = readFileSync(solutionFile, 'utf8');
    for (const { machine } of solutionSegments(course.solutions[ex.id] as string, machineNames[0] as string))
      if (!machineNames.includes(machine))
        errors.push({
          file: ctx.display(solutionFile),
          field: `exercises[${i}]`,
          message: `#@machine ${machine}: unknown machine (this course has: ${machineNames.join(', ')})`,
        });
  });
  const optsOf = (lang: Lang): RenderOptions => ({ lang, assetUrl: (p: string) => ctx.assetUrl(def.id, p) });
  /** One lesson (an exercise's or a page's) in one language, rendered; its image problems go to errors. */
  const lesson = async (name: string, lang: Lang, field: string): Promise<string> => {
    const lessonFile = lessonSource(def, dir, name, lang) as string; // checkFiles made sure it exists
    const source = readFileSync(lessonFile, 'utf8');
    const r = await rendered(ctx, source, optsOf(lang), false);
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
    return r.html;
  };
  for (const [i, ex] of def.exercises.entries()) {
    course.lessonHtml[ex.id] = { fr: '', en: '' };
    course.hintsHtml[ex.id] = { fr: [], en: [] };
    for (const lang of LANGS) {
      course.lessonHtml[ex.id]![lang] = await lesson(ex.id, lang, `exercises[${i}]`);
      for (const hint of ex.hints ?? [])
        course.hintsHtml[ex.id]![lang].push((await rendered(ctx, hint[lang], optsOf(lang), true)).html);
    }
  }
  for (const page of PAGE_NAMES) {
    if (!lessonSource(def, dir, page, 'en')) continue; // no page (checkFiles: not in one language only)
    const html = { fr: '', en: '' };
    for (const lang of LANGS) html[lang] = await lesson(page, lang, page);
    course.pageHtml[page] = html;
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
    const field = `exercises[${i}].id`;
    for (const lang of LANGS)
      if (!lessonSource(def, dir, ex.id, lang))
        errors.push({
          file: ctx.display(lessonPath(dir, ex.id, lang)),
          field,
          message: `missing lesson for exercise "${ex.id}"`,
        });
    const solution = path.join(dir, 'solutions', `${ex.id}.sh`);
    if (!existsSync(solution))
      errors.push({
        file: ctx.display(solution),
        field,
        message: `missing solution for exercise "${ex.id}"`,
      });
  });
  // The introduction and finish pages are optional, but never in one language only.
  for (const page of PAGE_NAMES) {
    const missing = LANGS.filter((lang) => !lessonSource(def, dir, page, lang));
    if (missing.length === LANGS.length) continue;
    for (const lang of missing)
      errors.push({
        file: ctx.display(lessonPath(dir, page, lang)),
        field: page,
        message: `missing ${page}.${lang}.md: the ${page === 'intro' ? 'introduction' : 'finish'} page exists in ${LANGS.filter((l) => !missing.includes(l)).join(', ')} only (write every language, or none)`,
      });
  }
  return errors;
}

function lessonPath(dir: string, name: string, lang: Lang): string {
  return path.join(dir, 'lessons', `${name}.${lang}.md`);
}

/**
 * The file a lesson is read from in a language: its own; for French in an imported course marked
 * `untranslated`, the English one when the French is not written yet. Undefined: no such lesson.
 */
export function lessonSource(
  def: CourseDefinition,
  dir: string,
  name: string,
  lang: Lang,
): string | undefined {
  const own = lessonPath(dir, name, lang);
  if (existsSync(own)) return own;
  if (lang === 'fr' && def.imported?.untranslated) {
    const en = lessonPath(dir, name, 'en');
    if (existsSync(en)) return en;
  }
  return undefined;
}
