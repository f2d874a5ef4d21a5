import { Construct } from 'constructs';
import type { AwsWorkload } from '../../src/config';
import type { InfraContext } from '../context';
import { policyDocument } from '../policy';
import { WorkloadRole, type ClusterOidc } from './workload-role';

/** A Secrets Manager secret and the KMS key that encrypts it in this region. */
export interface ReadableSecret {
  readonly secretArn: string;
  readonly keyArn: string;
}

export interface SecretsReaderRoleProps extends ClusterOidc {
  readonly context: InfraContext;
  readonly workload: AwsWorkload;
  readonly secrets: readonly ReadableSecret[];
}

/**
 * The role of a ClusterSecretStore: it reads exactly these secrets and decrypts them only through Secrets Manager in
 * this region.
 */
export class SecretsReaderRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: SecretsReaderRoleProps) {
    super(scope, id);
    const ctx = props.context;
    const role = new WorkloadRole(this, 'Default', {
      ...props,
      policy: policyDocument(
        {
          Sid: 'ReadSecrets',
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: props.secrets.map((s) => s.secretArn),
        },
        {
          Sid: 'DecryptSecrets',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: [...new Set(props.secrets.map((s) => s.keyArn))],
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${ctx.region.region}.amazonaws.com` } },
        },
      ),
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}
