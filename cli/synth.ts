/** Entry point of `npm run synth`, `synth:k8s` and `synth:infra`: see run.ts. */
import * as path from 'path';
import { runSynth } from './run';

void runSynth(process.argv.slice(2), {
  env: process.env,
  log: console.log,
  error: console.error,
  infraWorker: path.join(__dirname, 'infra-worker.js'),
}).then((code) => (process.exitCode = code));
