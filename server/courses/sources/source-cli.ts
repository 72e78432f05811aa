// `npm run admin -- sources|source-add|source-update|source-remove`: the same library as the admin page,
// run in the admin's process. A running server serves a version accepted here within its next sync (30 s,
// or at once when the admin page lists the sources).
import path from 'node:path';
import type { Config } from '../../config.js';
import type { SandboxRuntime } from '../../sandbox/sandbox-runtime.js';
import type { Db } from '../../store/database.js';
import { SourcesRepo, type SourceRecord } from '../../store/sources-repo.js';
import { loadCourses } from '../course-registry.js';
import { LiveRegistry } from '../live-registry.js';
import { SourceLibrary } from './source-library.js';
import { createLogger } from '../../observability/logger.js';

/** The library over the platform's courses and every source's version in service (ids must stay unique). */
export async function cliLibrary(
  config: Pick<Config, 'coursesDir' | 'exercisesDir' | 'dataDir' | 'imagePrefix'>,
  db: Db,
  testRuntime: SandboxRuntime,
): Promise<SourceLibrary> {
  const builtIn = await loadCourses(config.coursesDir, { exercisesDir: config.exercisesDir });
  const library = new SourceLibrary({
    repo: new SourcesRepo(db),
    live: new LiveRegistry(builtIn),
    root: path.join(config.dataDir, 'sources'),
    exercisesDir: config.exercisesDir,
    imagePrefix: config.imagePrefix,
    testRuntime,
    logger: createLogger('error', process.stderr),
  });
  await library.sync();
  return library;
}

const when = (t: number | null) => (t ? new Date(t).toISOString() : '-');

/** A source as lines of text: its state, then each error of a failed update. */
export function describeSource(s: SourceRecord): string[] {
  const head = [
    s.id,
    s.status,
    s.currentVersion?.replace(/^(sha256-)?(.{12}).*$/, '$1$2') ?? '-',
    `${s.url}${s.ref ? `#${s.ref}` : ''}`,
    `updated ${when(s.updatedAt)}`,
    `tried ${when(s.attemptedAt)}`,
    s.courseIds.join(',') || '-',
  ].join('\t');
  const errors = s.status === 'failed' ? s.lastErrors : [];
  return [head, ...errors.map((e) => `  ${e.file}${e.field ? ` (${e.field})` : ''}: ${e.message}`)];
}
