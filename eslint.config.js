import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  // The server logs through pino (observability/logger.ts); only the composition root prints a plain
  // startup failure, before any logger exists.
  { files: ['server/**/*.ts'], ignores: ['server/main.ts'], rules: { 'no-console': 'error' } },
  // The domain knows no transport: it throws AppError and talks through injected callbacks.
  {
    files: ['server/{auth,classes,courses,labs,store,errors}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/http/*', '**/realtime/*', '**/app.js', '**/class-feature.js', '**/main.js'],
              message: 'Domain code may not depend on HTTP, sockets or the composition root.',
            },
          ],
        },
      ],
    },
  },
);
