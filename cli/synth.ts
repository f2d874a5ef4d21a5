/** Entry point of `npm run synth`, `synth:k8s` and `synth:infra`: see run.ts. */
import { runSynth } from './run';

process.exitCode = runSynth(process.argv.slice(2), { env: process.env, log: console.log, error: console.error });
