/**
 * `npm run dr:simulate`: loses each zone of each environment in turn against the synthesized manifests
 * (dist/<env>/app.k8s.yaml) and the platform's node groups, and prints a table per environment.
 * Exit 0 when every environment survives, 1 when one does not, 2 on a usage or input error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { simulationInputFromManifests } from './from-manifests';
import { nodeGroupPlans } from './platform-node-groups';
import { formatResult } from './report';
import { simulateEnvironment } from './simulate';
import { InputError } from './validate-input';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const USAGE = 'usage: npm run dr:simulate -- [--env <environment>]... [--dist <directory holding <env>/app.k8s.yaml>]';

class UsageError extends Error {}

interface Options {
  readonly environments: readonly string[];
  readonly distDir: string;
}

function parseArgs(argv: readonly string[], known: readonly string[]): Options {
  const environments: string[] = [];
  let distDir = path.join(ROOT, 'dist');
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (flag !== '--env' && flag !== '--dist') throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    if (value === undefined || value === '') throw new UsageError(`${flag}: needs a value\n${USAGE}`);
    if (flag === '--dist') distDir = path.resolve(value);
    else environments.push(...value.split(','));
  }
  for (const env of environments) {
    if (!known.includes(env))
      throw new UsageError(`--env: unknown environment "${env}" (must be one of ${known.join(', ')})`);
  }
  return { environments: environments.length > 0 ? [...new Set(environments)] : known, distDir };
}

function readManifests(file: string): unknown[] {
  if (!fs.existsSync(file)) throw new InputError([`${file}: not found (run \`npm run synth\` first, or pass --dist)`]);
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const errors = documents.flatMap((doc) => doc.errors.map((e) => `${file}: ${e.message.split('\n')[0]}`));
  if (errors.length > 0) throw new InputError(errors);
  return documents.map((doc) => doc.toJS());
}

function main(argv: readonly string[]): number {
  const plans = nodeGroupPlans();
  const options = parseArgs(argv, Object.keys(plans));
  const results = options.environments.map((env) =>
    simulateEnvironment(
      simulationInputFromManifests(env, readManifests(path.join(options.distDir, env, 'app.k8s.yaml')), plans[env]),
    ),
  );
  console.log(results.map(formatResult).join('\n\n'));
  return results.every((result) => result.passed) ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError || error instanceof InputError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
