import { App } from 'cdktf';
import { environmentNames, type Platform } from '../src/config';
import { PrimaryStack } from './stacks/primary-stack';
import { RecoveryStack } from './stacks/recovery-stack';
import { RecoveryStorageStack } from './stacks/recovery-storage-stack';
import type { EnvironmentStack } from './stacks/environment-stack';

export interface InfraApp {
  readonly app: App;
  /** Every stack, primary stacks in environment order, each followed by its DR stacks (storage, then pilot light). */
  readonly stacks: readonly EnvironmentStack[];
}

/**
 * Builds the CDKTF app of a validated platform: per environment a primary-region stack and, where the
 * environment has a DR region, the two DR-region stacks (docs/infrastructure.md: the first deployment runs the
 * DR storage stack, then the primary stack, then the DR stack). Nothing is written until `app.synth()`.
 * @param environments the environments whose stacks to build, in promotion order
 */
export function buildInfraApp(
  platform: Platform,
  outdir: string,
  environments: readonly string[] = environmentNames(platform),
): InfraApp {
  // Stack traces in the metadata would make the output depend on the machine that synthesized it.
  const app = new App({ outdir, stackTraces: false });
  const stacks: EnvironmentStack[] = [];
  for (const envName of environments) {
    stacks.push(new PrimaryStack(app, platform, envName));
    if (!platform.environments[envName].aws.dr) continue;
    stacks.push(new RecoveryStorageStack(app, platform, envName), new RecoveryStack(app, platform, envName));
  }
  return { app, stacks };
}
