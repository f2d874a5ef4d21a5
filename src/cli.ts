/** Command-line options of `npm run synth`, parsed strictly: a wrong flag is an error, not ignored. */
import { ENVIRONMENT_NAMES, type EnvironmentName } from './config';

export interface SynthOptions {
  /** Environments to synthesize. @default all */
  readonly environments: readonly EnvironmentName[];
  /** Path of a platform config document (YAML or JSON). @default the built-in default platform */
  readonly configFile?: string;
  /** Directory that receives dist/ (and charts/). @default the project root */
  readonly outDir?: string;
}

export class UsageError extends Error {}

export const USAGE =
  'usage: npm run synth -- [--env qa|staging|production]... [--config platform.yaml] [--out directory]';

export function parseArgs(argv: readonly string[]): SynthOptions {
  const environments: EnvironmentName[] = [];
  let configFile: string | undefined;
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (!['--env', '--config', '--out'].includes(flag)) throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    if (value === undefined || value === '') throw new UsageError(`${flag}: needs a value\n${USAGE}`);
    if (flag === '--config') configFile = value;
    else if (flag === '--out') outDir = value;
    else environments.push(...value.split(',').map(environmentName));
  }
  return { environments: environments.length ? [...new Set(environments)] : ENVIRONMENT_NAMES, configFile, outDir };
}

function environmentName(value: string): EnvironmentName {
  if ((ENVIRONMENT_NAMES as readonly string[]).includes(value)) return value as EnvironmentName;
  throw new UsageError(`--env: unknown environment "${value}" (must be one of ${ENVIRONMENT_NAMES.join(', ')})`);
}
