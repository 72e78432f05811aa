import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:deploy`: the platform image built and run with docker-compose (CI runs it after npm test).
// Kept out of the default `vitest run`: building the image takes minutes.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'deploy',
    include: ['test/deploy/**/*.test.ts'],
    globalSetup: ['test/support/docker-global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 1_200_000,
    fileParallelism: false,
  },
});
