/**
 * The layers of src/ and dialogs/ and the directions their imports may take: the one place they are written
 * (docs/architecture.md draws them). `npm run lint` runs dependency-cruiser with this file; a forbidden import
 * fails it. Type-only imports count too: a type is a dependency on the module that owns it.
 *
 *   core      depends on nothing of ours
 *   features  (src/features/*, dialogs/ = Act's request wizard) on core, registry, storage, config and
 *             themselves; another feature only through its index.ts (what it exports for others)
 *   knowledge (src/features/ask/knowledge, Ask's FAQ index) on no feature, not even Ask's learning
 *   registry, storage, config never import features or entry points (config: core only)
 *   channels  on core only; the only code that may import a chat platform SDK
 *   http      on core and config
 *   cli, main on everything
 * and no circular imports.
 */

const TREE = '^(src|dialogs)/';
const CORE = '^src/core/';
const CONFIG = '^src/config/';
const PLUMBING = ['^src/registry/', '^src/storage/', CONFIG];
const FEATURES = {
  ask: ['^src/features/ask/'],
  act: ['^src/features/act/', '^dialogs/'],
  alerts: ['^src/features/alerts/'],
};
const ALL_FEATURES = Object.values(FEATURES).flat();
const FEATURE_PUBLIC_FACE = '^src/features/[^/]+/index\\.ts$';
const ENTRY_POINTS = ['^src/channels/', '^src/http/', '^src/cli/', '^src/main\\.ts$'];
const PLATFORM_SDKS = '(^|/)node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai|@slack/[^/]+)/';

/** Each rule: the files it governs (`from`), what of ours they may not import (`to`, minus `allowed`). */
const LAYERS = [
  {
    name: 'core-depends-on-nothing-of-ours',
    comment: 'src/core is the channel-neutral heart: every layer may use it, so it may use none of them.',
    from: [CORE],
    to: [TREE],
    allowed: [CORE],
  },
  {
    name: 'feature-imports-no-entry-point',
    comment:
      'A feature decides and returns a neutral reply; it never imports a channel, the HTTP server, the CLI or main.',
    from: ALL_FEATURES,
    to: ENTRY_POINTS,
    allowed: [],
  },
  ...Object.entries(FEATURES).map(([feature, own]) => ({
    name: `${feature}-keeps-out-of-other-features`,
    comment: `A feature never imports another feature's internals; it may use what the other exports for others (its index.ts).`,
    from: own,
    to: ALL_FEATURES,
    allowed: [...own, FEATURE_PUBLIC_FACE],
  })),
  {
    name: 'faq-index-imports-no-feature',
    comment:
      "Ask's knowledge/ (the FAQ index) is plumbing owned by Ask: it imports neither Ask's learning nor any other feature.",
    from: ['^src/features/ask/knowledge/'],
    to: [...ALL_FEATURES],
    allowed: ['^src/features/ask/knowledge/'],
  },
  {
    name: 'plumbing-imports-no-feature-or-entry-point',
    comment:
      'registry, storage and config do one technical job each; features and entry points build on them, not the reverse.',
    from: PLUMBING,
    to: [...ALL_FEATURES, ...ENTRY_POINTS],
    allowed: [],
  },
  {
    name: 'config-depends-on-core-only',
    comment: 'The typed configuration is read by everyone, so it reads nothing of ours but core.',
    from: [CONFIG],
    to: [TREE],
    allowed: [CONFIG, CORE],
  },
  {
    name: 'channel-depends-on-core-only',
    comment:
      'A channel translates between one platform and the neutral model; it never decides, so it needs only core.',
    from: ['^src/channels/(teams|slack)/'],
    to: [TREE],
    allowed: ['^src/channels/$1/', CORE],
  },
  {
    name: 'http-depends-on-core-and-config',
    comment: 'The HTTP server mounts what channels and features bring (wired in main.ts); it imports none of them.',
    from: ['^src/http/'],
    to: [TREE],
    allowed: ['^src/http/', CORE, CONFIG],
  },
  {
    name: 'only-channels-import-platform-sdks',
    comment:
      'botbuilder, teams-ai, botframework-* and @slack/* stay inside src/channels/*, so a platform change touches one folder.',
    from: [TREE],
    fromNot: ['^src/channels/'],
    to: [PLATFORM_SDKS],
    allowed: [],
  },
];

