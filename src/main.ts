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
  const document = options.configFile ? parseYaml(fs.readFileSync(options.configFile, 'utf8')) : defaultPlatform;
  const platform = loadPlatform(document, { imageTag: process.env.IMAGE_TAG || undefined });
  const written = synthesizeCluster(platform, {
    outDir: path.resolve(options.outDir ?? ROOT),
    projectRoot: ROOT,
    environments: options.environments,
  });
  console.log(`synthesized ${written.join(', ')} (image tag ${platform.image.tag})`);
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
