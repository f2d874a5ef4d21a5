import type { Platform } from '../src/config';
import { buildInfraApp } from './app';

/** Synthesizes the stacks of `environments` into `outdir` (which the caller swaps in whole); returns their names. */
export function synthesizeInfra(platform: Platform, outdir: string, environments: readonly string[]): string[] {
  const { app, stacks } = buildInfraApp(platform, outdir, environments);
  app.synth();
  return stacks.map((stack) => stack.node.id);
}
