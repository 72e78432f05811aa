import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const DOCKERODE = {
  group: ['dockerode', 'dockerode/*'],
  message: 'Only server/sandbox/docker-*.ts may import dockerode: use the SandboxRuntime port.',
};
const TRANSPORT = {
  group: ['**/http/*', '**/realtime/*', '**/app.js', '**/class-feature.js', '**/main.js'],
  message: 'Domain code may not depend on HTTP, sockets or the composition root.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/e2e/artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // CommonJS files (the server's launcher) load with require by nature.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The server logs through pino (observability/logger.ts); only the composition root prints a plain
  // startup failure, before any logger exists.
  { files: ['server/**/*.ts'], ignores: ['server/main.ts'], rules: { 'no-console': 'error' } },
  // The sandbox port is sealed: only the Docker adapter (server/sandbox/docker-*.ts) talks to Docker.
  // Tests and benches may, to look at containers from outside.
  {
    files: ['server/**', 'scripts/**', 'client/**'],
    ignores: ['server/sandbox/docker-*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DOCKERODE] }] },
  },
  // The domain knows no transport: it throws AppError and talks through injected callbacks. (Flat config
  // does not merge rule options across blocks, so this block repeats the dockerode pattern.)
  {
    files: ['server/{auth,classes,courses,labs,store,errors}/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DOCKERODE, TRANSPORT] }] },
  },
);
