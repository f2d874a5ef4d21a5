/** The flags every synth entry point takes, parsed strictly: a wrong flag is a usage error, never ignored. */

/**
 * What `npm run synth`, `synth:k8s` and `synth:infra` build: both layers and the delivery pipeline (workflows and
 * diagrams), the cluster layer or the cloud layer.
 */
export const LAYERS = { all: ['k8s', 'infra', 'pipeline'], k8s: ['k8s'], infra: ['infra'] } as const;
export type Command = keyof typeof LAYERS;
export type Layer = (typeof LAYERS)[Command][number];

export interface SynthOptions {
  readonly layers: readonly Layer[];
  /**
   * Path of the platform file (YAML or JSON).
   * @default PLATFORM_CONFIG, else platform.yaml at the project root
   */
  readonly configFile?: string;
  /**
   * Environments to synthesize (dist/<env>/ and their stacks).
   * @default every environment of the platform
   */
  readonly environments?: readonly string[];
  /**
   * Directory that receives dist/, charts/ and cdktf.out/.
   * @default the project root
   */
  readonly outDir?: string;
}

/** Wrong use of a command: exit 2 with the message and the usage line. */
export class UsageError extends Error {}

export function usage(command: Command): string {
  const script = command === 'all' ? 'synth' : `synth:${command}`;
  return `usage: npm run ${script} -- [--config platform.yaml] [--env <name>]... [--out <directory>]`;
}

/** `argv` after the command: `--flag value` or `--flag=value`; `--env` repeats or takes a comma-separated list. */
export function parseSynthArgs(command: string | undefined, argv: readonly string[]): SynthOptions {
  if (!command || !(command in LAYERS)) {
    throw new UsageError(`unknown command "${command ?? ''}" (must be one of ${Object.keys(LAYERS).join(', ')})`);
  }
  const layers = LAYERS[command as Command];
  const help = usage(command as Command);
  const environments: string[] = [];
  let configFile: string | undefined;
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!['--env', '--config', '--out'].includes(flag)) throw new UsageError(`unknown option ${flag}\n${help}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || value.startsWith('--')) {
      throw new UsageError(`${flag}: needs a value\n${help}`);
    }
    if (flag === '--config') configFile = value;
    else if (flag === '--out') outDir = value;
    else environments.push(...value.split(',').filter(Boolean));
  }
  return { layers, configFile, outDir, environments: environments.length ? [...new Set(environments)] : undefined };
}
