// ESM + ts-jest: run through scripts/test.sh (sets --experimental-vm-modules).
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
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/golden/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
  ],
};
