// ESM + ts-jest: run through scripts/test.sh (sets --experimental-vm-modules).
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  // p-limit maps #async_hooks to the bare builtin, which jest-resolve cannot find: point it at node:.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^#async_hooks$': 'node:async_hooks' },
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
