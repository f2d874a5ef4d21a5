/** Entry point of `npm run sop`: see sop-run.ts. */
import { runSop } from './sop-run';

void runSop(process.argv.slice(2), { env: process.env, log: console.log, error: console.error }).then((code) => {
  process.exitCode = code;
});
