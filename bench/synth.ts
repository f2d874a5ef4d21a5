/**
 * `npm run bench`: wall-clock time of a whole `synth` process per case (median of runs), beside the floor:
 * a process that loads the same libraries and synthesizes nothing. Prints a table; asserts nothing.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CASES: { label: string; arg: string; services: number }[] = [
  { label: 'floor (load libraries only)', arg: 'floor', services: 0 },
  { label: 'default platform (2 services x 3 envs)', arg: 'default', services: 2 },
  { label: '10 services x 3 envs', arg: '10', services: 10 },
  { label: '50 services x 3 envs', arg: '50', services: 50 },
  { label: '100 services x 3 envs', arg: '100', services: 100 },
];

function timeRun(script: string, arg: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [script, arg], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`benchmark case ${arg} failed with status ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const script = path.join(__dirname, 'run-case.js');
const rows = CASES.map(({ label, arg, services }) => ({
  label,
  services,
  seconds: median(Array.from({ length: RUNS }, () => timeRun(script, arg))),
}));
const floor = rows[0].seconds;
console.log(`synth benchmark, median of ${RUNS} runs, ${process.version}`);
console.log('| case | wall s | above floor s | above floor ms / service |');
console.log('| --- | ---: | ---: | ---: |');
for (const { label, services, seconds } of rows) {
  const above = seconds - floor;
  const perService = services ? ((above / services) * 1000).toFixed(1) : '';
  console.log(`| ${label} | ${seconds.toFixed(2)} | ${services ? above.toFixed(2) : ''} | ${perService} |`);
}
