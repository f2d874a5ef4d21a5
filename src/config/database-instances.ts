/**
 * The two PostgreSQL instances of an environment's primary region, and which one is the primary. Each instance
 * keeps its identifier and its private DNS name for life; SOP-02 swaps their roles (`database.promotedReplica`),
 * never their names, so the name the app uses after a failover keeps pointing at the same instance.
 */
import type { Platform } from './schema';

export interface DatabaseInstance {
  /** RDS identifier: `your-app-production`, `your-app-production-replica`. */
  readonly identifier: string;
  /** Private DNS name bound to this instance: `postgres.production.your-app.internal`. */
  readonly host: string;
}

export interface DatabaseInstances {
  /** The instance created first: the primary until the first SOP-02 failover. */
  readonly main: DatabaseInstance;
  /** The instance created as the read replica: the primary after the first SOP-02 failover. */
  readonly replica: DatabaseInstance;
  /** The one that is the primary now. */
  readonly primary: DatabaseInstance;
  /** The read replica now: SOP-02 promotes it. */
  readonly standby: DatabaseInstance;
}

/** The instances of the environment from the app and environment names, and the roles `promotedReplica` gives them. */
export function databaseInstances(app: string, environment: string, promotedReplica: boolean): DatabaseInstances {
  const main = { identifier: `${app}-${environment}`, host: `postgres.${environment}.${app}.internal` };
  const replica = {
    identifier: `${app}-${environment}-replica`,
    host: `postgres-replica.${environment}.${app}.internal`,
  };
  return promotedReplica
    ? { main, replica, primary: replica, standby: main }
    : { main, replica, primary: main, standby: replica };
}

/** The instances of a resolved environment. */
export function environmentDatabaseInstances(platform: Platform, environment: string): DatabaseInstances {
  const env = platform.environments[environment];
  return databaseInstances(platform.app.name, environment, env.database.promotedReplica);
}
