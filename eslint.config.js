import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Only src/channels/* may import a chat platform SDK (docs/architecture.md).
const platformPackages = [
  'botbuilder',
  'botbuilder-*',
  '@microsoft/teams-ai',
  '@microsoft/teams-ai/*',
  '@slack/*',
  'botframework-*',
];
const platformRule = { group: platformPackages, message: 'Only src/channels/* may import chat platform SDKs.' };

// The layers of src/ and what each may not import (docs/architecture.md). An import is matched by the first
// folder after its leading ../ segments, so a layer's own subfolders (./x, ../purge/x inside actions) stay free.
const FEATURES = ['features', 'dialogs'];
const PLUMBING = ['registry', 'storage'];
const ENTRY = ['channels', 'http', 'cli', 'main'];
const ALL = ['config', ...FEATURES, ...PLUMBING, ...ENTRY];
const forbid = (dirs, why) => ({ regex: `^(\\.\\./)+(${dirs.join('|')})(/|\\.js$)`, message: why });
const layer = (files, dirs, why, extra = {}) => ({
  files,
  ...extra,
  rules: { 'no-restricted-imports': ['error', { patterns: [platformRule, forbid(dirs, why)] }] },
});

// Imports that cross a layer today and move with the restructuring (issue 11: Lang and ports into core,
// features under src/features/). New code may not add to this list.
const KNOWN_CROSSINGS = {
  core: ['src/core/bot.ts', 'src/core/i18n.ts', 'src/core/ports.ts', 'src/core/replies.ts'],
  channels: ['src/channels/teams/messenger.ts', 'src/channels/teams/app.ts', 'src/channels/teams/sql-storage.ts'],
  http: ['src/http/reports.ts'],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'devTools/**', 'build/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [platformRule] }],
    },
  },
  layer(['src/core/**/*.ts'], ALL, 'src/core depends on nothing else of ours.', { ignores: KNOWN_CROSSINGS.core }),
  layer(
    KNOWN_CROSSINGS.core,
    ALL.filter((d) => d !== 'features' && d !== 'storage'),
    'src/core depends on nothing else of ours.',
  ),
  layer(['src/features/**/*.ts', 'dialogs/**/*.ts'], ENTRY, 'Features never import channels, HTTP, the CLI or main.'),
  layer(
    ['src/{registry,storage}/**/*.ts'],
    [...FEATURES, ...ENTRY],
    'Plumbing (knowledge, registry, storage) never imports features or entry points.',
  ),
  layer(
    ['src/http/**/*.ts'],
    ALL.filter((d) => d !== 'config'),
    'src/http depends on core (and config) only.',
    { ignores: KNOWN_CROSSINGS.http },
  ),
  layer(
    KNOWN_CROSSINGS.http,
    ALL.filter((d) => d !== 'config' && d !== 'features'),
    'src/http depends on core (and config) only.',
  ),
  {
    ...layer(['src/channels/**/*.ts'], ALL, 'A channel depends on core only.', { ignores: KNOWN_CROSSINGS.channels }),
    rules: { 'no-restricted-imports': ['error', { patterns: [forbid(ALL, 'A channel depends on core only.')] }] },
  },
  {
    files: KNOWN_CROSSINGS.channels,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ALL.filter((d) => d !== 'storage' && d !== 'config'),
              'A channel depends on core only.',
            ),
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
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
