/** IAM policy documents as typed values, rendered to the JSON string IAM, KMS and S3 take. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Record<string, string | string[]>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** Attribute references inside stay Terraform interpolations: cdktf resolves tokens embedded in strings. */
export function policyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** Trust policy that lets an AWS service assume a role. */
export function serviceTrust(service: string): PolicyDocument {
  return policyDocument({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}
