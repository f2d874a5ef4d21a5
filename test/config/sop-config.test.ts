/** The `sop` section of the platform file: defaults, and the rules that tie it to services and environments. */
import { loadPlatform } from '../../src/config';
import { defaultDocument, defaultPlatform, platformWith, problemsOf, setIn } from '../helpers/platform';

const drill = (change: (restoreDrill: any) => void) => platformWith((doc) => change(doc.sop.restoreDrill));

it("fills in the manual's limits and the drill's defaults", () => {
  expect(defaultPlatform.sop?.restoreDrill).toMatchObject({
    migrations: { table: 'schema_migrations', versionColumn: 'version' },
    countTolerance: 0.05,
    tenants: { column: 'tenant_id' },
    createdAt: { column: 'created_at' },
    rpoLimitSeconds: 900,
    rtoLimitSeconds: 3600,
    port: 5433,
    schedule: '0 5 2 1,4,7,10 *',
  });
  expect(defaultPlatform.profiles.production.scheduledRestoreDrill).toBe(true);
  expect(defaultPlatform.profiles['non-production'].scheduledRestoreDrill).toBe(false);
});

it('is optional: a platform without it loads', () => {
  const document = defaultDocument();
  delete document.sop;
  expect(loadPlatform(document).sop).toBeUndefined();
});

it.each([
  [
    'an API service that is not an http service',
    drill((d) => (d.api.service = 'worker')),
    'sop.restoreDrill.api.service: must name an http service (api)',
  ],
  [
    'an API service that is not declared',
    drill((d) => (d.api.service = 'frontend')),
    'sop.restoreDrill.api.service: must name an http service (api)',
  ],
  [
    'a worker for the API when two http services could answer',
    platformWith((doc) => {
      doc.services.web = { kind: 'http', port: 8080, args: ['serve', 'web'] };
      doc.sop.restoreDrill.api.service = 'worker';
    }),
    'sop.restoreDrill.api.service: must name an http service (api, web)',
  ],
  [
    'a call counting a table the drill does not count',
    drill((d) => (d.api.calls[0].count.table = 'invoices')),
    "sop.restoreDrill.api.calls[0].count.table: must be one of tables (tenants, users, projects): the drill compares the answer with that table's restored count",
  ],
  [
    'a per-tenant call counting a table not counted per tenant',
    drill((d) => (d.api.calls[2].count.table = 'tenants')),
    "sop.restoreDrill.api.calls[2].count.table: must be one of tenants.tables (users, projects): the drill compares the answer with that table's restored count per tenant",
  ],
  [
    'two calls of one name',
    drill((d) => (d.api.calls[1].name = 'users')),
    'sop.restoreDrill.api.calls[1].name: must be unique ("users" is used twice)',
  ],
  [
    'a sample of an environment that does not exist',
    drill((d) => (d.sampledTenants.dev = ['t1'])),
    'sop.restoreDrill.sampledTenants.dev: must name an environment (qa, staging, production)',
  ],
  [
    'no sample for an environment its profile drills on the schedule',
    drill((d) => delete d.sampledTenants.production),
    'sop.restoreDrill.sampledTenants.production: is required: profile production schedules the restore drill for production, which compares sampled tenants',
  ],
  [
    "the database's own port for the drill",
    drill((d) => (d.port = 5432)),
    'sop.restoreDrill.port: must differ from database.port (5432 in qa, staging, production): production pods may reach that port',
  ],
  [
    'a request path with a quote',
    drill((d) => (d.api.calls[0].path = "/internal/users'count")),
    'sop.restoreDrill.api.calls[0].path: must be an absolute request path such as /internal/users/count',
  ],
  [
    'a tolerance above 1',
    drill((d) => (d.countTolerance = 1.5)),
    'sop.restoreDrill.countTolerance: must be between 0 and 1',
  ],
])('rejects %s', (_, document, problem) => {
  expect(problemsOf(document)).toContain(problem);
});

it('resolves database.host from promotedReplica: the name of the instance that is the primary', () => {
  const document = defaultDocument();
  setIn(document, 'environments.staging.database.promotedReplica', true);
  const platform = loadPlatform(document);
  expect(platform.environments.staging.database.host).toBe('postgres-replica.staging.your-app.internal');
  expect(platform.environments.production.database.host).toBe('postgres.production.your-app.internal');
});
