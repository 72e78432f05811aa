// `npm run images`: makes the base OS image if needed, then builds every exercises/<env> image whose
// content changed. Exits non-zero with the failing image, step and last output lines.
import { ConfigError, loadConfig } from '../server/config.js';
import { createSandbox } from '../server/sandbox/docker-sandbox.js';

const log = (line: string) => console.log(`[images] ${line}`);

async function main(): Promise<void> {
  const { images } = createSandbox(loadConfig());
  const started = Date.now();
  await images.ensureBaseOs(log);
  const results = await images.buildAll(log);
  const built = results.filter((r) => r.built).length;
  log(`${results.length} images ready (${built} built) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? `[images] ${err.message}` : err);
  process.exit(1);
});
