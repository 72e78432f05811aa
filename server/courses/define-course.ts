import { z } from 'zod';
import { COURSE_CAPABILITIES, type CourseCapability } from '../sandbox/container-profile.js';
import { MAX_LAB_MACHINES } from '../sandbox/sandbox-runtime.js';
import { checkIdOf, checkSchema, type CheckSpec } from './checks/index.js';
import { labPath, metaShape } from './checks/check-meta.js';
import { missingLabels } from './criteria.js';
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
  /** The machine it applies to (default: the course's first machine). */
  machine?: string;
  /** A bash script in the course folder (e.g. 'setup.sh'), run as root in the fresh lab. */
  script?: string;
  files?: SetupFile[];
}

/** One machine of a lab; its name is also its hostname and how the other machines reach it. */
export interface MachineDefinition {
  name: string;
  /** A folder of exercises/ (image `<prefix>/<image>`). */
  image: string;
  /** Capabilities this machine adds to the lab profile, from COURSE_CAPABILITIES only (e.g. NET_ADMIN). */
  capabilities?: CourseCapability[];
}

/** A port of a lab machine offered in the learner's Browser tab. */
export interface PreviewDefinition {
  /** Default: the course's first machine. */
  machine?: string;
  port: number;
  /** Path of the first page (default '/'). */
  path?: string;
  title: Localized;
}

/** Most machines a course may declare. */
export const MAX_MACHINES = MAX_LAB_MACHINES;
/** The one machine of a course that names no machines. */
export const DEFAULT_MACHINE = 'lab';

export interface ExerciseDefinition {
  /** kebab-case; names the lesson (`lessons/<id>.fr.md`, `.en.md`) and solution (`solutions/<id>.sh`). */
  id: string;
  title: Localized;
  /** Ordered hints, from a nudge to almost the answer (inline Markdown). */
  hints?: Localized[];
  checks: CheckSpec[];
  /**
   * Bash run by every login shell the learner opens in the lab, after the course's own `shellInit`
   * (e.g. `PROMPT_COMMAND='history -a'`): written at lab setup to /etc/profile.d/zz-atelier-shell-init.sh.
   */
  shellInit?: string;
  /**
   * The files the exercise is about, opened from the lesson into the editor and shown first in its tree:
   * an absolute path on the default machine, or `{ machine, path }`.
   */
  files?: (string | ExerciseFile)[];
}

export interface ExerciseFile {
  machine?: string;
  path: string;
}

/** Where a course was imported from; `untranslated`: French lessons may be missing (English shown). */
export interface ImportedFrom {
  from: 'killercoda';
  /** A missing `lessons/<x>.fr.md` falls back to `.en.md`, and trainers see « Traduction à faire ». */
  untranslated?: boolean;
  /** The scenario it came from (e.g. `killercoda/scenarios-ubuntu/cron`), for the record. */
  scenario?: string;
}

export interface CourseDefinition {
  /** kebab-case, equal to the course folder name. */
  id: string;
  title: Localized;
  description: Localized;
  /** The sandbox environment of a one-machine course: a folder of exercises/ (image `<prefix>/<image>`). */
  image?: string;
  /** A one-image course: capabilities its machine adds (with `machines`, each machine says its own). */
  capabilities?: CourseCapability[];
  /**
   * Several machines on a private network of their own (instead of `image`); the first is the default
   * machine of checks, setup and solutions.
   */
  machines?: MachineDefinition[];
  /** Ports offered in the Browser tab. */
  preview?: PreviewDefinition[];
  /** Position in the catalogue (lower first); then by id. */
  order?: number;
  /** One setup, or several applied in order (each on its machine). */
  setup?: CourseSetup | CourseSetup[];
  /** Bash run by every login shell the learner opens, on every machine (before the exercises' own). */
  shellInit?: string;
  /** A course made by an importer (server/courses/import/). */
  imported?: ImportedFrom;
  exercises: ExerciseDefinition[];
}

