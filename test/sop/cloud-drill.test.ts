/**
 * SOP-01 with `--source aws`: the RDS, SSM and Secrets Manager calls against the SDK's request shapes (a client
 * mock stands in for AWS), and the checks on the cluster run for real: the rendered check Job runs under BusyBox with
 * psql against local PostgreSQL servers (production's replica and the restore), and the temporary app is an HTTP
 * server answering from the restored server. Each failure case breaks one thing and must fail loudly.
 */
import {
  DBInstanceNotFoundFault,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { Platform, SopDrillParameter } from '../../src/config';
import { runCloudDrill } from '../../src/sop/aws/cloud-drill';
import { drillChecksFor } from '../../src/sop/drill/platform-checks';
import type { DrillReport } from '../../src/sop/drill/report';
import type { LocalCluster } from '../../src/sop/local/cluster';
import { expectValidManifests } from '../helpers/k8s-schema';
import { FakeCluster, startShopApp } from '../helpers/drill-cluster';
import { PostgresSandbox } from '../helpers/postgres';
import { createShop, SHOP_CHECKS, shopPlatform } from '../helpers/sop-shop';

const platform: Platform = shopPlatform();
const ENV = 'production';
const DRILL = 'your-app-production-sop-drill';
const PARAMETER: SopDrillParameter = {
  sourceInstance: 'your-app-production',
  subnetGroup: 'your-app-production',
  securityGroupId: 'sg-0123456789abcdef0',
  parameterGroup: 'your-app-production-postgres16',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  instanceClass: 'db.r6g.xlarge',
  credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:your-app/production/postgres-AbCdEf',
};
const RESTORED_ADDRESS = `${DRILL}.abcdefghijkl.eu-west-1.rds.amazonaws.com`;
const available: DBInstance = {
  DBInstanceIdentifier: DRILL,
  DBInstanceStatus: 'available',
  StorageEncrypted: true,
  KmsKeyId: PARAMETER.kmsKeyArn,
  PubliclyAccessible: false,
  VpcSecurityGroups: [{ VpcSecurityGroupId: PARAMETER.securityGroupId, Status: 'active' }],
  Endpoint: { Address: RESTORED_ADDRESS, Port: 5433 },
};
const notFound = () => new DBInstanceNotFoundFault({ message: `DBInstance ${DRILL} not found.`, $metadata: {} });

const rds = mockClient(RDSClient);
const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);

/** AWS as it answers a drill that goes well: the restore is available at the second look. */
function awsAnswers(restored: DBInstance = available, latestRestorableAgo = 300_000): void {
  rds.reset();
  ssm.reset();
  secrets.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(PARAMETER) } });
  rds
    .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DRILL })
    .rejectsOnce(notFound())
    .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: DRILL, DBInstanceStatus: 'creating' }] })
    .resolves({ DBInstances: [restored] });
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: PARAMETER.sourceInstance }).callsFake(() => ({
    DBInstances: [
      {
        DBInstanceIdentifier: PARAMETER.sourceInstance,
        LatestRestorableTime: new Date(Date.now() - latestRestorableAgo),
      },
    ],
  }));
  rds.on(RestoreDBInstanceToPointInTimeCommand).resolves({ DBInstance: { DBInstanceIdentifier: DRILL } });
  rds.on(DeleteDBInstanceCommand).resolves({});
  secrets
    .on(GetSecretValueCommand)
    .resolves({ SecretString: JSON.stringify({ username: 'postgres', password: 'not-used-locally' }) });
}

