/**
 * The layer rules in .dependency-cruiser.cjs (docs/architecture.md), run by `npm run lint`: real
 * dependency-cruiser with the project's config refuses a forbidden import with the layer's rule and lets an
 * allowed one through. The imports are small files written to a temporary tree shaped like ours (src/…,
 * dialogs/…, node_modules linked to the real one so platform SDKs resolve), cruised once.
 */
import { jest } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

jest.setTimeout(60_000);

const root = join(dirname(new URL(import.meta.url).pathname), '../../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as IConfiguration & {
  knownCrossings: { from: string; to: string }[];
  knownCycles: [string, string][];
};

const MISSING = 'src/features/act/missing.ts';

/** [importing file, imported module (a file of ours or a package), the rule that refuses it or null]. */
type Case = [from: string, to: string, refusedBy: string | null];

const refused: Case[] = [
  ['src/core/probe.ts', 'src/storage/database.ts', 'core-depends-on-nothing-of-ours'],
  ['src/core/probe.ts', 'src/features/alerts/types.ts', 'core-depends-on-nothing-of-ours'],
  ['src/core/probe-types.ts', 'src/config/index.ts', 'core-depends-on-nothing-of-ours'],
  ['src/channels/teams/sql-storage.ts', 'src/storage/state-store.ts', 'channel-depends-on-core-only'],
  ['src/core/probe.ts', 'botbuilder', 'only-channels-import-platform-sdks'],
  ['src/main.ts', '@microsoft/teams-ai', 'only-channels-import-platform-sdks'],
  ['src/features/act/probe.ts', '@slack/bolt', 'only-channels-import-platform-sdks'],
  ['src/channels/teams/probe.ts', 'src/storage/database.ts', 'channel-depends-on-core-only'],
  ['src/channels/slack/blocks/probe.ts', 'src/features/act/cards.ts', 'channel-depends-on-core-only'],
  ['src/channels/slack/probe.ts', 'src/channels/teams/cards/card.ts', 'channel-depends-on-core-only'],
  ['src/features/act/probe.ts', 'src/channels/teams/app.ts', 'feature-imports-no-entry-point'],
  ['src/features/alerts/probe.ts', 'src/main.ts', 'feature-imports-no-entry-point'],
  ['dialogs/probe.ts', 'src/http/server.ts', 'feature-imports-no-entry-point'],
  ['src/features/alerts/probe.ts', 'src/features/act/feature.ts', 'alerts-keeps-out-of-other-features'],
  ['src/features/act/probe.ts', 'src/features/ask/learning/store.ts', 'act-keeps-out-of-other-features'],
  ['src/features/ask/learning/probe.ts', 'dialogs/request-wizard.ts', 'ask-keeps-out-of-other-features'],
  ['src/features/ask/knowledge/probe.ts', 'src/features/ask/learning/store.ts', 'faq-index-imports-no-feature'],
  ['src/features/ask/knowledge/probe.ts', 'src/features/act/index.ts', 'faq-index-imports-no-feature'],
  ['src/storage/probe.ts', 'src/features/alerts/queue.ts', 'plumbing-imports-no-feature-or-entry-point'],
  ['src/registry/probe.ts', 'src/channels/teams/app.ts', 'plumbing-imports-no-feature-or-entry-point'],
  ['src/config/probe.ts', 'src/storage/types.ts', 'config-depends-on-core-only'],
  ['src/http/probe.ts', 'src/storage/database.ts', 'http-depends-on-core-and-config'],
  ['src/http/probe.ts', 'src/features/act/index.ts', 'http-depends-on-core-and-config'],
  ['src/features/act/probe.ts', MISSING, 'no-unresolvable-import'],
];

/** Two modules importing each other: dependency-cruiser reports the circle once, at either edge. */
const circle: Case[] = [
  ['src/features/alerts/circle-a.ts', 'src/features/alerts/circle-b.ts', 'no-circular'],
  ['src/features/alerts/circle-b.ts', 'src/features/alerts/circle-a.ts', 'no-circular'],
];

const allowed: Case[] = [
  ['src/core/probe.ts', 'src/core/model.ts', null],
  ['src/channels/teams/probe.ts', 'src/core/model.ts', null],
  ['src/channels/teams/probe.ts', 'src/channels/teams/cards/card.ts', null],
  ['src/channels/teams/probe.ts', 'botbuilder', null],
  ['src/channels/slack/probe.ts', '@slack/bolt', null],
  ['src/features/act/probe.ts', 'src/features/act/purge/planner.ts', null],
  ['src/features/act/probe.ts', 'dialogs/request-wizard.ts', null],
  ['src/features/act/probe.ts', 'src/registry/types.ts', null],
  ['src/features/act/probe.ts', 'src/storage/types.ts', null],
  ['src/features/act/probe.ts', 'src/config/index.ts', null],
  ['dialogs/probe.ts', 'src/features/act/request-params.ts', null],
  ['src/features/alerts/probe.ts', 'src/features/act/index.ts', null],
  ['src/features/ask/learning/probe.ts', 'src/features/ask/knowledge/types.ts', null],
  ['src/storage/probe.ts', 'src/core/model.ts', null],
  ['src/storage/probe.ts', 'src/config/index.ts', null],
  ['src/http/probe.ts', 'src/core/ports.ts', null],
  ['src/http/probe.ts', 'src/config/index.ts', null],
  ['src/cli/probe.ts', 'src/features/act/feature.ts', null],
  ['src/cli/probe.ts', 'src/storage/database.ts', null],
  ['src/main.ts', 'src/channels/teams/app.ts', null],
];

