/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile only; `npm run build` (tsc) type-checks the whole tree once.
    '^.+\\.ts$': 'ts-jest',
  },
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/snapshot-guard.cjs'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
