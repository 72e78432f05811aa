// The server's one CourseRegistry: the platform's own courses plus the courses of each course source
// (server/courses/sources/), behind the same interface everything else already calls. A source's new
// version replaces its part in one assignment: a request sees the old catalogue or the new one, never half.
import type { CourseRegistry, CourseSummary, Lang, LoadError } from './course-registry.js';

/** The platform's own courses (courses/): their ids win over any source's. */
export const BUILT_IN = '';

interface Parts {
  /** By part: BUILT_IN, then each source id in the order they were added. */
  registries: Map<string, CourseRegistry>;
  /** courseId → the registry that serves it. */
  owner: Map<string, CourseRegistry>;
  /** courseId → its part. */
  partOf: Map<string, string>;
  lists: Record<Lang, CourseSummary[]>;
  errors: LoadError[];
}

function compose(registries: Map<string, CourseRegistry>, refused: Map<string, LoadError[]>): Parts {
  const owner = new Map<string, CourseRegistry>();
  const partOf = new Map<string, string>();
  const errors: LoadError[] = [];
  for (const [part, registry] of registries) {
    errors.push(...registry.errors, ...(refused.get(part) ?? []));
    for (const c of registry.list('en')) {
      if (owner.has(c.id)) continue; // refused before the swap (conflicts()); kept out if a built-in took it since
      owner.set(c.id, registry);
      partOf.set(c.id, part);
    }
  }
  const list = (lang: Lang) =>
    [...registries.values()]
      .flatMap((r) => r.list(lang).filter((c) => owner.get(c.id) === r))
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { registries, owner, partOf, lists: { fr: list('fr'), en: list('en') }, errors };
}

export class LiveRegistry implements CourseRegistry {
  private parts: Parts;
  /** Courses of a part that lost their id to another part, as errors (a built-in added after the source). */
  private readonly refused = new Map<string, LoadError[]>();

  constructor(builtIn: CourseRegistry) {
    this.parts = compose(new Map([[BUILT_IN, builtIn]]), this.refused);
  }

  /** The course ids of `candidate` another part already serves (a source's update must not take them). */
  conflicts(part: string, candidate: Pick<CourseRegistry, 'list'>): { courseId: string; servedBy: string }[] {
    return candidate
      .list('en')
      .map((c) => ({ courseId: c.id, servedBy: this.parts.partOf.get(c.id) }))
      .filter(
        (c): c is { courseId: string; servedBy: string } => c.servedBy !== undefined && c.servedBy !== part,
      );
  }

  /** Serves `registry` as the part `part` (a source id) from now on; undefined removes the part. */
  replace(part: string, registry: CourseRegistry | undefined): void {
    if (part === BUILT_IN) throw new Error('the built-in courses are not replaced');
    const next = new Map(this.parts.registries);
    if (registry) next.set(part, registry);
    else next.delete(part);
    const refused: LoadError[] = [];
    if (registry)
      for (const { courseId, servedBy } of this.conflicts(part, registry))
        refused.push({
          file: courseId,
          field: 'id',
          message: `course "${courseId}" is already served by ${servedBy === BUILT_IN ? 'the platform' : `source ${servedBy}`}: not served from source ${part}`,
        });
    if (refused.length) this.refused.set(part, refused);
    else this.refused.delete(part);
    this.parts = compose(next, this.refused);
  }

  /** The part serving a course (BUILT_IN or a source id); undefined for an unknown course. */
  partOf(courseId: string): string | undefined {
    return this.parts.partOf.get(courseId);
  }

  /** The courses a part serves now. */
  coursesOf(part: string): string[] {
    return [...this.parts.partOf].filter(([, p]) => p === part).map(([id]) => id);
  }

  private of(courseId: string): CourseRegistry | undefined {
    return this.parts.owner.get(courseId);
  }

  get errors(): LoadError[] {
    return this.parts.errors;
  }

  list(lang: Lang): CourseSummary[] {
    return this.parts.lists[lang];
  }

  get(courseId: string, lang: Lang) {
    return this.of(courseId)?.get(courseId, lang);
  }

  environmentOf(courseId: string) {
    return this.of(courseId)?.environmentOf(courseId);
  }

  machinesOf(courseId: string) {
    return this.of(courseId)?.machinesOf(courseId);
  }

  has(courseId: string, exerciseId?: string): boolean {
    return this.of(courseId)?.has(courseId, exerciseId) ?? false;
  }

  runChecks(...args: Parameters<CourseRegistry['runChecks']>) {
    const r = this.of(args[2]);
    if (!r) return Promise.reject(new Error(`unknown course ${args[2]}`));
    return r.runChecks(...args);
  }

  async setupLab(...args: Parameters<CourseRegistry['setupLab']>): Promise<void> {
    await this.of(args[2])?.setupLab(...args);
  }

  assetPath(courseId: string, relPath: string) {
    return this.of(courseId)?.assetPath(courseId, relPath);
  }

  exerciseIds(courseId: string): string[] {
    return this.of(courseId)?.exerciseIds(courseId) ?? [];
  }

  solution(courseId: string, exerciseId: string) {
    return this.of(courseId)?.solution(courseId, exerciseId);
  }
}
