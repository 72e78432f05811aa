// Interface the rest of the server uses, and loadCourses() which implements it from the courses/ folder.
import path from 'node:path';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import { resolveAsset } from './asset-path.js';
import { createRegistry } from './registry-impl.js';
import { loadCourse, type LoadedCourse } from './course-loader.js';
import { COURSE_FILES } from './manifest.js';
import { LessonCache } from './lesson-cache.js';
import { CourseCodeCache } from './course-module.js';
import type { MachineDefinition } from './define-course.js';

export type Lang = 'fr' | 'en';

export interface CourseSummary {
  id: string;
  /** Catalogue position (the course's `order`, 1000 when unset); also picks the images built first. */
  order: number;
  title: string;
  description: string;
  exercises: { id: string; title: string }[];
  /**
   * An imported course whose French is not written yet (`imported.untranslated`), asked for in French:
   * its lessons may be the English ones. Trainers see « Traduction à faire ».
   */
  untranslated?: true;
}

export interface CourseDetail extends CourseSummary {
  /** Sandbox environment folder under exercises/ of the first machine (e.g. "base"). */
  image: string;
  /** The lab's machines, the default first (one named "lab" for a one-machine course). */
  machines: { name: string }[];
  /** Ports offered in the Browser tab (title in the asked language). */
  preview: { machine: string; port: number; path: string; title: string }[];
  /**
   * lessonHtml: sanitized HTML (contract in docs/COURSES.md). hints: the author's text (inline Markdown
   * source, show as text); hintsHtml: the same rendered and sanitized (inline HTML).
   */
  exercises: {
    id: string;
    title: string;
    lessonHtml: string;
    hints: string[];
    hintsHtml: string[];
    /** What the checks verify, in the learner's words, one per check (its id), in order (criteria.ts). */
    criteria: { id: string; text: string }[];
    /** The files the exercise is about (the editor opens them from the lesson). */
    files: { machine: string; path: string }[];
  }[];
  /** The course's introduction (`lessons/intro.<lang>.md`), shown before the first exercise; sanitized HTML. */
  introHtml?: string;
  /** The course's finish page (`lessons/finish.<lang>.md`), shown when every exercise passed; sanitized HTML. */
  finishHtml?: string;
}

export interface CheckOutcome {
  exerciseId: string;
  passed: boolean;
  /** detail: what was found, when the author's message replaced the generated one; points: weight. */
  checks: { id: string; passed: boolean; message: string; detail?: string; points: number }[];
  /** Partial credit: sum of the points of the passed checks, out of maxScore. */
  score: number;
  maxScore: number;
  durationMs: number;
}

export interface LoadError {
  file: string;
  field?: string;
  message: string;
}

export interface CourseRegistry {
  list(lang: Lang): CourseSummary[];
  get(courseId: string, lang: Lang): CourseDetail | undefined;
  /** The exercises/ environment a course runs in; undefined for an unknown course. */
  environmentOf(courseId: string): string | undefined;
  /** The course's machines (name, exercises/ environment), the default first; undefined when unknown. */
  machinesOf(courseId: string): MachineDefinition[] | undefined;
  has(courseId: string, exerciseId?: string): boolean;
  /** Courses refused at load time, each naming the file and the field. */
  errors: LoadError[];
  /** Runs every check of one exercise against a running lab (one batched exec). Rejects for an unknown exercise. */
  runChecks(
    runtime: SandboxRuntime,
    labId: string,
    courseId: string,
    exerciseId: string,
    lang: Lang,
  ): Promise<CheckOutcome>;
  /**
   * Applies the course setup to a freshly created lab (files/script, then the shell init of the course and
   * its exercises on every machine); no-op when none. Throws when the setup fails.
   */
  setupLab(runtime: SandboxRuntime, labId: string, courseId: string): Promise<void>;
  /** Absolute path of a course asset (image) or undefined when outside the course folder / missing. */
  assetPath(courseId: string, relPath: string): string | undefined;
  /** Exercise ids of a course, in order ([] for an unknown course). */
  exerciseIds(courseId: string): string[];
  /** The reference solution (bash) of an exercise. For authoring tests and trainers: never send it to learners. */
  solution(courseId: string, exerciseId: string): string | undefined;
}