const isPackage = (module: string) => !/^(src|dialogs)\//.test(module);

/** What a violation names as the imported module: our file's path, the package, or (unresolved) the specifier. */
const target = (from: string, to: string) => (to === MISSING ? specifier(from, to) : to);

function specifier(from: string, to: string): string {
  if (isPackage(to)) return to;
  const path = relative(dirname(from), to).replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

/** The probe files with their imports (`import type` in files named *-types.ts: type-only imports count too), and
 * a one-line module for every imported file of ours that imports nothing itself. */
function probeFiles(cases: Case[]): Map<string, string> {
  const files = new Map<string, string>();
  cases.forEach(([from, to], i) => {
    const type = from.endsWith('-types.ts') ? 'type ' : '';
    files.set(from, `${files.get(from) ?? ''}import ${type}{ x as m${i} } from '${specifier(from, to)}';\n`);
  });
  for (const [, to] of cases) {
    if (!isPackage(to) && to !== MISSING && !files.has(to)) files.set(to, 'export const x = 1;\n');
  }
  return files;
}

let tree: string;
let violations: Map<string, string[]>;

beforeAll(async () => {
  tree = await mkdtemp(join(tmpdir(), 'layers-'));
  const { compilerOptions } = JSON.parse(await readFile(join(root, 'tsconfig.json'), 'utf8'));
  await writeFile(join(tree, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src', 'dialogs'] }));
  await symlink(join(root, 'node_modules'), join(tree, 'node_modules'));
  for (const [file, text] of probeFiles([...refused, ...circle, ...allowed])) {
    await mkdir(join(tree, dirname(file)), { recursive: true });
    await writeFile(join(tree, file), text);
  }
  const tsConfigFile = join(tree, 'tsconfig.json');
  const { output } = await cruise(
    ['src', 'dialogs'],
    { validate: true, ruleSet: config, baseDir: tree, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  violations = new Map();
  for (const v of (output as ICruiseResult).summary.violations) {
    const key = `${v.from} -> ${v.to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1')}`;
    violations.set(key, [...(violations.get(key) ?? []), v.rule.name].sort());
  }
});

afterAll(async () => {
  if (tree) await rm(tree, { recursive: true, force: true });
});

test.each(refused)('%s importing %s is refused by %s', (from, to, rule) => {
  expect(violations.get(`${from} -> ${target(from, to)}`)).toEqual([rule]);
});

test.each(allowed)('%s importing %s is allowed', (from, to) => {
  expect(violations.get(`${from} -> ${to}`)).toBeUndefined();
});

test('a circle of imports is refused by no-circular', () => {
  const found = circle.map(([from, to]) => violations.get(`${from} -> ${to}`)).filter(Boolean);
  expect(found).toEqual([['no-circular']]);
});

test('the probes produced no violation beyond the refused imports', () => {
  const expected = new Set([...refused, ...circle].map(([from, to]) => `${from} -> ${target(from, to)}`));
  expect([...violations.keys()].filter((key) => !expected.has(key))).toEqual([]);
});

describe('the real tree', () => {
  let real: ICruiseResult;
  beforeAll(async () => {
    const { output } = await cruise(
      ['src', 'dialogs'],
      { validate: true, ruleSet: config, baseDir: root },
      {},
      { tsConfig: extractTSConfig(join(root, 'tsconfig.json')) },
    );
    real = output as ICruiseResult;
  });

  test('keeps every layer rule', () => {
    expect(real.summary.violations).toEqual([]);
  });

  test('still has every known crossing and circle (one that is gone must leave the list, so nothing can reuse it)', () => {
    const edges = new Set(real.modules.flatMap((m) => m.dependencies.map((d) => `${m.source} -> ${d.resolved}`)));
    const listed = [
      ...config.knownCrossings.map(({ from, to }) => `${from} -> ${to}`),
      ...config.knownCycles.flatMap(([a, b]) => [`${a} -> ${b}`, `${b} -> ${a}`]),
    ];
    expect(listed.filter((edge) => !edges.has(edge))).toEqual([]);
  });
});