/**
 * Imports that cross a layer, each allowed only from the file to the module named here (none today: keep it so).
 * New code cannot add to them without saying why here. test/unit/lint/layers.test.ts fails when one no longer
 * exists: then delete it here.
 */
const KNOWN_CROSSINGS = [];

/** Type-only import cycles that exist today, each pair being removed like the crossings above. */
const KNOWN_CYCLES = [];

const exact = (file) => `^${file.replace(/[.]/g, '\\.')}$`;
const crossings = KNOWN_CROSSINGS.flatMap(({ to, from }) => from.map((file) => ({ from: file, to })));
const matches = (patterns, file) => patterns.some((p) => new RegExp(p).test(file));
/** depcruise fills `$1` in `to` from the `from` path's first group; the per-file rules below do it themselves. */
const withGroup = (patterns, group) => patterns.map((p) => p.replace('$1', group ?? '$1'));

/** The part of a file's path the layer captures (`$1`), or null when the layer does not govern the file. */
function governed(layer, file) {
  if (matches(layer.fromNot ?? [], file)) return null;
  const hit = layer.from.map((p) => new RegExp(p).exec(file)).find(Boolean);
  return hit ? { group: hit[1] } : null;
}

/** A crossing the layer's rule would refuse: the file is governed by the rule and the target is not allowed. */
function refuses(layer, { from, to }) {
  const governs = governed(layer, from);
  return Boolean(governs) && matches(layer.to, to) && !matches(withGroup(layer.allowed, governs.group), to);
}

function rule(layer, fromPath, fromNot, allowed) {
  return {
    name: layer.name,
    comment: layer.comment,
    severity: 'error',
    from: { path: fromPath, pathNot: fromNot },
    to: { path: layer.to, pathNot: allowed },
  };
}

/** The layer's rule for every file but its known crossings, plus one rule per crossing file that allows its targets. */
function layerRules(layer) {
  const known = crossings.filter((c) => refuses(layer, c));
  const files = [...new Set(known.map((c) => c.from))];
  return [
    rule(layer, layer.from, [...(layer.fromNot ?? []), ...files.map(exact)], layer.allowed),
    ...files.map((file) =>
      rule(
        layer,
        exact(file),
        [],
        [
          ...withGroup(layer.allowed, governed(layer, file).group),
          ...known.filter((c) => c.from === file).map((c) => exact(c.to)),
        ],
      ),
    ),
  ];
}

const noCycles = {
  name: 'no-circular',
  comment:
    'Modules of ours never import each other in a circle: the two would be one (neither understood, tested or moved alone) and load order would decide behaviour.',
  severity: 'error',
  from: { path: TREE, pathNot: KNOWN_CYCLES.flat().map(exact) },
  to: { circular: true },
};
const knownCycleRules = KNOWN_CYCLES.flatMap((pair) =>
  pair.map((file, i) => ({
    ...noCycles,
    from: { path: exact(file) },
    to: { circular: true, pathNot: exact(pair[1 - i]) },
  })),
);

const unneeded = crossings.filter((c) => !LAYERS.some((layer) => refuses(layer, c)));
if (unneeded.length > 0) {
  throw new Error(
    `KNOWN_CROSSINGS lists imports no layer refuses: ${unneeded.map((c) => `${c.from} → ${c.to}`).join(', ')}`,
  );
}

const ruleSet = {
  forbidden: [
    ...LAYERS.flatMap(layerRules),
    noCycles,
    ...knownCycleRules,
    {
      name: 'no-unresolvable-import',
      comment: 'An import that cannot be resolved escapes every rule above.',
      severity: 'error',
      from: { path: TREE },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

// The crossings are also readable by the layer test (not enumerable, so depcruise's schema never sees them).
Object.defineProperty(ruleSet, 'knownCrossings', { value: crossings, enumerable: false });
Object.defineProperty(ruleSet, 'knownCycles', { value: KNOWN_CYCLES, enumerable: false });
module.exports = ruleSet;
