/** Synthesizes observability constructs in a cdk8s Testing.chart() and hands back plain objects. */
import { Testing } from 'cdk8s';
import type { Construct } from 'constructs';
import { alertRoutingConfigName, type Platform } from '../../src/config';
import type { ReceiverRoute } from '../../src/observability/alert-routing';
import { receiverConfigName } from '../../src/observability/alert-routing-config';
import type { OperatorContext } from '../../src/observability/alertmanager-yaml';
import { defaultPlatform } from './platform';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

export type ConstructFactory = (scope: Construct, platform: Platform, environment: string) => void;

export function defaultTestPlatform(): Platform {
  return defaultPlatform;
}

/** The manifests `build` adds to a fresh test chart, as they would be written out. */
export function synth(build: ConstructFactory, environment: string, platform = defaultTestPlatform()) {
  const chart = Testing.chart();
  build(chart, platform, environment);
  return Testing.synth(chart) as Manifest[];
}

export function byKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

export function only(manifests: readonly Manifest[], kind: string): Manifest {
  const found = byKind(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** What the operator knows when it generates Alertmanager's configuration, with the test's Secret values. */
export function operatorContext(platform: Platform, secretValue: OperatorContext['secretValue']): OperatorContext {
  return {
    namespace: platform.monitoring.namespace,
    globalName: alertRoutingConfigName(platform),
    receiverConfigName: (route: ReceiverRoute) => receiverConfigName(platform, route),
    secretValue,
  };
}
