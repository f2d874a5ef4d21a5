import { Construct } from 'constructs';
import { externalSecretsRoleName, externalSecretsServiceAccountName } from '../../src/config';
import { siteOf, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { IrsaRole } from './irsa-role';
import { readSecretsStatements, type ReadableSecret } from './secret-access';

export interface ExternalSecretsRoleProps {
  readonly context: InfraContext;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHostPath: string;
  /** The secrets the app may read: the database credentials and the Redis AUTH token. */
  readonly secrets: readonly ReadableSecret[];
}

/**
 * The role External Secrets assumes for the app's SecretStore: it reads exactly the app's secrets and decrypts
 * them only through Secrets Manager in this region, nothing else. Its name comes from src/config/names.ts with
 * the stack's site, so the cluster layer names the same role in the region that serves the environment.
 */
export class ExternalSecretsRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: ExternalSecretsRoleProps) {
    super(scope, id);
    const ctx = props.context;
    this.roleName = externalSecretsRoleName(ctx.platform, ctx.envName, siteOf(ctx));
    const irsa = new IrsaRole(this, 'Default', {
      name: this.roleName,
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHostPath: props.oidcIssuerHostPath,
      namespace: ctx.env.namespace,
      serviceAccount: externalSecretsServiceAccountName(ctx.platform),
      policy: policyDocument(...readSecretsStatements(ctx, props.secrets)),
    });
    this.roleArn = irsa.role.role.arn;
  }
}
