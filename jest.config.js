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
  // One worker per core, not jest's cores - 1: much of a test file's time is spent waiting on a real tool (helm,
  // promtool, PostgreSQL, terraform) in a child process. On 2 cores: 240 s instead of 358 s for the whole suite.
  maxWorkers: '100%',
  reporters: ['default', '<rootDir>/test/helpers/snapshot-guard.cjs'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
