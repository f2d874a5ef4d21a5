#!/usr/bin/env node
/**
 * `npm run mutate -- [folder]... [--report]`: StrykerJS on src/<folder> for each folder named (default config,
 * constructs, observability), one run each so each can finish, then the score table of docs/testing.md. Incremental:
 * a run re-tests only the mutants whose code or covering tests changed since the last (reports/mutation/<folder>/).
 * `--static` also runs the static mutants (module-level code; hours per folder). `--report` prints the table of the last
 * runs without running anything. Not part of CI: see docs/testing.md.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const FOLDERS = ['config', 'constructs', 'observability'];
const USAGE = `usage: npm run mutate -- [${FOLDERS.join('|')}]... [--static] [--report]`;

const args = process.argv.slice(2);
const reportOnly = args.includes('--report');
const withStatic = args.includes('--static');
const folders = args.filter((arg) => !arg.startsWith('--'));
const unknown = folders.filter((folder) => !FOLDERS.includes(folder));
if (unknown.length > 0) {
  console.error(`unknown folder ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const selected = folders.length > 0 ? folders : FOLDERS;

const reportFile = (folder) => path.join(ROOT, 'reports', 'mutation', folder, 'mutation.json');

/** Mutant counts by status, from Stryker's JSON report (mutation-testing-report-schema). */
function countsOf(folder) {
  const file = reportFile(folder);
  if (!fs.existsSync(file)) return undefined;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const counts = {};
  for (const { mutants } of Object.values(report.files)) {
    for (const { status } of mutants) counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** Stryker's mutation score: detected / (detected + undetected); compile errors and ignored mutants are not valid. */
function row(folder) {
  const c = countsOf(folder);
  if (c === undefined) return `| src/${folder} | not run | | | | | |`;
  const n = (status) => c[status] ?? 0;
  const detected = n('Killed') + n('Timeout');
  const undetected = n('Survived') + n('NoCoverage');
  const score = (100 * detected) / Math.max(1, detected + undetected);
  const covered = (100 * detected) / Math.max(1, detected + n('Survived'));
  const invalid = n('CompileError') + n('RuntimeError');
  return `| src/${folder} | ${score.toFixed(1)}% | ${covered.toFixed(1)}% | ${n('Killed')} + ${n('Timeout')} | ${n('Survived')} | ${n('NoCoverage')} | ${invalid} / ${n('Ignored')} |`;
}

if (!reportOnly) {
  for (const folder of selected) {
    const started = Date.now();
    console.log(`\n== src/${folder} ==`);
    const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, MUTATE_FOLDER: folder, ...(withStatic ? { MUTATE_STATIC: '1' } : {}) },
    });
    console.log(`src/${folder}: ${((Date.now() - started) / 60000).toFixed(1)} min`);
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

console.log('\n| folder | score | covered | killed + timeout | survived | no coverage | invalid / ignored |');
console.log('| ------ | ----: | ------: | ---------------: | -------: | ----------: | ----------------: |');
for (const folder of selected) console.log(row(folder));
