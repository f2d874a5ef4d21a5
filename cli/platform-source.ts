/**
 * The platform every entry point reads, loaded one way for both layers: `--config`, else PLATFORM_CONFIG (what
 * `cdktf synth|deploy` passes through cdktf.json), else platform.yaml; IMAGE_TAG replaces the image tag.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultPlatformFile, loadPlatformFile, type Platform } from '../src/config';
import { UsageError } from './args';

export interface PlatformSource {
  readonly platform: Platform;
  /** The file it came from, as the user named it (or the default's absolute path). */
  readonly file: string;
}

export function loadPlatformSource(configFile: string | undefined, env: NodeJS.ProcessEnv): PlatformSource {
  const file = configFile ?? (env.PLATFORM_CONFIG || defaultPlatformFile());
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) throw new UsageError(`platform file ${file}: does not exist`);
  try {
    fs.accessSync(resolved, fs.constants.R_OK);
  } catch {
    throw new UsageError(`platform file ${file}: cannot be read`);
  }
  if (!fs.statSync(resolved).isFile()) throw new UsageError(`platform file ${file}: is not a file`);
  // Set but empty (a failed `git rev-parse`) is an error, not "use the file's tag": loadPlatform says so.
  return { platform: loadPlatformFile(resolved, { imageTag: env.IMAGE_TAG }), file };
}

/** The chosen environments, each checked against the platform; every environment when none is chosen. */
export function selectEnvironments(platform: Platform, chosen: readonly string[] | undefined): string[] {
  const known = platform.promotion;
  for (const name of chosen ?? []) {
    if (!known.includes(name)) {
      throw new UsageError(`--env: unknown environment "${name}" (the platform has ${known.join(', ')})`);
    }
  }
  return chosen ? known.filter((name) => chosen.includes(name)) : [...known];
}
