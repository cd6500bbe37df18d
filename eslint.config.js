import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '**/coverage/**', '.artifacts/**', 'contracts/pacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', queueMicrotask: 'readonly', performance: 'readonly', document: 'readonly', window: 'readonly', sessionStorage: 'readonly', EventSource: 'readonly', HTMLElement: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@triggerkit/core/*', '!@triggerkit/core/package.json', '!@triggerkit/core/client', '!@triggerkit/core/testing'], message: 'Use the public entry point of @triggerkit/core.' }] },
      ],
    },
  },
  {
    files: ['packages/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['express', 'express/*', '@nestjs/*', 'fastify', 'fastify-plugin', 'hono', 'hono/*'], message: 'core imports no framework.' }] }],
    },
  },
);
