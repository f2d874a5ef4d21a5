import { arnIn, type InfraContext } from '../context';
import type { PolicyStatement } from '../policy';

/**
 * A Secrets Manager secret a workload reads, and how its key is known: by ARN where this stack creates it, or by alias
 * where another stack of the region does (the DR region's replica of the database credentials, whose random ARN
 * suffix is matched by the pattern `secret:<name>-??????`).
 */
export type ReadableSecret =
  { readonly secretArn: string; readonly keyArn: string } | { readonly secretArn: string; readonly keyAlias: string };

/** Read exactly `secrets`, and decrypt them only through Secrets Manager in this stack's region. */
export function readSecretsStatements(ctx: InfraContext, secrets: readonly ReadableSecret[]): PolicyStatement[] {
  const region = ctx.region.region;
  const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` };
  const keyArns = [...new Set(secrets.flatMap((s) => ('keyArn' in s ? [s.keyArn] : [])))];
  const aliases = [...new Set(secrets.flatMap((s) => ('keyAlias' in s ? [s.keyAlias] : [])))];
  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: secrets.map((s) => s.secretArn),
    },
  ];
  if (keyArns.length > 0) {
    statements.push({
      Sid: 'DecryptSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: keyArns,
      Condition: { StringEquals: viaSecretsManager },
    });
  }
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
  return statements;
}
