/** Reads the drill's SSM parameter: the primary stack's outputs the restore needs (see SopDrillParameter). */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { z } from 'zod';
import type { SopDrillParameter } from '../../config';

const parameterSchema = z.strictObject({
  sourceInstance: z.string().min(1),
  subnetGroup: z.string().min(1),
  securityGroupId: z.string().regex(/^sg-[0-9a-f]+$/, 'must be a security group id'),
  parameterGroup: z.string().min(1),
  kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:/, 'must be a KMS key ARN'),
  instanceClass: z.string().regex(/^db\./, 'must be an RDS instance class'),
  credentialsSecretArn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:/, 'must be a secret ARN'),
}) satisfies z.ZodType<SopDrillParameter>;

export async function readDrillParameter(ssm: SSMClient, name: string): Promise<SopDrillParameter> {
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
  const text = Parameter?.Value;
  if (!text) throw new Error(`SSM parameter ${name}: has no value (is the primary stack deployed?)`);
  const parsed = parameterSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`SSM parameter ${name}: ${problems.join('; ')}`);
  }
  return parsed.data;
}
