import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Code rules only. The layers of src/ and the one place chat platform SDKs may be imported (src/channels/*) are
// checked by dependency-cruiser (.dependency-cruiser.cjs, docs/architecture.md), also run by `npm run lint`.
export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'devTools/**', 'build/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain-JavaScript entry points that run without a TypeScript loader (forked child processes).
    files: ['**/*.mjs', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', global: 'readonly' } },
  },
  { files: ['.dependency-cruiser.cjs'], languageOptions: { globals: { module: 'writable' } } },
);
