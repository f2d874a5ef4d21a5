import { Construct } from 'constructs';
import {
  ALERT_RECEIVER_SECRETS,
  alertReceiverSecretName,
  type AlertReceiverSecret,
  type SecretKeyRef,
} from '../config';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/external-secret-external-secrets.io';
import { platformLabels, type ClusterContext } from './addon';

export interface AlertReceiverSecretsProps {
  readonly ctx: ClusterContext;
  /** The ClusterSecretStore that may read the receivers' secrets. */
  readonly store: string;
}

/** The Kubernetes Secret key each receiver's AlertmanagerConfig reads its credential from. */
export function receiverSecretRefs(ctx: ClusterContext): Record<AlertReceiverSecret, SecretKeyRef> {
  const { receivers } = ctx.platform.monitoring.alerting;
  return {
    pagerduty: receivers.pagerduty.routingKey,
    slack: receivers.slack.webhookUrl,
    email: receivers.email.password,
    heartbeat: receivers.heartbeat.url,
  };
}

/**
 * The receivers' credentials, synced from AWS Secrets Manager into the Secrets of the monitoring namespace that
 * the receivers' AlertmanagerConfigs reference. One ExternalSecret per Secret: a value missing in AWS leaves only
 * its own Secret absent, so the operator rejects only the AlertmanagerConfig that reads it.
 */
export class AlertReceiverSecrets extends Construct {
  constructor(scope: Construct, id: string, props: AlertReceiverSecretsProps) {
    super(scope, id);
    const { ctx } = props;
    const { platform, environment } = ctx;
    const refs = receiverSecretRefs(ctx);
    const bySecret = new Map<string, { key: string; receiver: AlertReceiverSecret }[]>();
    for (const receiver of ALERT_RECEIVER_SECRETS) {
      const { name, key } = refs[receiver];
      bySecret.set(name, [...(bySecret.get(name) ?? []), { key, receiver }]);
    }
    for (const [name, entries] of bySecret) {
      new ExternalSecret(this, name, {
        metadata: { name, namespace: platform.monitoring.namespace, labels: platformLabels(platform) },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: props.store },
          target: { name, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
          data: entries.map(({ key, receiver }) => ({
            secretKey: key,
            remoteRef: { key: alertReceiverSecretName(platform, environment, receiver) },
          })),
        },
      });
    }
  }
}
