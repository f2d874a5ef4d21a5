import { Construct } from 'constructs';
import { policyDocument, type PolicyDocument } from '../policy';
import { ServiceRole } from './service-role';

export interface IrsaRoleProps {
  /** Role name; the cluster layer annotates the ServiceAccount with its ARN. */
  readonly name: string;
  readonly oidcProviderArn: string;
  /** OIDC issuer without `https://`, the prefix of the token's claim keys. */
  readonly oidcIssuerHostPath: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /**
   * What the workload may do, inline.
   * @default none: `managedPolicies` only
   */
  readonly policy?: PolicyDocument;
  /**
   * AWS managed policies of the workload, by name or `service-role/` path.
   * @default none
   */
  readonly managedPolicies?: readonly string[];
  /** ARN partition of the stack's region. @default aws */
  readonly partition?: string;
}

/**
 * IAM role for a Kubernetes ServiceAccount (IRSA): only a token the cluster issued to exactly this
 * ServiceAccount, for the STS audience, can assume it.
 */
export class IrsaRole extends Construct {
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const issuer = props.oidcIssuerHostPath;
    this.role = new ServiceRole(this, 'Default', {
      name: props.name,
      trust: policyDocument({
        Effect: 'Allow',
        Principal: { Federated: props.oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccount}`,
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      }),
      inlinePolicy: props.policy,
      managedPolicies: props.managedPolicies,
      partition: props.partition,
    });
  }
}
