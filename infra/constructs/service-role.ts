import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { policyJson, serviceTrust, type PolicyDocument } from '../policy';

export interface ServiceRoleProps {
  /** Role name; account-global, so it carries app, environment and purpose. */
  readonly name: string;
  /**
   * Service principal that assumes the role, e.g. `eks.amazonaws.com`.
   * @default none: `trust` must be given
   */
  readonly service?: string;
  /**
   * Trust policy, for principals that are not a plain service (web identities).
   * @default the service may assume the role
   */
  readonly trust?: PolicyDocument;
  /**
   * AWS managed policies to attach, by name (`AmazonEKSClusterPolicy`) or `service-role/` path.
   * @default none
   */
  readonly managedPolicies?: readonly string[];
  /**
   * The role's own permissions, kept inline so they live and die with the role.
   * @default none
   */
  readonly inlinePolicy?: PolicyDocument;
  /** ARN partition of the stack's region. @default aws */
  readonly partition?: string;
}

/** An IAM role with its trust, managed policy attachments and inline policy. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** The role with all its permissions attached: what a resource using the role must wait for. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = props.trust ?? (props.service ? serviceTrust(props.service) : undefined);
    if (!trust) throw new Error(`role ${props.name}: needs a service or a trust policy`);
    this.role = new IamRole(this, 'Default', { name: props.name, assumeRolePolicy: policyJson(trust) });
    this.ready = [this.role];
    for (const policy of props.managedPolicies ?? []) {
      const attachment = new IamRolePolicyAttachment(this, `policy-${policy.slice(policy.lastIndexOf('/') + 1)}`, {
        role: this.role.name,
        policyArn: `arn:${props.partition ?? 'aws'}:iam::aws:policy/${policy}`,
      });
      this.ready.push(attachment);
    }
    if (props.inlinePolicy) {
      const inline = new IamRolePolicy(this, 'inline-policy', {
        name: props.name,
        role: this.role.id,
        policy: policyJson(props.inlinePolicy),
      });
      this.ready.push(inline);
    }
  }
}
