/**
 * The layer rules in eslint.config.js (docs/architecture.md) are enforced by `npm run lint`: a forbidden import
 * is an error with the layer's message, an allowed one is not. Real ESLint with the project's config.
 */
import { jest } from '@jest/globals';
import { ESLint } from 'eslint';

jest.setTimeout(60_000);

const eslint = new ESLint();
async function importErrors(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test.each([
  ['src/core/new-module.ts', '../storage/database.js', 'src/core depends on nothing else of ours.'],
  ['src/core/new-module.ts', '../features/alerts/types.js', 'src/core depends on nothing else of ours.'],
  ['src/core/bot.ts', '../registry/types.js', 'src/core depends on nothing else of ours.'],
  ['src/channels/teams/new-module.ts', '../../storage/database.js', 'A channel depends on core only.'],
  ['src/channels/slack/blocks/new-module.ts', '../../../features/act/cards.js', 'A channel depends on core only.'],
  [
    'src/features/act/new-module.ts',
    '../../channels/teams/app.js',
    'Features never import channels, HTTP, the CLI or main.',
  ],
  ['src/features/alerts/new-module.ts', '../../main.js', 'Features never import channels, HTTP, the CLI or main.'],
  [
    'src/storage/new-module.ts',
    '../features/alerts/queue.js',
    'Plumbing (knowledge, registry, storage) never imports features or entry points.',
  ],
  ['src/http/new-module.ts', '../storage/database.js', 'src/http depends on core (and config) only.'],
  ['src/core/new-module.ts', 'botbuilder', 'Only src/channels/* may import chat platform SDKs.'],
])('%s importing %s is refused', async (file, specifier, message) => {
  expect(await importErrors(file, specifier)).toEqual([
    `'${specifier}' import is restricted from being used by a pattern. ${message}`,
  ]);
});

test.each([
  ['src/core/new-module.ts', './model.js'],
  ['src/channels/teams/new-module.ts', '../../core/model.js'],
  ['src/channels/teams/new-module.ts', 'botbuilder'],
  ['src/features/act/new-module.ts', './purge/planner.js'],
  ['src/features/alerts/new-module.ts', '../../storage/types.js'],
  ['src/http/new-module.ts', '../core/ports.js'],
])('%s importing %s is allowed', async (file, specifier) => {
  expect(await importErrors(file, specifier)).toEqual([]);
});
