import { Construct } from 'constructs';
import { externalSecretsRoleName, externalSecretsServiceAccountName } from '../../src/config';
import { globalName, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { IrsaRole } from './irsa-role';

export interface ExternalSecretsRoleProps {
  readonly context: InfraContext;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHostPath: string;
  /** The secrets the app may read (the database credentials and the Redis AUTH token), with their KMS keys. */
  readonly secrets: readonly AppSecret[];
}

export interface AppSecret {
  readonly secretArn: string;
  /** ARN of the KMS key that encrypts the secret in this region. */
  readonly keyArn: string;
}

/**
 * The role External Secrets assumes for the app's SecretStore: it reads exactly the app's secrets (database
 * credentials, Redis AUTH token) and decrypts them only through Secrets Manager in this region, nothing else.
 */
export class ExternalSecretsRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: ExternalSecretsRoleProps) {
    super(scope, id);
    const ctx = props.context;
    // The cluster layer annotates its ServiceAccount with the primary role's name from src/config/names.ts;
    // IAM is global, so the recovery stack's role carries -dr.
    this.roleName =
      ctx.role === 'primary' ? externalSecretsRoleName(ctx.platform, ctx.envName) : globalName(ctx, 'external-secrets');
    const irsa = new IrsaRole(this, 'Default', {
      name: this.roleName,
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHostPath: props.oidcIssuerHostPath,
      namespace: ctx.env.namespace,
      serviceAccount: externalSecretsServiceAccountName(ctx.platform),
      policy: policyDocument(
        {
          Sid: 'ReadAppSecrets',
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: props.secrets.map((s) => s.secretArn),
        },
        {
          Sid: 'DecryptAppSecrets',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.secrets.map((s) => s.keyArn),
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${ctx.region.region}.amazonaws.com` } },
        },
      ),
    });
    this.roleArn = irsa.role.role.arn;
  }
}
