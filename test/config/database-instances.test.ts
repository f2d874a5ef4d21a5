/**
 * The two PostgreSQL instances of an environment keep their RDS identifiers and private names for life; SOP-02 swaps
 * their roles, never their names. Expected names from docs/sop/sop-02-database-failover.md
 * (`--db-instance-identifier your-app-production-replica`, `postgres-replica.production.your-app.internal`) and
 * docs/infrastructure.md.
 */
import { environmentDatabaseInstances, loadPlatform } from '../../src/config';
import { defaultPlatform, platformWith, setIn } from '../helpers/platform';

const MAIN = { identifier: 'your-app-production', host: 'postgres.production.your-app.internal' };
const REPLICA = { identifier: 'your-app-production-replica', host: 'postgres-replica.production.your-app.internal' };

describe('the database instances of production', () => {
  it('before a failover: the main instance is the primary, the replica the standby SOP-02 promotes', () => {
    expect(environmentDatabaseInstances(defaultPlatform, 'production')).toEqual({
      main: MAIN,
      replica: REPLICA,
      primary: MAIN,
      standby: REPLICA,
    });
  });

  it('after SOP-02 (promotedReplica): the same two names, roles swapped', () => {
    const platform = loadPlatform(
      platformWith((c) => setIn(c, 'environments.production.database.promotedReplica', true)),
    );
    expect(environmentDatabaseInstances(platform, 'production')).toEqual({
      main: MAIN,
      replica: REPLICA,
      primary: REPLICA,
      standby: MAIN,
    });
  });
});
