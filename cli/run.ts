/**
 * `npm run synth|synth:k8s|synth:infra -- [--config FILE] [--env NAME]... [--out DIR]` and the cdktf app: validate
 * the platform file, then write both layers (or one) atomically. Exit 0 when written; 1 on a problem in the
 * platform file (one line per problem, nothing written); 2 on a usage error (unknown flag or environment, missing
 * or unreadable file; nothing written).
 */
import * as path from 'path';
import { ConfigError, projectRoot } from '../src/config';
import { parseSynthArgs, UsageError } from './args';
import { loadPlatformSource, selectEnvironments } from './platform-source';
import { synthesize } from './synthesize';

export interface RunContext {
  /** IMAGE_TAG, PLATFORM_CONFIG and CDKTF_OUTDIR (set by cdktf-cli). */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
  /**
   * Compiled script that synthesizes the cloud layer on a second thread (see SynthesizeOptions.infraWorker).
   * @default the cloud layer runs on this thread
   */
  readonly infraWorker?: string;
}

/** `argv`: the command (all, k8s, infra) and its flags. Returns the exit code. */
export async function runSynth(argv: readonly string[], ctx: RunContext): Promise<number> {
  try {
    const options = parseSynthArgs(argv[0], argv.slice(1));
    const { platform, file } = loadPlatformSource(options.configFile, ctx.env);
    const root = projectRoot();
    const outDir = path.resolve(options.outDir ?? root);
    const written = await synthesize(platform, {
      layers: options.layers,
      environments: selectEnvironments(platform, options.environments),
      outDir,
      projectRoot: root,
      platformFile: path.relative(root, path.resolve(file)),
      cdktfOutDir: ctx.env.CDKTF_OUTDIR ? path.resolve(ctx.env.CDKTF_OUTDIR) : undefined,
      infraWorker: ctx.infraWorker,
    });
    const where = path.relative(process.cwd(), outDir) || '.';
    ctx.log(`synthesized ${written.join(', ')} in ${where} from ${file} (image tag ${platform.image.tag})`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.error(error.message);
      return 2;
    }
    if (error instanceof ConfigError) {
      ctx.error(error.message);
      return 1;
    }
    throw error;
  }
}
