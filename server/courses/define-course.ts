import { z } from 'zod';
import { checkIdOf, checkSchema, type CheckSpec } from './checks/index.js';
import { labPath } from './checks/check-meta.js';
import { localizedSchema, type Localized } from './localized.js';

/** A file written into a fresh lab before the learner arrives. */
export interface SetupFile {
  path: string;
  content: string;
  /** Octal mode, e.g. '644'. */
  mode?: string;
  owner?: string;
  group?: string;
}

export interface CourseSetup {
  /** A bash script in the course folder (e.g. 'setup.sh'), run as root in the fresh lab. */
  script?: string;
  files?: SetupFile[];
}

export interface ExerciseDefinition {
  /** kebab-case; names the lesson (`lessons/<id>.fr.md`, `.en.md`) and solution (`solutions/<id>.sh`). */
  id: string;
  title: Localized;
  /** Ordered hints, from a nudge to almost the answer (inline Markdown). */
  hints?: Localized[];
  checks: CheckSpec[];
}

export interface CourseDefinition {
  /** kebab-case, equal to the course folder name. */
  id: string;
  title: Localized;
  description: Localized;
  /** The sandbox environment: a folder of exercises/ (image `<prefix>/<image>`). */
  image: string;
  /** Position in the catalogue (lower first); then by id. */
  order?: number;
  setup?: CourseSetup;
  exercises: ExerciseDefinition[];
}

/** Identity function that gives a course module its types. Validation happens when the course loads. */
export function defineCourse(course: CourseDefinition): CourseDefinition {
  return course;
}

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'an id is kebab-case: a-z, 0-9 and -');
const relFile = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/, 'a relative file name inside the course folder')
  .refine((p) => !p.split('/').includes('..'), 'no .. in a course file name');

const setupFileSchema = z.strictObject({
  path: labPath,
  content: z.string().max(1024 * 1024),
  mode: z
    .string()
    .regex(/^0?[0-7]{3,4}$/, 'mode is octal, e.g. "644"')
    .optional(),
  owner: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*$/)
    .optional(),
  group: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*$/)
    .optional(),
});

const exerciseSchema = z
  .strictObject({
    id: slug,
    title: localizedSchema,
    hints: z.array(localizedSchema).optional(),
    checks: z.array(checkSchema).min(1, 'an exercise needs at least one check'),
  })
  .superRefine((ex, ctx) => {
    const seen = new Set<string>();
    ex.checks.forEach((c, i) => {
      const id = checkIdOf(c, i);
      if (seen.has(id))
        ctx.addIssue({ code: 'custom', path: ['checks', i, 'id'], message: `duplicate check id "${id}"` });
      seen.add(id);
    });
  });

export const courseSchema = z
  .strictObject({
    id: slug,
    title: localizedSchema,
    description: localizedSchema,
    image: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'image is the name of a folder of exercises/'),
    order: z.number().int().min(0).max(10000).optional(),
    setup: z
      .strictObject({ script: relFile.optional(), files: z.array(setupFileSchema).optional() })
      .optional(),
    exercises: z.array(exerciseSchema).min(1, 'a course needs at least one exercise'),
  })
  .superRefine((course, ctx) => {
    const seen = new Set<string>();
    course.exercises.forEach((ex, i) => {
      if (seen.has(ex.id))
        ctx.addIssue({
          code: 'custom',
          path: ['exercises', i, 'id'],
          message: `duplicate exercise id "${ex.id}"`,
        });
      seen.add(ex.id);
    });
  });
