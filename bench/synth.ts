/**
 * `npm run bench`: wall-clock time of a whole `synth` process per case (median of runs), beside the floor:
 * a process that loads the same libraries and synthesizes nothing. Prints a table; asserts nothing.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
interface Case {
  readonly label: string;
  readonly script: string;
  readonly arg: string;
  /** Services synthesized; 0 marks the floor the following cases are measured against. */
  readonly services: number;
}

const K8S = path.join(__dirname, 'run-case.js');
const INFRA = path.join(__dirname, 'run-infra-case.js');
const CASES: Case[] = [
  { label: 'cdk8s floor (load libraries only)', script: K8S, arg: 'floor', services: 0 },
  { label: 'default platform (2 services x 3 envs)', script: K8S, arg: 'default', services: 2 },
  { label: '10 services x 3 envs', script: K8S, arg: '10', services: 10 },
  { label: '50 services x 3 envs', script: K8S, arg: '50', services: 50 },
  { label: '100 services x 3 envs', script: K8S, arg: '100', services: 100 },
  { label: 'cdktf floor (load cdktf and provider resources)', script: INFRA, arg: 'floor', services: 0 },
  { label: 'infra: 4 stacks of the default platform', script: INFRA, arg: 'default', services: 2 },
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

const rows = CASES.map(({ label, script, arg, services }) => ({
  label,
  services,
  seconds: median(Array.from({ length: RUNS }, () => timeRun(script, arg))),
}));
console.log(`synth benchmark, median of ${RUNS} runs, ${process.version}`);
console.log('| case | wall s | above floor s | above floor ms / service |');
console.log('| --- | ---: | ---: | ---: |');
let floor = 0;
for (const { label, services, seconds } of rows) {
  if (services === 0) floor = seconds;
  const above = seconds - floor;
  const perService = services ? ((above / services) * 1000).toFixed(1) : '';
  console.log(`| ${label} | ${seconds.toFixed(2)} | ${services ? above.toFixed(2) : ''} | ${perService} |`);
}
