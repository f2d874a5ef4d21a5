/**
 * The cdktf app (`cdktf synth|deploy` runs it through cdktf.json): every stack of the platform file named by
 * PLATFORM_CONFIG (default platform.yaml) into CDKTF_OUTDIR, the same way `npm run synth:infra` does.
 */
import { runSynth } from '../cli/run';

if (require.main === module) {
  void runSynth(['infra', ...process.argv.slice(2)], { env: process.env, log: console.log, error: console.error }).then(
    (code) => (process.exitCode = code),
  );
}
