// Course sources: add, update, remove, and what the live registry serves from each. An update fetches,
// validates every course (manifests only, the schema, images of the platform's exercises/, no id taken by
// another part) and runs the authoring test in real labs; only then does the new version replace the
// old one. A failed update leaves the version in service and records why.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { AppError } from '../../errors/app-error.js';
import type { ImageStatusSource, SandboxRuntime } from '../../sandbox/sandbox-runtime.js';
import type { SourceRecord, SourcesRepo } from '../../store/sources-repo.js';
import { loadCourses, type CourseRegistry, type LoadError } from '../course-registry.js';
import { testCourse } from '../course-tester.js';
import type { LiveRegistry } from '../live-registry.js';
import { coursesRootOf, FetchError, fetchSource, pruneVersions, sourceKindOf } from './source-fetch.js';

/** An update that died (a killed process) is taken over after this. */
const STALE_UPDATE_MS = 60 * 60 * 1000;

export interface SourceLibraryDeps {
  repo: SourcesRepo;
  live: LiveRegistry;
  /** `<dataDir>/sources`: `<id>/<version>` holds each checkout. */
  root: string;
  exercisesDir: string;
  imagePrefix: string;
  /** Where the authoring tests' labs run: a runtime whose labs no server sweeps as orphans. */
  testRuntime: SandboxRuntime;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Lab images still being built by this server (main.ts); absent: every image is ready. */
  images?: ImageStatusSource;
  /** git's budget per command (tests shorten it). */
  fetchTimeoutMs?: number;
}

export class SourceLibrary {
  /** The version each source serves in this process. */
  private readonly served = new Map<string, string>();
  /** Serialises swaps (an update and a sync never interleave their replace()). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: SourceLibraryDeps) {}

  list(): SourceRecord[] {
    return this.d.repo.list();
  }

  /** Records a new source (nothing fetched yet). Throws invalid-source for a URL or ref it cannot use. */
  add(url: string, ref: string | null): SourceRecord {
    let kind;
    try {
      kind = sourceKindOf(url, ref);
    } catch (err) {
      throw new AppError('invalid-source', (err as Error).message);
    }
    if (this.d.repo.list().some((s) => s.url === url && s.ref === ref))
      throw new AppError('source-exists', 'Cette source est déjà enregistrée.');
    return this.d.repo.add({ id: `src-${randomBytes(4).toString('hex')}`, kind, url, ref });
  }

  /** Stops serving the source's courses and forgets it (its checkouts are removed). */
  remove(id: string): void {
    if (!this.d.repo.remove(id)) throw new AppError('unknown-source', 'Source inconnue.');
    this.served.delete(id);
    this.d.live.replace(id, undefined);
    rmSync(path.join(this.d.root, id), { recursive: true, force: true });
    rmSync(this.cacheOf(id), { force: true });
  }

  /**
   * Serves what the database says each source serves, without testing again (it was tested when it was
   * accepted): at start, and after another process (`npm run admin`) changed a source. Never throws.
   */
  sync(): Promise<void> {
    return this.serial(async () => {
      const rows = this.d.repo.list();
      for (const id of this.served.keys())
        if (!rows.some((r) => r.id === id)) {
          this.served.delete(id);
          this.d.live.replace(id, undefined);
        }
      for (const r of rows) {
        if (!r.currentVersion || this.served.get(r.id) === r.currentVersion) continue;
        const registry = await this.load(r.id, path.join(this.d.root, r.id, r.currentVersion));
        if (registry.errors.length)
          this.d.logger?.error(
            { source: r.id, version: r.currentVersion, errors: registry.errors.slice(0, 5) },
            'course source: its version in service does not load',
          );
        this.d.live.replace(r.id, registry);
        this.served.set(r.id, r.currentVersion);
      }
    }).catch((err: unknown) => this.d.logger?.error({ err }, 'course sources: sync failed'));
  }

  /**
   * Fetches the source's branch or tag, validates and tests its courses, and serves the new version when
   * everything passed. Throws unknown-source or source-busy at once (the record says `updating` when it
   * returns); the promise resolves with the record (status ok or failed) and never rejects.
   */
  update(id: string): Promise<SourceRecord> {
    const source = this.d.repo.get(id);
    if (!source) throw new AppError('unknown-source', 'Source inconnue.');
    if (!this.d.repo.claim(id, STALE_UPDATE_MS))
      throw new AppError('source-busy', 'Une mise à jour de cette source est déjà en cours.');
    return this.run(source).catch((err: unknown) => {
      this.d.logger?.error({ err, source: id }, 'course source update crashed');
      return source;
    });
  }

