/**
 * The guards that keep the suite honest, run as CI runs them: `npm run lint`'s eslint (eslint-plugin-jest) refuses a
 * focused or disabled test and an expect that asserts nothing; jest in CI (CI=true, test/helpers/snapshot-guard.cjs)
 * fails on an obsolete snapshot and refuses to write a missing one. Each with its negative control.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers/files';

/** Test files to lint, by name: each as if it were a test file of the project. */
const PROBES: Record<string, string> = {
  control: "it('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
  'it.only': "it.only('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
  'describe.only': "describe.only('math', () => {\n  it('adds', () => expect(2).toBe(2));\n});\n",
  fit: "fit('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
  'it.skip': "it.skip('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
  xit: "xit('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
  'describe.skip': "describe.skip('math', () => {\n  it('adds', () => expect(2).toBe(2));\n});\n",
  'an expect without a matcher': "it('adds', () => {\n  expect(1 + 1);\n});\n",
  'a test without an expect': "it('adds', () => {\n  const sum = 1 + 1;\n  void sum;\n});\n",
};

/**
 * The errors eslint reports for each probe, with the project's eslint.config.mjs (what `npm run lint` runs), in one
 * child process: ESLint's flat config is an ES module, which jest's module loader does not import.
 */
function lintProbes(): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = {};
      for (const [name, code] of Object.entries(probes)) {
        const [result] = await eslint.lintText(code, { filePath: 'test/probe/guard.test.ts' });
        out[name] = result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message).sort();
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    input: JSON.stringify(PROBES),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`eslint failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('npm run lint (eslint-plugin-jest)', () => {
  const errors = lintProbes();

  it('accepts a test that asserts something (the control)', () => {
    expect(errors.control).toEqual([]);
  });

  it.each([
    ['it.only', 'jest/no-focused-tests'],
    ['describe.only', 'jest/no-focused-tests'],
    ['fit', 'jest/no-focused-tests'],
    ['it.skip', 'jest/no-disabled-tests'],
    ['xit', 'jest/no-disabled-tests'],
    ['describe.skip', 'jest/no-disabled-tests'],
    ['an expect without a matcher', 'jest/valid-expect'],
    ['a test without an expect', 'jest/expect-expect'],
  ])('fails on %s (%s)', (probe, rule) => {
    expect(errors[probe]).toContain(rule);
  });
});

describe('jest in CI (CI=true)', () => {
  const TEST = "it('renders', () => {\n  expect({ replicas: 3 }).toMatchSnapshot();\n});\n";
  const OBSOLETE = '\nexports[`a test that was renamed 1`] = `"gone"`;\n';

  /** A project of one snapshot test, run by the project's jest with the project's snapshot guard. */
  function project() {
    const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-guard-'));
    writeFileSync(path.join(dir, 'render.test.js'), TEST);
    writeFileSync(
      path.join(dir, 'jest.config.js'),
      `module.exports = ${JSON.stringify({
        rootDir: dir,
        testEnvironment: 'node',
        transform: {},
        reporters: ['default', path.join(ROOT, 'test', 'helpers', 'snapshot-guard.cjs')],
      })};\n`,
    );
    const snapshotFile = path.join(dir, '__snapshots__', 'render.test.js.snap');
    const jest = (ci: boolean) => {
      const result = spawnSync(
        process.execPath,
        [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', path.join(dir, 'jest.config.js')],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, CI: ci ? 'true' : '' },
        },
      );
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };
    return { dir, snapshotFile, jest };
  }

  it('passes with the snapshots its tests check (the control)', () => {
    const { snapshotFile, jest } = project();
    expect(jest(false).status).toBe(0); // outside CI, jest writes the new snapshot
    expect(readFileSync(snapshotFile, 'utf8')).toContain('exports[`renders 1`]');
    expect(jest(true).status).toBe(0);
  });

  it('fails on an obsolete snapshot, naming it', () => {
    const { snapshotFile, jest } = project();
    expect(jest(false).status).toBe(0);
    appendFileSync(snapshotFile, OBSOLETE);
    const run = jest(true);
    expect(run.output).toContain('1 obsolete snapshot(s)');
    expect(run.output).toContain('a test that was renamed 1');
    expect(run.status).toBe(1);
  });

  it('fails on a snapshot that was never written, and writes nothing', () => {
    const { dir, snapshotFile, jest } = project();
    mkdirSync(path.join(dir, '__snapshots__'));
    const run = jest(true);
    expect(run.output).toContain('New snapshot was not written');
    expect(run.status).toBe(1);
    expect(() => readFileSync(snapshotFile)).toThrow(/ENOENT/);
  });
});
