// Which lab images a start builds before listening, in which order the others follow, and what a course's
// images mean for a learner (docs/OPERATIONS.md, "Lab images at start"). No Docker here: the sandbox builds.
import type { CourseRegistry } from '../courses/course-registry.js';
import { AppError } from '../errors/app-error.js';
import type { ImageStatus, ImageStatusSource } from '../sandbox/sandbox-runtime.js';

export interface CourseEnvs {
  id: string;
  /** The course's `order` (1000 when it has none, as in the catalogue). */
  order: number;
  /** exercises/ environments of its machines. */
  envs: string[];
}

/**
 * The rule: `first` = every env a course with `order` < `firstOrder` needs (the sandbox adds their parents
 * and the terminal holder); `order` = every env by the catalogue position of the first course needing it.
 * Predictable from the course files alone: nothing depends on what is built or how heavy it is.
 */
export function imagePlan(courses: CourseEnvs[], firstOrder: number): { first: string[]; order: string[] } {
  const sorted = [...courses].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const unique = (list: CourseEnvs[]) => [...new Set(list.flatMap((c) => c.envs))];
  return { first: unique(sorted.filter((c) => c.order < firstOrder)), order: unique(sorted) };
}

/** The exercises/ environments a course's machines run, each once. */
const envsOf = (registry: Pick<CourseRegistry, 'machinesOf'>, courseId: string) => [
  ...new Set(registry.machinesOf(courseId)?.map((m) => m.image) ?? []),
];

/** The registry's courses as the plan reads them. */
export function courseEnvs(registry: Pick<CourseRegistry, 'list' | 'machinesOf'>): CourseEnvs[] {
  return registry.list('fr').map((c) => ({ id: c.id, order: c.order, envs: envsOf(registry, c.id) }));
}

const READY: ImageStatus = { state: 'ready' };

/**
 * A course's images as one state: failed before building before queued before ready (a course is as far
 * as its least ready machine). Without a source (images not managed by this process): ready.
 */
export function courseImageStatus(envs: readonly string[], source?: ImageStatusSource): ImageStatus {
  if (!source) return READY;
  const all = [...new Set(envs)].map((e) => source.status(e));
  const rank = { failed: 0, building: 1, queued: 2, ready: 3 } as const;
  return all.sort((a, b) => rank[a.state] - rank[b.state])[0] ?? READY;
}

/** The per-course view the routes, the lab service and the warm pool use. */
export interface CourseImages {
  status(courseId: string): ImageStatus;
}

export function courseImages(
  registry: Pick<CourseRegistry, 'machinesOf'>,
  source: ImageStatusSource | undefined,
): CourseImages {
  return {
    status: (courseId) => courseImageStatus(envsOf(registry, courseId), source),
  };
}

/**
 * Why a new lab cannot start yet, as the API says it (503): `image-building` with the progress in the
 * params (queued: `position`), or `image-failed` with the build's reason. undefined when ready.
 */
export function imageNotReady(status: ImageStatus): AppError | undefined {
  switch (status.state) {
    case 'ready':
      return undefined;
    case 'failed':
      return new AppError(
        'image-failed',
        'L’environnement de ce cours n’a pas pu être préparé ; il sera reconstruit au prochain démarrage du serveur.',
        { state: 'failed', detail: status.reason },
      );
    case 'queued':
      return new AppError(
        'image-building',
        `L’environnement de ce cours est en file de préparation (position ${status.position}).`,
        { state: 'queued', position: status.position },
      );
    case 'building':
      return new AppError(
        'image-building',
        `L’environnement de ce cours est en préparation (étape ${status.step}/${status.steps}, ${status.elapsedSeconds} s).`,
        { state: 'building', step: status.step, steps: status.steps, elapsed: status.elapsedSeconds },
      );
  }
}
