import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { CourseRegistry } from './courses/course-registry.js';
import { LiveRegistry } from './courses/live-registry.js';
import { SourceLibrary } from './courses/sources/source-library.js';
import { sourceAdminRoutes } from './http/source-admin-routes.js';
import type { ImageStatusSource, SandboxRuntime } from './sandbox/sandbox-runtime.js';
import type { Db } from './store/database.js';
import { SourcesRepo } from './store/sources-repo.js';

/** How often a server looks for versions another process (`npm run admin -- source-update`) accepted. */
const SYNC_EVERY_MS = 30_000;

export interface SourcesFeatureDeps {
  db: Db;
  config: Pick<Config, 'dataDir' | 'exercisesDir' | 'imagePrefix'>;
  /** The platform's own courses (courses/). */
  builtIn: CourseRegistry;
  /** Where the authoring tests' labs run: a runtime of its own instance, so no sweep takes them for orphans. */
  testRuntime: SandboxRuntime;
  /** Lab images this server still builds (main.ts); absent: every image is ready. */
  images?: ImageStatusSource;
  logger: Logger;
}

/**
 * Course libraries from git sources (server/courses/sources/): the live registry every other part reads,
 * the admin routes, and the served versions loaded at start without testing them again.
 */
export function createSourcesFeature(d: SourcesFeatureDeps) {
  const registry = new LiveRegistry(d.builtIn);
  const repo = new SourcesRepo(d.db);
  // An update this server was running when it stopped will not finish: say so rather than « updating ».
  repo.interrupted('the server stopped during this update: update again');
  const library = new SourceLibrary({
    repo,
    live: registry,
    root: path.join(d.config.dataDir, 'sources'),
    exercisesDir: d.config.exercisesDir,
    imagePrefix: d.config.imagePrefix,
    testRuntime: d.testRuntime,
    images: d.images,
    logger: d.logger,
  });
  /** Resolves once every source's version in service is served (main.ts waits for it before listening). */
  const ready = library.sync();
  const timer = setInterval(() => void library.sync(), SYNC_EVERY_MS);
  timer.unref();
  return {
    registry,
    library,
    ready,
    router: sourceAdminRoutes({ library, live: registry }),
    stop: () => clearInterval(timer),
  };
}

export type SourcesFeature = ReturnType<typeof createSourcesFeature>;