/** Lesson names of the introduction and finish pages (`lessons/intro.fr.md`, …); no exercise may take them. */
export const PAGE_NAMES = ['intro', 'finish'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/** Most bytes of one `shellInit` (course or exercise). */
export const MAX_SHELL_INIT = 8 * 1024;

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

const shellInitSchema = z
  .string()
  .refine((s) => Buffer.byteLength(s) <= MAX_SHELL_INIT, `shellInit is at most ${MAX_SHELL_INIT} bytes`)
  .refine((s) => !s.includes('\0'), 'shellInit cannot contain a NUL byte');

const filePath = z
  .string()
  .max(1024, 'a file path is at most 1024 characters')
  .regex(/^\/[^\0]*$/, 'a file path is absolute (starts with /)');
const exerciseFileSchema = z.union([
  filePath,
  z.strictObject({ machine: metaShape.machine, path: filePath }),
]);

const exerciseSchema = z
  .strictObject({
    id: slug.refine(
      (id) => !(PAGE_NAMES as readonly string[]).includes(id),
      "intro and finish name the course's introduction and finish pages, not an exercise",
    ),
    title: localizedSchema,
    hints: z.array(localizedSchema).optional(),
    checks: z.array(checkSchema).min(1, 'an exercise needs at least one check'),
    shellInit: shellInitSchema.optional(),
    files: z.array(exerciseFileSchema).max(20, 'at most 20 files per exercise').optional(),
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

const imageName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'image is the name of a folder of exercises/');
const machineName = metaShape.machine.unwrap();
// Only the allow-list of the lab profile; the profile checks again when it builds the container.
const capabilitiesSchema = z
  .array(
    z.enum(COURSE_CAPABILITIES, {
      error: (iss) =>
        `unknown capability ${JSON.stringify(iss.input)} (a course may ask for: ${COURSE_CAPABILITIES.join(', ')})`,
    }),
  )
  .refine((caps) => new Set(caps).size === caps.length, 'each capability once');
const setupSchema = z.strictObject({
  machine: machineName.optional(),
  script: relFile.optional(),
  files: z.array(setupFileSchema).optional(),
});

export const courseSchema = z
  .strictObject({
    id: slug,
    title: localizedSchema,
    description: localizedSchema,
    image: imageName.optional(),
    capabilities: capabilitiesSchema.optional(),
    machines: z
      .array(
        z.strictObject({ name: machineName, image: imageName, capabilities: capabilitiesSchema.optional() }),
      )
      .min(1, 'machines lists at least one machine')
      .max(MAX_MACHINES, `at most ${MAX_MACHINES} machines`)
      .optional(),
    preview: z
      .array(
        z.strictObject({
          machine: machineName.optional(),
          port: z.number().int().min(1).max(65535),
          path: z.string().startsWith('/', 'a preview path starts with /').max(512).optional(),
          title: localizedSchema,
        }),
      )
      .max(10)
      .optional(),
    order: z.number().int().min(0).max(10000).optional(),
    setup: z.union([setupSchema, z.array(setupSchema).max(20)]).optional(),
    shellInit: shellInitSchema.optional(),
    imported: z
      .strictObject({
        from: z.literal('killercoda'),
        untranslated: z.boolean().optional(),
        scenario: z.string().min(1).max(200).optional(),
      })
      .optional(),
    exercises: z.array(exerciseSchema).min(1, 'a course needs at least one exercise'),
  })
  .superRefine((course, ctx) => {
    if ((course.image === undefined) === (course.machines === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [course.image === undefined ? 'image' : 'machines'],
        message: 'a course names either its image (one machine) or its machines, not both',
      });
    if (course.machines && course.capabilities)
      ctx.addIssue({
        code: 'custom',
        path: ['capabilities'],
        message: 'with machines, each machine lists its own capabilities (machines[i].capabilities)',
      });
    const names = course.machines?.map((m) => m.name) ?? [DEFAULT_MACHINE];
    course.machines?.forEach((m, i) => {
      if (names.indexOf(m.name) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['machines', i, 'name'],
          message: `duplicate machine "${m.name}"`,
        });
    });
    const known = (name: string | undefined, path: (string | number)[]) => {
      if (name !== undefined && !names.includes(name))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `unknown machine "${name}" (this course has: ${names.join(', ')})`,
        });
    };
    const setups =
      course.setup === undefined ? [] : Array.isArray(course.setup) ? course.setup : [course.setup];
    setups.forEach((s, i) =>
      known(s.machine, Array.isArray(course.setup) ? ['setup', i, 'machine'] : ['setup', 'machine']),
    );
    course.preview?.forEach((p, i) => known(p.machine, ['preview', i, 'machine']));
    course.exercises.forEach((ex, i) =>
      ex.files?.forEach((f, j) =>
        known(typeof f === 'string' ? undefined : f.machine, ['exercises', i, 'files', j, 'machine']),
      ),
    );
    course.exercises.forEach((ex, i) =>
      ex.checks.forEach((c, j) => {
        const at = ['exercises', i, 'checks', j];
        known(c.machine, [...at, 'machine']);
        for (const [field, name] of machinesNamedBy(c)) known(name, [...at, ...field]);
      }),
    );
    for (const issue of missingLabels(course)) ctx.addIssue({ code: 'custom', ...issue });
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

/** The machines of a course: its own list, or the one default machine of a one-image course. */
export function machinesOf(def: CourseDefinition): MachineDefinition[] {
  const capabilities = def.capabilities?.length ? { capabilities: def.capabilities } : {};
  return def.machines ?? [{ name: DEFAULT_MACHINE, image: def.image ?? '', ...capabilities }];
}

/** An exercise's files, each with its machine resolved. */
export function filesOf(def: CourseDefinition, ex: ExerciseDefinition): { machine: string; path: string }[] {
  const first = machinesOf(def)[0]?.name ?? DEFAULT_MACHINE;
  return (ex.files ?? []).map((f) =>
    typeof f === 'string' ? { machine: first, path: f } : { machine: f.machine ?? first, path: f.path },
  );
}

/** The setups of a course in order, each with its machine resolved. */
export function setupsOf(def: CourseDefinition): (CourseSetup & { machine: string })[] {
  const first = machinesOf(def)[0]?.name ?? DEFAULT_MACHINE;
  const list = def.setup === undefined ? [] : Array.isArray(def.setup) ? def.setup : [def.setup];
  return list.map((s) => ({ ...s, machine: s.machine ?? first }));
}

/** Machines a check names besides its own (a CA's machine, a machine's address), with their fields. */
function machinesNamedBy(c: CheckSpec): [(string | number)[], string | undefined][] {
  const addressOf = (v: unknown) =>
    typeof v === 'object' && v !== null && 'addressOf' in v ? String(v.addressOf) : undefined;
  switch (c.kind) {
    case 'tls':
      return [[['ca', 'machine'], c.ca.machine]];
    case 'dns':
      return [
        [['name', 'addressOf'], addressOf(c.name)],
        [['expect', 'addressOf'], addressOf(c.expect)],
      ];
    default:
      return [];
  }
}
