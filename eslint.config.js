import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Rule 1 of the design: only src/channels/* may import a chat platform SDK.
const platformPackages = [
  'botbuilder',
  'botbuilder-*',
  '@microsoft/teams-ai',
  '@microsoft/teams-ai/*',
  '@slack/*',
  'botframework-*',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'devTools/**', 'build/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: platformPackages, message: 'Only src/channels/* may import chat platform SDKs (design rule 1).' },
          ],
        },
      ],
    },
  },
  {
    // Plain-JavaScript entry points that run without a TypeScript loader (forked child processes).
    files: ['**/*.mjs', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', global: 'readonly' } },
  },
  {
    files: ['src/channels/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
