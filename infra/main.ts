/**
 * `npm run synth:infra` (and `cdktf synth|deploy` through cdktf.json): validates the platform config, then
 * synthesizes every stack offline into cdktf.out/. On a config error it prints the problems and exits 1
 * without writing anything; the output directory is swapped in whole, never left half-written.
 */
import * as path from 'path';
import { ConfigError, defaultPlatform, loadPlatform } from '../src/config';
import { replaceDirectories } from '../src/synth/replace-directories';
import { buildInfraApp } from './app';

export interface SynthesizeOptions {
  /** Directory that receives the stacks (cdktf-cli passes CDKTF_OUTDIR). */
  readonly outdir: string;
  /** Image tag that replaces `image.tag` (IMAGE_TAG). @default the tag in the config */
  readonly imageTag?: string;
}

/** Validates `document` and writes the synthesized stacks; returns their names. Throws ConfigError first. */
export function synthesizeInfra(document: unknown, options: SynthesizeOptions): string[] {
  const platform = loadPlatform(document, { imageTag: options.imageTag });
  let names: string[] = [];
  replaceDirectories([path.resolve(options.outdir)], ([staging]) => {
    const { app, stacks } = buildInfraApp(platform, staging);
    app.synth();
    names = stacks.map((stack) => stack.node.id);
  });
  return names;
}

export interface RunOptions {
  /** Config document. @default the built-in default platform */
  readonly document?: unknown;
  /** Environment: CDKTF_OUTDIR (set by cdktf-cli; default cdktf.out in the working directory) and IMAGE_TAG. */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

/** The command: 0 when the stacks were written, 1 on a config error (problems on stderr, nothing written). */
export function run(options: RunOptions): number {
  // npm scripts and cdktf-cli both run in the project root.
  const outdir = path.resolve(options.env.CDKTF_OUTDIR || 'cdktf.out');
  try {
    const stacks = synthesizeInfra(options.document ?? defaultPlatform, {
      outdir,
      // Set but empty (a failed `git rev-parse`) is an error, not "use the config's tag".
      imageTag: options.env.IMAGE_TAG,
    });
    options.log(`synthesized ${stacks.join(', ')} into ${path.relative(process.cwd(), outdir) || '.'}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    options.error(error.message);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = run({ env: process.env, log: console.log, error: console.error });
}
