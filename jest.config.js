// ESM + ts-jest: run through scripts/jest.sh (npm test, npm run jest|test:unit|test:integration), which sets
// --experimental-vm-modules. JEST_PROJECT=unit|integration keeps one project.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // ESM-only package require()d by @microsoft/app-manifest: see test/support/strip-bom.cjs.
    '^strip-bom$': '<rootDir>/test/support/strip-bom.cjs',
    // p-limit's #async_hooks import: see test/support/async-hooks.mjs.
    '^#async_hooks$': '<rootDir>/test/support/async-hooks.mjs',
  },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};
const projects = [
  {
    ...common,
    displayName: 'unit',
    testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/golden/**/*.test.ts'],
  },
  {
    ...common,
    displayName: 'integration',
    testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
  },
];
const only = process.env.JEST_PROJECT;
if (only && !projects.some((p) => p.displayName === only))
  throw new Error(`JEST_PROJECT=${only}: no such jest project`);
export default { projects: only ? projects.filter((p) => p.displayName === only) : projects };
