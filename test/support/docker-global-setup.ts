// vitest globalSetup for the Docker-backed projects: the Engine must answer (no silent skipping), and the
// lab images must be current. Unchanged images are not rebuilt (content-hash label). Tests that spawn the
// real server run the compiled one, so it is compiled here from the current sources (under a second).
import { loadConfig } from '../../server/config.js';
import { createSandbox } from '../../server/sandbox/docker-sandbox.js';
import { buildServer } from './server-process.js';

export default async function setup(): Promise<void> {
  const { runtime, images } = createSandbox(loadConfig());
  const engine = await runtime.ping();
  if (!engine.ok) {
    throw new Error(`Docker Engine unreachable (${engine.message}); run \`bash scripts/ensure-docker.sh\`.`);
  }
  buildServer();
  const log = (line: string) => console.log(`[images] ${line}`);
  await images.ensureBaseOs(log);
  await images.buildAll(log);
}
