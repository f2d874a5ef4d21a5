/**
 * A small multi-tenant database for the SOP tests, in database `shop`: schema migrations, tenants, customers and
 * orders (10 tenants, 50 customers and 200 orders each), and the drill checks that fit it.
 */
import { loadPlatform, type Platform } from '../../src/config';
import type { DrillChecks } from '../../src/sop/drill/drill-checks';
import type { LocalCluster } from '../../src/sop/local/cluster';
import { defaultDocument } from './platform';
import type { Statement } from './sop-writer';

export const TENANTS = Array.from({ length: 10 }, (_, i) => `tenant-${String(i + 1).padStart(2, '0')}`);
export const SAMPLED_TENANTS = ['tenant-02', 'tenant-05', 'tenant-09'];
export const MIGRATION_VERSION = '20240611093000';

export const SHOP_CHECKS: DrillChecks = {
  database: 'shop',
  migrations: { table: 'schema_migrations', versionColumn: 'version' },
  tables: ['tenants', 'customers', 'orders'],
  // One tenant is 10 % of every table: the tolerance lets the totals miss a lost tenant, which the sample catches.
  countTolerance: 0.15,
  tenants: { column: 'tenant_id', sample: SAMPLED_TENANTS, tables: ['customers', 'orders'] },
  createdAt: { column: 'created_at', tables: ['customers', 'orders'] },
  rpoLimitSeconds: 15 * 60,
  rtoLimitSeconds: 60 * 60,
};

export async function createShop(cluster: LocalCluster): Promise<void> {
  await cluster.query('CREATE DATABASE shop');
  await cluster.query(
    `CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
     INSERT INTO schema_migrations (version) VALUES ('20240105120000'), ('20240302080000'), ('${MIGRATION_VERSION}');
     CREATE TABLE tenants (id text PRIMARY KEY, name text NOT NULL);
     CREATE TABLE customers (
       id bigserial PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants, name text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT clock_timestamp());
     CREATE TABLE orders (
       id bigserial PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants, customer_id bigint NOT NULL REFERENCES customers,
       amount_cents integer NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp());
     INSERT INTO tenants SELECT t, 'Tenant ' || t FROM unnest(ARRAY[${TENANTS.map((t) => `'${t}'`).join(', ')}]) AS t;
     INSERT INTO customers (tenant_id, name) SELECT t.id, 'customer ' || n FROM tenants t, generate_series(1, 50) AS n;
     INSERT INTO orders (tenant_id, customer_id, amount_cents)
       SELECT c.tenant_id, c.id, (c.id * 37 + n) % 10000 FROM customers c, generate_series(1, 4) AS n;`,
    [],
    'shop',
  );
}

/** The app's write: an order for the next tenant in turn, for one of its customers. */
export function orderInsert(seq: number): Statement {
  return {
    text: `INSERT INTO orders (tenant_id, customer_id, amount_cents)
           SELECT tenant_id, id, $2 FROM customers WHERE tenant_id = $1 ORDER BY id LIMIT 1`,
    values: [TENANTS[seq % TENANTS.length], (seq * 137) % 10000],
  };
}

/** The shop's API calls for the drill: total customers, and each sampled tenant's orders. */
export const SHOP_API_CALLS = [
  { name: 'customers', path: '/internal/drill/customers/count', count: { field: 'count', table: 'customers' } },
  {
    name: 'tenant-orders',
    path: '/internal/drill/tenants/{tenant}/orders/count',
    count: { field: 'data.count', table: 'orders' },
  },
];

/** The built-in platform file's document with production's database and `sop.restoreDrill` describing the shop. */
export function shopDocument(): any {
  const document = defaultDocument();
  document.environments.production.database = { ...document.environments.production.database, name: 'shop' };
  document.sop.restoreDrill = {
    tables: SHOP_CHECKS.tables,
    countTolerance: SHOP_CHECKS.countTolerance,
    tenants: { column: SHOP_CHECKS.tenants.column, tables: SHOP_CHECKS.tenants.tables },
    sampledTenants: { production: SAMPLED_TENANTS },
    createdAt: SHOP_CHECKS.createdAt,
    api: { service: 'api', calls: SHOP_API_CALLS },
  };
  return document;
}

/** The shop's platform, loaded. */
export function shopPlatform(): Platform {
  return loadPlatform(shopDocument());
}
