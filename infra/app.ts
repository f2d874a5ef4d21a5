import { App } from 'cdktf';
import { environmentNames, type Platform } from '../src/config';
import { PrimaryStack } from './stacks/primary-stack';
import { RecoveryStack } from './stacks/recovery-stack';
import type { EnvironmentStack } from './stacks/environment-stack';

export interface InfraApp {
  readonly app: App;
  /** Every stack, primary stacks in environment order, each followed by its recovery stack. */
  readonly stacks: readonly EnvironmentStack[];
}

/**
 * Builds the CDKTF app of a validated platform: per environment a primary-region stack and, where the
 * environment has a DR region, a recovery stack. Nothing is written until `app.synth()`.
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
    if (platform.environments[envName].aws.dr) stacks.push(new RecoveryStack(app, platform, envName));
  }
  return { app, stacks };
}
