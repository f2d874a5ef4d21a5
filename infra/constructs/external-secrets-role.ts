import { Construct } from 'constructs';
import { externalSecretsRoleName, externalSecretsServiceAccountName } from '../../src/config';
import { arnIn, siteOf, type InfraContext } from '../context';
import { policyDocument, type PolicyStatement } from '../policy';
import { IrsaRole } from './irsa-role';

export interface ExternalSecretsRoleProps {
  readonly context: InfraContext;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHostPath: string;
  /**
   * The secrets the app may read (database credentials, Redis AUTH token): ARNs, or the ARN pattern
   * `secret:<name>-??????` of a replica whose random suffix this stack cannot know.
   */
  readonly secretArns: readonly string[];
  /** ARNs of the keys of those secrets this stack creates. */
  readonly keyArns: readonly string[];
  /**
   * Aliases (without `alias/`) of the keys of those secrets another stack of the region creates.
   * @default none
   */
  readonly keyAliases?: readonly string[];
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
    const region = ctx.region.region;
    this.roleName = externalSecretsRoleName(ctx.platform, ctx.envName, siteOf(ctx));
    const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` };
    const statements: PolicyStatement[] = [
      {
        Sid: 'ReadAppSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: [...props.secretArns],
      },
      {
        Sid: 'DecryptAppSecrets',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: [...props.keyArns],
        Condition: { StringEquals: viaSecretsManager },
      },
    ];
    const aliases = props.keyAliases ?? [];
    if (aliases.length > 0) {
      statements.push({
        Sid: 'DecryptReplicatedSecrets',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: arnIn(ctx, 'kms', region, 'key/*'),
        Condition: {
          StringEquals: viaSecretsManager,
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': aliases.map((alias) => `alias/${alias}`) },
        },
      });
    }
    const irsa = new IrsaRole(this, 'Default', {
      name: this.roleName,
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHostPath: props.oidcIssuerHostPath,
      namespace: ctx.env.namespace,
      serviceAccount: externalSecretsServiceAccountName(ctx.platform),
      policy: policyDocument(...statements),
    });
    this.roleArn = irsa.role.role.arn;
  }
}
