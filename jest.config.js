// ESM + ts-jest: run through scripts/test.sh (sets --experimental-vm-modules).
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // ESM-only package require()d by @microsoft/app-manifest: see test/support/strip-bom.cjs.
    '^strip-bom$': '<rootDir>/test/support/strip-bom.cjs',
    // p-limit maps #async_hooks to the bare builtin, which jest-resolve cannot find: point it at node:.
    '^#async_hooks$': 'node:async_hooks',
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
