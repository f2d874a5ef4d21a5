import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import { ALERT_RECEIVER_SECRETS, alertReceiverSecretName, type AlertReceiverSecret } from '../../src/config';
import { baseName, type InfraContext } from '../context';
import { CustomerKey } from './kms-key';
import type { ReadableSecret } from './secret-access';

export interface AlertReceiverSecretsProps {
  readonly context: InfraContext;
}

/**
 * The Secrets Manager secrets of Alertmanager's receivers in this region (PagerDuty routing key, Slack webhook URL,
 * SMTP password, heartbeat URL), created empty: a person puts each value (README). External Secrets syncs them
 * into the monitoring namespace; a secret still without a value leaves only its receiver unconfigured.
 */
export class AlertReceiverSecrets extends Construct {
  readonly secrets: Record<AlertReceiverSecret, SecretsmanagerSecret>;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: AlertReceiverSecretsProps) {
    super(scope, id);
    const ctx = props.context;
    const key = new CustomerKey(this, 'key', {
      alias: `${baseName(ctx)}-alerting`,
      description: `Alertmanager receiver credentials of ${baseName(ctx)}`,
    });
    this.keyArn = key.arn;
    this.secrets = Object.fromEntries(
      ALERT_RECEIVER_SECRETS.map((receiver) => {
        const name = alertReceiverSecretName(ctx.platform, ctx.envName, receiver);
        const secret = new SecretsmanagerSecret(this, receiver, {
          name,
          description: `Alertmanager ${receiver} receiver credential (a plain string)`,
          kmsKeyId: key.arn,
          // The recovery stack is rebuilt in a disaster and torn down after a drill: its names must be free again.
          recoveryWindowInDays: ctx.role === 'dr' ? 0 : 7,
          tags: { Name: name },
        });
        return [receiver, secret];
      }),
    ) as Record<AlertReceiverSecret, SecretsmanagerSecret>;
  }

  readable(): ReadableSecret[] {
    return Object.values(this.secrets).map((secret) => ({ secretArn: secret.arn, keyArn: this.keyArn }));
  }
}
