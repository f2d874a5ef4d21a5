import { TerraformElement, TerraformStack, Token, ref } from 'cdktf';
import { Construct } from 'constructs';

/** The AWS provider's ephemeral password generator (an ephemeral resource: Terraform >= 1.10). */
const EPHEMERAL_PASSWORD_TYPE = 'aws_secretsmanager_random_password';

export interface EphemeralPasswordProps {
  /** Characters in the password. */
  readonly length: number;
}

/**
 * A random password from Secrets Manager's GetRandomPassword as a Terraform `ephemeral` block: Terraform keeps
 * neither the value nor the block in state or plan files, unlike the data source of the same name. Only
 * write-only arguments (`password_wo`, `secret_string_wo`) may take its value. cdktf 0.21 has no class for
 * ephemeral resources, so this element writes the block itself, in the shape of Terraform's JSON syntax
 * (`"ephemeral": {"<type>": {"<name>": {...}}}`, like `resource` and `data`); the app synthesizes JSON only, not
 * `--hcl`. Each run draws a new value; the consumers' `*_wo_version` decides whether it is written.
 */
export class EphemeralPassword extends TerraformElement {
  private readonly length: number;

  constructor(scope: Construct, id: string, props: EphemeralPasswordProps) {
    super(scope, id, `ephemeral.${EPHEMERAL_PASSWORD_TYPE}`);
    this.length = props.length;
  }

  /** The password, for write-only arguments only: Terraform rejects it anywhere that is persisted. */
  get value(): string {
    return Token.asString(
      ref(`ephemeral.${EPHEMERAL_PASSWORD_TYPE}.${this.friendlyUniqueId}.random_password`, TerraformStack.of(this)),
    );
  }

  toTerraform(): Record<string, unknown> {
    return {
      ephemeral: {
        [EPHEMERAL_PASSWORD_TYPE]: {
          [this.friendlyUniqueId]: {
            password_length: this.length,
            // No punctuation: passwords go into connection URLs, and RDS rejects "/", "@", '"' and spaces.
            exclude_punctuation: true,
          },
        },
      },
    };
  }
}
