// Composition root: the only file with side effects (config → images → db → runtime → app → listen).
import path from 'node:path';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadCourses } from './courses/course-registry.js';
import { courseEnvs, imagePlan } from './labs/lab-images.js';
import { createSandbox } from './sandbox/docker-sandbox.js';
import type { StagedBuild } from './sandbox/sandbox-runtime.js';
import { createLogger, fallbackLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { announceSetupLink, dockerHint, startupSummary } from './observability/startup.js';
import { backupBeforeMigrating, startPeriodicBackups } from './store/backup.js';
import { MigrationError, openDatabase } from './store/database.js';
import { EnginesRepo } from './store/engines-repo.js';

let logger: Logger = fallbackLogger;
const log = (msg: string) => logger.info(msg);

async function main(): Promise<void> {
  // Where a start spends its time (logged in the `started` line): a restart should take about a second.
  const phases: Record<string, number> = { modules: Math.round(performance.now()) };
  let lap = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - lap);
    lap = now;
  };
  const config = loadConfig();
  logger = createLogger(config.logLevel, undefined, config.logFormat);
  const sandbox = createSandbox(config, { warn: (msg) => logger.warn(msg) });
  const { runtime } = sandbox;
  // The Engine's answers and the courses' compilation overlap: a restart is back sooner.
  // ATELIER_RUNTIME=auto: gVisor or sysbox when the engine has one (docs/SECURITY.md), else runc. Not
  // awaited: adopting running labs does not need it, and every lab creation waits for it.
  void sandbox.resolveRuntime().then(
    (choice) => log(choice.note),
    (err: unknown) => logger.warn({ err }, 'choosing the labs’ OCI runtime failed'),
  );
  const engine = runtime.ping();
  // The running labs are listed meanwhile too: adopting them is what a restart waits for before serving.
  const listing = { at: performance.now(), labs: runtime.list().catch(() => undefined) };
  const registry = await loadCourses(config.coursesDir, {
    exercisesDir: config.exercisesDir,
    lessonCacheFile: path.join(config.dataDir, 'lesson-cache.json'),
    codeCacheFile: path.join(config.dataDir, 'course-code-cache.json'),
  });
  for (const e of registry.errors)
    logger.error({ file: e.file, field: e.field }, `course refused: ${e.message}`);
  phase('courses');
  let staged: StagedBuild | undefined;
  const docker = await engine;
  phase('engine');
  if (!docker.ok) {
    logger.error(`Docker Engine unreachable (${docker.message}); labs cannot start until it answers.`);
    const hint = dockerHint(docker.message);
    if (hint) logger.error(hint);
  } else if (config.buildImages) {
    await sandbox.images.ensureBaseOs(log);
    // The first courses' images now, the others once the server listens (docs/OPERATIONS.md).
    const plan = imagePlan(courseEnvs(registry), config.imagesFirstOrder);
    staged = await sandbox.images.buildStaged(plan, log);
  }
  phase('images');

  const before = await backupBeforeMigrating(config.dbPath, config.backup);
  if (before) log(`database backed up before migrating: ${before.path}`);
  const db = openDatabase(config.dbPath);
  // Where each lab is, and the admin's drained engines, from the database (a lab on an engine that is down
  // is known to be there).
  sandbox.engines.attach(new EnginesRepo(db));
  phase('database');
  const metrics = new Metrics({ processMetrics: true });
  const stopBackups = startPeriodicBackups(db, {
    ...config.backup,
    onResult: (b) => {
      metrics.backups.inc({ result: 'ok' });
      metrics.lastBackup.set(b.createdAt.getTime() / 1000);
      logger.info({ file: b.path, bytes: b.bytes, ms: b.durationMs, removed: b.removed }, 'backup written');
    },
    onError: (err) => {
      metrics.backups.inc({ result: 'error' });
      logger.error({ err }, 'backup failed');
    },
  });
  const clientDir = path.resolve('dist/client');
  // Course sources' authoring tests: labs of their own instance, never taken for this server's orphans,
  // under the same OCI runtime as the learners' labs (its labs wait for the choice).
  const sourceSandbox = createSandbox({ ...config, instance: `${config.instance}-sources` });
  void sourceSandbox.resolveRuntime().catch(() => undefined);
  const { httpServer, labs, onLabEvent, classes, workshops, sources, drain, close } = createApp({
    config,
    db,
    runtime,
    registry,
    sourceLabs: sourceSandbox.runtime,
    engines: sandbox.engines,
    // Only images this process builds have a status; with ATELIER_BUILD_IMAGES=never every course is ready.
    images: staged && sandbox.images,
    clientDir,
    logger,
    metrics,
  });
  // Each course source's version in service, as last accepted (not tested again): before labs are adopted.
  await sources.ready;
  for (const e of sources.registry.errors.slice(registry.errors.length))
    logger.error({ file: e.file, field: e.field }, `course source: ${e.message}`);
  // OOM kills and unexpected lab deaths reach the learner (lab:status) and the log.
  phase('app');
  const labEvents = sandbox.events;
  await labEvents.start(onLabEvent);
  // Adopting the running labs is what a learner's shell needs to come back; removing containers of no lab
  // (the previous warm pool) waits until the server answers.
  // A listing older than a few seconds (images were built meanwhile) is taken again.
  // With several engines it is taken again too: the labs of an engine that is down come from the database.
  const fresh = performance.now() - listing.at < 5_000 && config.engines.length === 1;
  const listed = fresh ? await listing.labs : undefined;
  const adoption = docker.ok ? await labs.adopt(listed) : undefined;
  if (adoption) log(`labs: ${adoption.adopted} adopted, ${adoption.missing} to recreate on demand`);
  phase('labs');
  // Warm pool, idle/age sweeps and the disk watchdog: after the old pool is gone.
  let closing = false;
  void (adoption ? labs.removeOrphans(adoption.orphans) : Promise.resolve(0))
    .then((n) => n && log(`labs: ${n} orphan containers removed`))
    .catch((err: unknown) => logger.warn({ err }, 'removing orphan containers failed'))
    // Checkpoints of labs deleted while the server was down go too (their rows are gone).
    .then(() => (adoption ? labs.sweepCheckpoints() : 0))
    .then((n) => n && log(`labs: checkpoints of ${n} deleted labs dropped`))
    .catch((err: unknown) => logger.warn({ err }, 'dropping checkpoints of deleted labs failed'))
    .then(() => closing || labs.lifecycle.start())
    // Workshops whose end passed while the server was down end now; then every minute.
    .then(() => {
      if (!closing) void workshops.start();
    });

  httpServer.listen(config.port, config.host, () => {
    const addr = httpServer.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    phase('listen');
    logger.info({ startMs: Math.round(performance.now()), phasesMs: phases }, 'started');
    for (const line of startupSummary(config, port, db)) log(line);
    // First start: a one-time link creates the first administrator (valid until used or restart).
    const setupLink = classes.setup.link(config.publicOrigin ?? `http://${config.host}:${port}`);
    if (setupLink) announceSetupLink(logger, setupLink);
    // The other images, one at a time; their courses say « Préparation… » meanwhile.
    void staged?.rest().catch((err: unknown) => logger.error({ err }, 'building lab images failed'));
  });

  // SIGTERM/SIGINT: refuse new work, tell the pages, let checks in flight record, close sockets and the
  // database. Labs and the shells in them keep running for the next process to adopt.
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: draining, then shutting down (labs and shells keep running)`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await drain();
    labEvents.stop();
    await stopBackups();
    await close(); // pool containers stay for the next boot to remove
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  // A config or migration error is for the hoster to read: print it plainly, on stderr, and stop.
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof MigrationError)
    console.error(`[atelier] ${err.message}\nThe database was left as it was; nothing started.`);
  else logger.fatal({ err }, 'failed to start');
  process.exit(1);
});