  private async run(source: SourceRecord): Promise<SourceRecord> {
    const { id } = source;
    const started = Date.now();
    const root = path.join(this.d.root, id);
    let fetched: { version: string; dir: string } | undefined;
    try {
      fetched = await fetchSource(source, root, this.d.fetchTimeoutMs);
      const { version, dir } = fetched;
      const registry = await this.load(id, dir);
      const errors = [...registry.errors, ...this.problems(id, registry, dir)];
      if (!errors.length && version !== source.currentVersion)
        errors.push(...(await this.test(registry, dir)));
      if (errors.length) {
        this.d.repo.failed(id, errors);
        if (version !== source.currentVersion) pruneVersions(root, keep(source.currentVersion));
        this.d.logger?.warn(
          { source: id, version, errors: errors.slice(0, 5) },
          'course source update refused',
        );
        return this.d.repo.get(id) ?? source;
      }
      const courseIds = registry.list('en').map((c) => c.id);
      const kept = await this.serial(async () => {
        if (!this.d.repo.get(id)) return false; // removed while it was tested: serve nothing
        this.d.live.replace(id, registry);
        this.served.set(id, version);
        this.d.repo.succeeded(id, version, courseIds);
        return true;
      });
      if (!kept) {
        rmSync(root, { recursive: true, force: true });
        return { ...source, status: 'failed', lastErrors: [] };
      }
      pruneVersions(root, [version]);
      this.d.logger?.info(
        { source: id, version, courses: courseIds, ms: Date.now() - started },
        'course source updated',
      );
      return this.d.repo.get(id) ?? source;
    } catch (err) {
      const file = err instanceof FetchError ? (err.file ?? source.url) : source.url;
      this.d.repo.failed(id, [{ file, message: (err as Error).message }]);
      if (fetched && fetched.version !== source.currentVersion)
        pruneVersions(root, keep(source.currentVersion));
      this.d.logger?.warn({ source: id, err }, 'course source update failed');
      return this.d.repo.get(id) ?? source;
    }
  }

  private load(id: string, checkout: string): Promise<CourseRegistry> {
    return loadCourses(coursesRootOf(checkout), {
      exercisesDir: this.d.exercisesDir,
      modules: false,
      displayRoot: checkout,
      // Rendered lessons kept between starts, as for the platform's courses (beside the checkouts).
      lessonCacheFile: this.cacheOf(id),
    });
  }

  /** What keeps a loaded version out: no course at all, or an id another part serves. */
  private problems(id: string, registry: CourseRegistry, checkout: string): LoadError[] {
    if (!registry.list('en').length && !registry.errors.length)
      return [
        { file: '.', message: 'no course found: a course is a folder holding course.yaml or course.json' },
      ];
    return this.d.live.conflicts(id, registry).map(({ courseId, servedBy }) => ({
      file: path.relative(checkout, path.join(coursesRootOf(checkout), courseId)),
      field: 'id',
      message: `the course id "${courseId}" is already taken by ${servedBy ? `source ${servedBy}` : 'a course of the platform'}: choose another id`,
    }));
  }

  /** The authoring test of every course: each exercise fails before its solution and passes after. */
  private async test(registry: CourseRegistry, checkout: string): Promise<LoadError[]> {
    const errors: LoadError[] = [];
    // Files named as the loader names them: from the checkout's top (e.g. courses/<id>/…).
    const shown = (rel: string) => path.relative(checkout, path.join(coursesRootOf(checkout), rel));
    for (const { id } of registry.list('en')) {
      const envs = [...new Set(registry.machinesOf(id)?.map((m) => m.image) ?? [])];
      const images = this.d.images;
      const waiting = images ? envs.filter((env) => images.status(env).state !== 'ready') : [];
      if (waiting.length) {
        errors.push({
          file: shown(id),
          message: `the lab image ${waiting.join(', ')} is not ready yet (being built, or its build failed): update again once it is`,
        });
        continue;
      }
      try {
        const rows = await testCourse(registry, this.d.testRuntime, id, { imagePrefix: this.d.imagePrefix });
        const order = registry.exerciseIds(id);
        for (const r of rows.filter((x) => !x.ok))
          errors.push({
            file: shown(`${id}/solutions/${r.exerciseId}.sh`),
            field: `exercises[${order.indexOf(r.exerciseId)}]`,
            message: r.problems.join('; ') || 'the authoring test failed',
          });
      } catch (err) {
        errors.push({ file: shown(id), message: `the test lab failed: ${(err as Error).message}` });
      }
    }
    return errors;
  }

  private cacheOf(id: string): string {
    return path.join(this.d.root, `${id}.lesson-cache.json`);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const keep = (version: string | null) => (version ? [version] : []);
