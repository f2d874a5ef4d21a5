import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { Platform } from '../config';
import { fluentBitYaml } from './fluent-bit-config';
import { observabilityMeta } from './labels';

export interface LogShippingProps {
  readonly platform: Platform;
  readonly environment: string;
}

/** Key of the config in the ConfigMap; Fluent Bit runs with `--config=/fluent-bit/etc/conf/fluent-bit.yaml`. */
export const FLUENT_BIT_CONFIG_KEY = 'fluent-bit.yaml';

export function fluentBitConfigMapName(platform: Platform): string {
  return `${platform.app.name}-fluent-bit`;
}

/** The Fluent Bit config as a ConfigMap in the logging namespace (the fluent-bit chart's `existingConfigMap`). */
export class LogShipping extends Construct {
  constructor(scope: Construct, id: string, props: LogShippingProps) {
    super(scope, id);
    const { platform, environment } = props;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: observabilityMeta(
        platform,
        environment,
        fluentBitConfigMapName(platform),
        platform.monitoring.logging.namespace,
      ),
      data: { [FLUENT_BIT_CONFIG_KEY]: fluentBitYaml(platform) },
    });
  }
}
