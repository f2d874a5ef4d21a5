/**
 * `npm run dr:simulate -- [--config FILE] [--env NAME]... [--dist DIR]`: loses each zone of each environment in
 * turn against the platform's manifests (rendered from the platform file, or read from DIR/<env>/app.k8s.yaml) and
 * its node groups, and prints a table per environment. Exit 0 when every environment survives, 1 when one does not
 * or the platform file is invalid, 2 on a usage or input error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { loadPlatformSource, selectEnvironments } from '../../cli/platform-source';
import { ConfigError } from '../config';
import { renderManifests } from '../synth/render';
import { simulationInputFromManifests } from './from-manifests';
import { nodeGroupPlans } from './platform-node-groups';
import { formatResult } from './report';
import { simulateEnvironment } from './simulate';
import { InputError } from './validate-input';
import { UsageError } from '../../cli/args';

const USAGE =
  'usage: npm run dr:simulate -- [--config platform.yaml] [--env <environment>]... [--dist <directory of <env>/app.k8s.yaml>]';

interface Options {
  readonly configFile?: string;
  readonly environments?: readonly string[];
  readonly distDir?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const environments: string[] = [];
  let distDir: string | undefined;
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (!['--env', '--dist', '--config'].includes(flag)) throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    if (value === undefined || value === '') throw new UsageError(`${flag}: needs a value\n${USAGE}`);
    if (flag === '--dist') distDir = path.resolve(value);
    else if (flag === '--config') configFile = value;
    else environments.push(...value.split(','));
  }
  return { configFile, distDir, environments: environments.length > 0 ? [...new Set(environments)] : undefined };
}

function readManifests(file: string): unknown[] {
  if (!fs.existsSync(file)) throw new InputError([`${file}: not found (run \`npm run synth\` first, or pass --dist)`]);
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const errors = documents.flatMap((doc) => doc.errors.map((e) => `${file}: ${e.message.split('\n')[0]}`));
  if (errors.length > 0) throw new InputError(errors);
  return documents.map((doc) => doc.toJS());
}

/** The app objects of an environment: from --dist, else rendered from the platform file as `npm run synth` would. */
function appManifests(platform: Parameters<typeof renderManifests>[0], env: string, distDir?: string): unknown[] {
  if (distDir) return readManifests(path.join(distDir, env, 'app.k8s.yaml'));
  const text = renderManifests(platform, [env]).get(`dist/${env}/app.k8s.yaml`) ?? '';
  return parseAllDocuments(text).map((doc) => doc.toJS());
}

function main(argv: readonly string[]): number {
  const options = parseArgs(argv);
  const { platform } = loadPlatformSource(options.configFile, process.env);
  const plans = nodeGroupPlans(platform);
  const results = selectEnvironments(platform, options.environments).map((env) =>
    simulateEnvironment(simulationInputFromManifests(env, appManifests(platform, env, options.distDir), plans[env])),
  );
  console.log(results.map(formatResult).join('\n\n'));
  return results.every((result) => result.passed) ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError || error instanceof InputError || error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = error instanceof ConfigError ? 1 : 2;
}
