/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // isolatedModules: transpile only; `npm run build` (tsc) does the type check once for the whole tree.
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
  },
  testTimeout: 120000,
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
