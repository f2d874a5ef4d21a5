/**
 * `npm run bench`: wall-clock time of whole processes per case (median of runs), beside the floor of each layer: a
 * process that loads the same libraries and synthesizes nothing. Prints a table; asserts nothing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { defaultPlatformFile, projectRoot } from '../src/config';
import { platformOfSize } from './platform-of-size';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = projectRoot();
const SYNTH = path.join(ROOT, 'lib', 'cli', 'synth.js');
const FLOOR = path.join(__dirname, 'floor.js');
const FLOOR_INFRA = path.join(__dirname, 'floor-infra.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));

interface Case {
  readonly label: string;
  readonly command: readonly string[];
  /** Services synthesized; 0 marks the floor the following cases are measured against. */
  readonly services: number;
}

/** A platform file of `count` services in the work directory. */
function platformFile(count: number): string {
  const file = path.join(work, `platform-${count}.yaml`);
  fs.writeFileSync(file, stringify(platformOfSize(count)));
  return file;
}

const node = (...args: string[]) => [process.execPath, ...args];
const out = (name: string) => ['--out', path.join(work, name)];
const CASES: Case[] = [
  { label: 'cdk8s floor (load libraries only)', command: node(FLOOR), services: 0 },
  { label: 'default platform: dist/ and the chart', command: node(SYNTH, 'k8s', ...out('d')), services: 2 },
  ...[10, 50, 100].map((count) => ({
    label: `${count} services x 3 envs: dist/ and the chart`,
    command: node(SYNTH, 'k8s', '--config', platformFile(count), ...out(`k${count}`)),
    services: count,
  })),
  { label: 'cdktf floor (load cdktf and the stacks)', command: node(FLOOR_INFRA), services: 0 },
  { label: 'infra: the stacks of the default platform', command: node(SYNTH, 'infra', ...out('i')), services: 2 },
  {
    label: '`npm run synth` end to end (build included)',
    command: ['npm', 'run', 'synth', '--silent', '--', ...out('n')],
    services: -1,
  },
];

function timeRun(command: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`benchmark case ${command.join(' ')} failed with status ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  console.log(`synth benchmark, median of ${RUNS} runs, ${process.version}, platform ${defaultPlatformFile()}`);
  console.log('| case | wall s | above floor s |');
  console.log('| --- | ---: | ---: |');
  let floor = 0;
  for (const { label, command, services } of CASES) {
    const seconds = median(Array.from({ length: RUNS }, () => timeRun(command)));
    if (services === 0) floor = seconds;
    console.log(`| ${label} | ${seconds.toFixed(2)} | ${services > 0 ? (seconds - floor).toFixed(2) : ''} |`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
