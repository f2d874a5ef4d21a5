import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { baseName, keyAlias, keyAliasArn, type InfraContext } from '../context';
import { EphemeralPassword } from './ephemeral-password';
import { CustomerKey } from './kms-key';

export interface DatabaseCredentialsProps {
  readonly context: InfraContext;
  /**
   * Master user of the database.
   * @default postgres
   */
  readonly username?: string;
  /**
   * Bump to rotate: the next apply writes a new random password to the database and to the secret together.
   * @default 1
   */
  readonly version?: number;
  /**
   * Region that keeps a read-only replica of the secret under the same name, for the DR region's cluster. It is
   * encrypted with the `secrets` key the DR storage stack keeps there (`DatabaseCredentials.replicaKey`).
   * @default none
   */
  readonly replicaRegion?: string;
}

/** Purpose of the key that encrypts the secrets, in both regions. */
export const SECRETS_KEY = 'secrets';

/**
 * The database credentials under the exact name the cluster's ExternalSecret reads
 * (`database.credentialsSecret`), with the keys `username`, `password`, `host`, `port` and `dbname`. The
 * password is generated ephemerally and written through write-only arguments, so it is in neither the state
 * nor a saved plan. RDS-managed master secrets get a generated name, which the cluster layer cannot know in advance.
 */
export class DatabaseCredentials extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly keyArn: string;
  readonly username: string;
  /** The generated password (ephemeral), for the database's write-only `password_wo`. */
  readonly password: string;
  readonly version: number;

  /** The key of the secret's replica, in the DR storage stack (its own region). */
  static replicaKey(scope: Construct, id: string, ctx: InfraContext): CustomerKey {
    return new CustomerKey(scope, id, {
      alias: keyAlias(ctx, SECRETS_KEY),
      description: `Replicated secrets of ${baseName(ctx)}`,
    });
  }

  constructor(scope: Construct, id: string, props: DatabaseCredentialsProps) {
    super(scope, id);
    const ctx = props.context;
    const { database } = ctx.env;
    this.username = props.username ?? 'postgres';
    this.version = props.version ?? 1;
    const key = new CustomerKey(this, 'key', {
      alias: keyAlias(ctx, SECRETS_KEY),
      description: `Secrets of ${baseName(ctx)}`,
    });
    this.keyArn = key.arn;
    const { replicaRegion } = props;

    // Ephemeral, not the data source: a data source's result is stored in state, an ephemeral value never is.
    this.password = new EphemeralPassword(this, 'password', { length: 40 }).value;
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: database.credentialsSecret,
      description: `Master credentials of the ${baseName(ctx)} PostgreSQL database`,
      kmsKeyId: key.arn,
      recoveryWindowInDays: 30,
      // The DR key by its alias ARN (Secrets Manager accepts a key ARN, id or alias): no reference into the DR region.
      replica: replicaRegion
        ? [{ region: replicaRegion, kmsKeyId: keyAliasArn(ctx, SECRETS_KEY, replicaRegion) }]
        : undefined,
      tags: { Name: database.credentialsSecret },
    });
    new SecretsmanagerSecretVersion(this, 'value', {
      secretId: this.secret.id,
      secretStringWo: Fn.jsonencode({
        username: this.username,
        password: this.password,
        host: database.host,
        port: database.port,
        dbname: database.name,
        engine: 'postgres',
      }),
      secretStringWoVersion: this.version,
    });
  }
}
