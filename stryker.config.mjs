// StrykerJS mutation testing of one source folder per run (`npm run mutate`, scripts/mutate.cjs sets MUTATE_FOLDER).
// Not part of CI: a full run takes hours on 2 cores. Method and results: docs/testing.md.
const folder = process.env.MUTATE_FOLDER ?? 'config';
const reports = `reports/mutation/${folder}`;

/** Test files left out of the mutant runs, and why (see docs/testing.md). */
const NOT_RUN = [
  // Run the compiled lib/ in a child process: they would test the unmutated build, not the mutant.
  '<rootDir>/test/synth/cli.test.ts',
  '<rootDir>/test/dr-simulation/cli.test.ts',
  // Compare vendored CRDs with `cdk8s import` and test the test support: no src code involved.
  '<rootDir>/test/synth/imports-drift.test.ts',
  '<rootDir>/test/support-tests/',
  // Terraform's own validation of the synthesized stacks: minutes per run, and 6.x output cannot be fully validated.
  '<rootDir>/test/infra/terraform-validate.test.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    configFile: 'jest.config.js',
    // ci: a missing snapshot fails instead of being written into the sandbox.
    config: { ci: true, testPathIgnorePatterns: ['/node_modules/', ...NOT_RUN] },
    enableFindRelatedTests: true,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  mutate: [`src/${folder}/**/*.ts`],
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${reports}/mutation.json` },
  htmlReporter: { fileName: `${reports}/mutation.html` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true },
  // Tools the tests run start with the test: room above the dry run's timings.
  timeoutMS: 30000,
  dryRunTimeoutMinutes: 60,
  concurrency: 2,
  ignorePatterns: ['/lib', '/cdktf.out', '/coverage', '/reports'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
