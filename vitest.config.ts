import { defineConfig } from 'vitest/config';

// Tests split by cost: unit (no Docker), integration + security (real Docker Engine), e2e (real Chromium).
export default defineConfig({
  test: {
    // One file at a time: Docker-backed files share one engine and a 2-core machine.
    fileParallelism: false,
    projects: [
      // Unit files touch no engine: two at a time on the 2 cores.
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/docker-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          globalSetup: ['test/support/docker-global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/docker-global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
