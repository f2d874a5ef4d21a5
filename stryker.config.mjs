// StrykerJS mutation testing of one source folder per run (`npm run mutate`, scripts/mutate.cjs sets MUTATE_FOLDER).
// Not part of CI: it takes tens of minutes per folder on 2 cores. Method, timings and results: docs/testing.md.
const folder = process.env.MUTATE_FOLDER ?? 'config';
const reports = `reports/mutation/${folder}`;

/**
 * The behaviour tests each folder is measured by. Not the whole suite, for two reasons (docs/testing.md):
 * - Snapshot and drift tests (test/synth/snapshot, test/synth/drift, test/helm/drift, test/pipeline/drift,
 *   test/infra/stacks' snapshots) kill almost any mutant, but a regenerate silences them: the score should say what
 *   the behaviour tests prove.
 * - Most src/config mutants are static (module-level schemas and profiles): each runs every test file that imports
 *   the folder. With the whole suite (helm, PostgreSQL, Alertmanager, CDKTF, ~10 min) that is days on 2 cores.
 */
const TESTS = {
  config: [
    'test/config/**', // the platform file: schema, profiles, rules, messages
    'test/sop/rules.test.ts', // the SOP sections' rules
    'test/helm/value-guards.test.ts', // the chart's guards mirror the sizing rules
    'test/constructs/disruption-budget.test.ts', // one zone's share
  ],
  // Each construct built inside its test. Not test/synth/workload-properties.test.ts nor test/sop/drill-objects.test.ts:
  // they render at module load, so Stryker sees their coverage as static and would ignore every mutant only they reach.
  constructs: [
    'test/constructs/**', // each construct with props, its objects validated against the Kubernetes schema
    'test/dr-simulation/zone-spread.test.ts', // the spread rule through the scheduler's filters
    'test/observability/canary-analysis.test.ts', // the canary analysis' queries judged on a real Prometheus
  ],
  observability: ['test/observability/**'],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    configFile: 'jest.config.js',
    // ci: a missing snapshot fails instead of being written into the sandbox.
    config: {
      ci: true,
      testMatch: TESTS[folder].map((glob) => `<rootDir>/${glob.replace(/\*\*$/, '**/*.test.ts')}`),
      // Jest's --findRelatedTests (below) walks the import graph only inside `roots`: with jest.config.js's test/
      // alone it stops at a test's direct imports, so a test reaching src/ through test/helpers (the rendered
      // manifests, the platform loader) was silently dropped from the dry run, its mutants left NoCoverage.
      roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/cli', '<rootDir>/infra'],
    },
    enableFindRelatedTests: true,
  },
  checkers: ['typescript'],
  tsconfigFile: 'scripts/tsconfig.mutate.json',
  coverageAnalysis: 'perTest',
  // Static mutants (module-level code: schemas, profiles, tables) need every covering test file reloaded per mutant:
  // 766 of src/config's 1396 compiling mutants and 99% of its run time (12 h on 2 cores). Left out unless MUTATE_STATIC=1
  // (`npm run mutate -- --static`); Stryker counts them as Ignored, outside the score (docs/testing.md).
  ignoreStatic: process.env.MUTATE_STATIC !== '1',
  mutate: [`src/${folder}/**/*.ts`],
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${reports}/mutation.json` },
  htmlReporter: { fileName: `${reports}/mutation.html` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true },
  // Tools the tests run start with the test: room above the dry run's timings.
  timeoutMS: 30000,
  dryRunTimeoutMinutes: 30,
  // The machine has 2 cores, shared.
  concurrency: 2,
  ignorePatterns: ['/lib', '/cdktf.out', '/coverage', '/reports', '/dist', '/charts'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
