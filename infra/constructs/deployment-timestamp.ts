import { Fn, TerraformResource, Token } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * The time of the first apply, kept in state: Terraform's built-in `terraform_data` holding `plantimestamp()`,
 * with later changes to its input ignored. Written as a plain resource rather than cdktf's `DataResource`, whose
 * synth-time validation runs `terraform version` (cdktf lib/terraform-data-resource.js) and so fails a synth on a
 * machine without Terraform; the stacks' `required_version` enforces the 1.4 the resource needs where it applies.
 */
export class DeploymentTimestamp extends TerraformResource {
  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: 'terraform_data', lifecycle: { ignoreChanges: ['input'] } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: { createdAt: Fn.formatdate('YYYYMMDDhhmm', Fn.plantimestamp()) } };
  }

  /** The creation time as YYYYMMDDhhmm (UTC). */
  get createdAt(): string {
    return Token.asString(this.interpolationForAttribute('output.createdAt'));
  }
}
