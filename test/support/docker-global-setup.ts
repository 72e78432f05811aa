// vitest globalSetup for the Docker-backed projects: the Engine must answer (no silent skipping), and the
// lab images must be current. Unchanged images are not rebuilt (content-hash label).
import { loadConfig } from '../../server/config.js';
import { buildAllImages, ensureBaseOs } from '../../server/sandbox/docker-images.js';
import { DockerRuntime } from '../../server/sandbox/docker-runtime.js';

export default async function setup(): Promise<void> {
  const config = loadConfig();
  const runtime = new DockerRuntime({
    prefix: config.imagePrefix,
    limits: config.lab,
    allowedImages: new Set(),
  });
  const engine = await runtime.ping();
  if (!engine.ok) {
    throw new Error(`Docker Engine unreachable (${engine.message}); run \`bash scripts/ensure-docker.sh\`.`);
  }
  const log = (line: string) => console.log(`[images] ${line}`);
  await ensureBaseOs(config.imagePrefix, { log });
  await buildAllImages({ exercisesDir: config.exercisesDir, prefix: config.imagePrefix, log });
}