const clients = () => ({
  rds: new RDSClient({ region: 'eu-west-1' }),
  ssm: new SSMClient({}),
  secrets: new SecretsManagerClient({}),
});
const failed = (report: DrillReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.name);
const check = (report: DrillReport, name: string) => {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check "${name}" in ${report.checks.map((c) => c.name).join(', ')}`);
  return found;
};

let sandbox: PostgresSandbox;
let production: LocalCluster;

beforeAll(async () => {
  sandbox = PostgresSandbox.create('cloud-drill');
  production = await sandbox.start('production');
  await createShop(production);
});

afterAll(async () => {
  await sandbox?.cleanup();
});

/** A restored instance: the shop as production has it, then `damage` applied. */
async function restoredShop(name: string, damage?: string): Promise<LocalCluster> {
  const server = await sandbox.start(name);
  await createShop(server);
  if (damage) await server.query(damage, [], 'shop');
  return server;
}

/** Runs a drill against `restored`, with the app answering from it. */
async function drillWith(restored: LocalCluster, app: Parameters<typeof startShopApp>[1] = {}) {
  const shopApp = await startShopApp(restored, app);
  const cluster = new FakeCluster({ source: production.endpoint, restored: restored.endpoint, appUrl: shopApp.url });
  try {
    const report = await runCloudDrill({
      platform,
      environment: ENV,
      checks: drillChecksFor(platform, ENV),
      clients: clients(),
      kubectl: cluster,
      sleep: async () => undefined,
    });
    return { report, cluster };
  } finally {
    await shopApp.close();
  }
}

it('reads its checks from the platform file: the shop platform gives the shop checks', () => {
  expect(drillChecksFor(platform, ENV)).toEqual(SHOP_CHECKS);
});

describe('a drill that goes well', () => {
  let report: DrillReport;
  let cluster: FakeCluster;

  beforeAll(async () => {
    awsAnswers();
    ({ report, cluster } = await drillWith(await restoredShop('restored')));
  });

  it('passes every check and measures RPO from the latest restorable time', () => {
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.source).toBe('aws');
    expect(report.rpoSeconds).toBeGreaterThanOrEqual(299);
    expect(report.rpoSeconds).toBeLessThan(305);
    expect(report.rtoSeconds).toBeGreaterThanOrEqual(report.restoreSeconds!);
    expect(check(report, 'rows orders of tenant tenant-05').actual).toBe('200');
    expect(check(report, 'api customers')).toMatchObject({ status: 'pass', actual: '500' });
    expect(check(report, 'api tenant-orders of tenant tenant-09')).toMatchObject({ status: 'pass', actual: '200' });
    expect(check(report, 'cleanup').actual).toBe(`namespace your-app-sop-drill deleted; ${DRILL} deletion requested`);
  });

  it('restores with the stack outputs, privately, on the drill port, without backups or deletion protection', () => {
    const [restore] = rds.commandCalls(RestoreDBInstanceToPointInTimeCommand);
    expect(restore.args[0].input).toEqual({
      SourceDBInstanceIdentifier: PARAMETER.sourceInstance,
      TargetDBInstanceIdentifier: DRILL,
      UseLatestRestorableTime: true,
      DBInstanceClass: PARAMETER.instanceClass,
      DBSubnetGroupName: PARAMETER.subnetGroup,
      VpcSecurityGroupIds: [PARAMETER.securityGroupId],
      DBParameterGroupName: PARAMETER.parameterGroup,
      Port: 5433,
      MultiAZ: false,
      PubliclyAccessible: false,
      BackupRetentionPeriod: 0,
      DeletionProtection: false,
      CopyTagsToSnapshot: false,
      Tags: [
        { Key: 'app', Value: 'your-app' },
        { Key: 'env', Value: ENV },
        { Key: 'sop', Value: 'SOP-01' },
      ],
    });
    expect(ssm.commandCalls(GetParameterCommand)[0].args[0].input).toEqual({ Name: '/your-app/production/sop-drill' });
    expect(secrets.commandCalls(GetSecretValueCommand)[0].args[0].input).toEqual({
      SecretId: PARAMETER.credentialsSecretArn,
    });
    expect(rds.commandCalls(DeleteDBInstanceCommand).map((call) => call.args[0].input)).toEqual([
      { DBInstanceIdentifier: DRILL, SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
    ]);
  });

  it('sets up the namespace and app, waits for the app, runs the Job, then deletes the namespace', () => {
    expect(cluster.calls).toEqual([
      'apply Namespace,NetworkPolicy,NetworkPolicy,NetworkPolicy,NetworkPolicy,ServiceAccount,Secret,ConfigMap,Deployment,Service,ConfigMap',
      'rollout status your-app-sop-drill/your-app-api',
      'apply Job',
      'wait job your-app-sop-drill/your-app-sop-drill-checks',
      'logs your-app-sop-drill/your-app-sop-drill-checks',
      'delete namespace your-app-sop-drill',
    ]);
    expectValidManifests(cluster.applied);
    const config = cluster.applied.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'your-app-database');
    expect(config?.data).toMatchObject({
      DATABASE_HOST: RESTORED_ADDRESS,
      DATABASE_PORT: '5433',
      DATABASE_NAME: 'shop',
    });
  });
});

it("fails a sampled tenant's SQL counts when its rows are missing from the restore, though the app agrees with the restore", async () => {
  awsAnswers();
  const { report } = await drillWith(
    await restoredShop('lost-tenant', "DELETE FROM orders WHERE tenant_id = 'tenant-05'"),
  );
  expect(failed(report)).toEqual(['rows orders of tenant tenant-05']);
  expect(check(report, 'rows orders of tenant tenant-05')).toMatchObject({
    expected: '200 ±15% (170..230)',
    actual: '0',
  });
  expect(check(report, 'api tenant-orders of tenant tenant-05')).toMatchObject({ status: 'pass', actual: '0' });
});

describe('the app disagrees with the restore', () => {
  let restored: LocalCluster;
  beforeAll(async () => {
    restored = await restoredShop('app-checks');
  });

  it('fails a call whose count differs from the restored rows', async () => {
    awsAnswers();
    const { report } = await drillWith(restored, { offBy: 1 });
    expect(failed(report)).toEqual(['api customers']);
    expect(check(report, 'api customers')).toMatchObject({
      expected: 'GET /internal/drill/customers/count answers 2xx with JSON count = restored rows customers (500)',
      actual: '501',
    });
  });

  it('fails a call the app answers with an error, saying so', async () => {
    awsAnswers();
    const { report } = await drillWith(restored, { broken: /tenant-02/ });
    expect(failed(report)).toEqual(['api tenant-orders of tenant tenant-02']);
    expect(check(report, 'api tenant-orders of tenant tenant-02').actual).toMatch(/^request failed: .*500/);
  });
});

it('refuses a restore not encrypted with the database key, runs nothing on the cluster and deletes the instance', async () => {
  awsAnswers({ ...available, KmsKeyId: 'arn:aws:kms:eu-west-1:333333333333:key/other' });
  const { report, cluster } = await drillWith(production);
  expect(failed(report)).toEqual(['restore']);
  expect(check(report, 'restore').actual).toMatch(/^encrypted with arn:aws:kms:.*:key\/other, not the database key/);
  expect(cluster.calls).toEqual([]);
  expect(check(report, 'RTO').status).toBe('not run');
  expect(check(report, 'rows orders').status).toBe('not run');
  expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
  expect(report.passed).toBe(false);
});

it('leaves an instance it did not create alone and says how to remove it', async () => {
  awsAnswers();
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DRILL }).resolves({ DBInstances: [available] });
  const { report } = await drillWith(production);
  expect(failed(report)).toEqual(['restore']);
  expect(check(report, 'restore').actual).toContain(
    `aws rds delete-db-instance --region eu-west-1 --db-instance-identifier ${DRILL} --skip-final-snapshot`,
  );
  expect(rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)).toHaveLength(0);
  expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
});

it('fails a restore that is not available within the RTO limit, and deletes it', async () => {
  awsAnswers();
  rds
    .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DRILL })
    .rejectsOnce(notFound())
    .resolves({
      DBInstances: [{ DBInstanceIdentifier: DRILL, DBInstanceStatus: 'creating' }],
    });
  let now = Date.now();
  const report = await runCloudDrill({
    platform,
    environment: ENV,
    checks: drillChecksFor(platform, ENV),
    clients: clients(),
    kubectl: new FakeCluster({
      source: production.endpoint,
      restored: production.endpoint,
      appUrl: 'http://127.0.0.1:9',
    }),
    clock: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
    },
  });
  expect(failed(report)).toEqual(['restore']);
  expect(check(report, 'restore').actual).toBe(`${DRILL}: not available before the RTO limit (status creating)`);
  expect(rds.commandCalls(DescribeDBInstancesCommand, { DBInstanceIdentifier: DRILL }).length).toBe(3600 / 30 + 2);
  expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
});
