// Interface the rest of the server uses. The implementation (loading courses/*, validation, lessons)
// is owned by the course-engine work; this file fixes the shape others code against.
import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';

export type Lang = 'fr' | 'en';

export interface CourseSummary {
  id: string;
  title: string;
  description: string;
  exercises: { id: string; title: string }[];
}

export interface CourseDetail extends CourseSummary {
  /** Sandbox environment folder under exercises/ (e.g. "base"). */
  image: string;
  exercises: { id: string; title: string; lessonHtml: string; hints: string[] }[];
}

export interface CheckOutcome {
  exerciseId: string;
  passed: boolean;
  checks: { id: string; passed: boolean; message: string }[];
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
  has(courseId: string, exerciseId?: string): boolean;
  /** Courses refused at load time, each naming the file and the field. */
  errors: LoadError[];
  /** Runs every check of one exercise against a running lab (one batched exec). */
  runChecks(
    runtime: SandboxRuntime,
    labId: string,
    courseId: string,
    exerciseId: string,
    lang: Lang,
  ): Promise<CheckOutcome>;
  /** Applies the course setup to a freshly created lab (files/script); no-op when none. */
  setupLab(runtime: SandboxRuntime, labId: string, courseId: string): Promise<void>;
  /** Absolute path of a course asset (image) or undefined when outside the course folder / missing. */
  assetPath(courseId: string, relPath: string): string | undefined;
}

export declare function loadCourses(coursesDir: string): Promise<CourseRegistry>;
