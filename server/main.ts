// Composition root: the only file with side effects (config → images → db → runtime → app → listen).
import path from 'node:path';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadCourses } from './courses/course-registry.js';
import { DockerRuntime } from './sandbox/docker-runtime.js';
import { allowedImages, buildAllImages } from './sandbox/docker-images.js';
import { openDatabase } from './store/database.js';

const log = (msg: string) => console.log(`[atelier] ${msg}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const registry = await loadCourses(config.coursesDir, { exercisesDir: config.exercisesDir });
  for (const e of registry.errors)
    console.error(`[courses] refused ${e.file}${e.field ? ` (${e.field})` : ''}: ${e.message}`);

  const runtime = new DockerRuntime({
    prefix: config.instance,
    limits: config.lab,
    allowedImages: allowedImages(config.exercisesDir, config.imagePrefix),
  });
  const docker = await runtime.ping();
  if (!docker.ok) {
    console.error(
      `[atelier] Docker Engine unreachable (${docker.message}); labs cannot start until it answers.`,
    );
  } else if (config.buildImages) {
    await buildAllImages({ exercisesDir: config.exercisesDir, prefix: config.imagePrefix, log });
  }

  const db = openDatabase(config.dbPath);
  const clientDir = path.resolve('dist/client');
  const { httpServer, io, labs, terminals } = createApp({ config, db, runtime, registry, clientDir });
  if (docker.ok) {
    const r = await labs.reconcile();
    log(
      `labs: ${r.adopted} adopted, ${r.orphansRemoved} orphan containers removed, ${r.missing} to recreate on demand`,
    );
  }

  httpServer.listen(config.port, config.host, () => {
    const addr = httpServer.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    log(`Atelier is ready on http://${config.host}:${port}`);
  });

  // SIGTERM/SIGINT: stop accepting, close sockets and shells, close the database. Labs keep running.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await terminals.closeAll();
    await io.close();
    httpServer.closeAllConnections();
    db.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('[atelier] failed to start:', err);
  process.exit(1);
});
