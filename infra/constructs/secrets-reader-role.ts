import { Construct } from 'constructs';
import type { AwsWorkload } from '../../src/config';
import type { InfraContext } from '../context';
import { policyDocument } from '../policy';
import { readSecretsStatements, type ReadableSecret } from './secret-access';
import { WorkloadRole, type ClusterOidc } from './workload-role';

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
      policy: policyDocument(...readSecretsStatements(ctx, props.secrets)),
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}