export interface LoadCoursesOptions {
  /** Where the sandbox environments live (default: `<coursesDir>/../exercises`). */
  exercisesDir?: string;
  /** URL prefix under which assets are served (default `/api/courses`): `<prefix>/<courseId>/assets/<relPath>`. */
  assetBaseUrl?: string;
  /** Only load these course ids (folders). */
  only?: string[];
  /** Keep rendered lessons in this file between starts (lesson-cache.ts); none: render every time. */
  lessonCacheFile?: string;
  /** Keep compiled course modules in this file between starts (course-module.ts); none: compile every time. */
  codeCacheFile?: string;
  /** false: manifests only, a course.ts is refused (a course source's checkout: data, nothing runs). */
  modules?: boolean;
  /** File names in errors are relative to this folder (default: the parent of the courses folder). */
  displayRoot?: string;
}

/**
 * In a course source's library (`modules: false`) a folder is a course when it holds a course definition
 * or lessons (then a missing manifest is an error); others (docs/, images/…) are not courses.
 */
function isCourseFolder(root: string, folder: string, modules?: boolean): boolean {
  if (modules !== false) return true;
  return [...COURSE_FILES, 'lessons'].some((f) => existsSync(path.join(root, folder, f)));
}

/**
 * Loads every `courses/<id>/` folder (its course.ts, course.yaml or course.json). Never throws for a bad
 * course: it lands in `errors`, the rest load.
 */
export async function loadCourses(
  coursesDir: string,
  options: LoadCoursesOptions = {},
): Promise<CourseRegistry> {
  const root = path.resolve(coursesDir);
  const project = path.dirname(root);
  const shownFrom = path.resolve(options.displayRoot ?? project);
  const ctx = {
    modules: options.modules,
    exercisesDir: path.resolve(options.exercisesDir ?? path.join(project, 'exercises')),
    display: (p: string) => path.relative(shownFrom, p) || p,
    assetUrl: (id: string, rel: string) => `${options.assetBaseUrl ?? '/api/courses'}/${id}/assets/${rel}`,
    lessons: new LessonCache(options.lessonCacheFile),
    code: new CourseCodeCache(options.codeCacheFile),
  };
  const errors: LoadError[] = [];
  const courses = new Map<string, LoadedCourse>();
  let folders: string[] = [];
  try {
    folders = readdirSync(root).filter(
      (f) =>
        !f.startsWith('.') &&
        statSync(path.join(root, f)).isDirectory() &&
        isCourseFolder(root, f, options.modules),
    );
  } catch (err) {
    errors.push({
      file: ctx.display(root),
      message: `cannot read the courses folder: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  const wanted = folders.sort().filter((f) => !options.only || options.only.includes(f));
  // Loaded together (their compilation overlaps), then taken in folder order.
  const loaded = await Promise.all(wanted.map((f) => loadCourse(path.join(root, f), ctx)));
  ctx.lessons.save();
  ctx.code.save();
  for (const [i, folder] of wanted.entries()) {
    const r = loaded[i]!;
    errors.push(...r.errors);
    if (!r.course) continue;
    if (courses.has(r.course.def.id)) {
      errors.push({
        file: ctx.display(path.join(root, folder)),
        field: 'id',
        message: `duplicate course id "${r.course.def.id}"`,
      });
      continue;
    }
    courses.set(r.course.def.id, r.course);
  }
  return createRegistry(courses, errors, (id, rel) => {
    const c = courses.get(id);
    return c ? resolveAsset(c.dir, rel) : undefined;
  });
}
