/**
 * `npm run synth`: validates the platform config, then writes dist/<env>/ for each environment and the Helm
 * chart charts/<app>/.
 * Nothing is written unless everything rendered; exit 1 on a config error, 2 on a usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { ConfigError, defaultPlatform, loadPlatform } from './config';
import { parseArgs, UsageError } from './cli';
import { synthesizeCluster } from './synth/synthesize';

const ROOT = path.resolve(__dirname, '..', '..');

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const document = options.configFile ? readConfigFile(options.configFile) : defaultPlatform;
  // An IMAGE_TAG that is set but empty (a failed `git rev-parse`) is an error, not "use the config's tag".
  const platform = loadPlatform(document, { imageTag: process.env.IMAGE_TAG });
  const written = synthesizeCluster(platform, {
    outDir: path.resolve(options.outDir ?? ROOT),
    projectRoot: ROOT,
    environments: options.environments,
  });
  console.log(`synthesized ${written.join(', ')} (image tag ${platform.image.tag})`);
}

function readConfigFile(file: string): unknown {
  try {
    return parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`--config ${file}: ${(error as Error).message.split('\n')[0]}`]);
  }
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof UsageError) {
    console.error(error.message);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
  throw error;
}
