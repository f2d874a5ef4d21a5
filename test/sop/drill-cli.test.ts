/**
 * `npm run sop -- record` and `npm run sop -- drill`: the local source end to end through the command (a real
 * PostgreSQL archiving its WAL, a base backup, the record, the drill), and the cloud source's report and exit code.
 */
import {
  DBInstanceNotFoundFault,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { runSop } from '../../cli/sop-run';
import type { DrillReport } from '../../src/sop/drill/report';
import { takeBaseBackup } from '../../src/sop/local/base-backup';
import { archiveCurrentSegment, archivingSettings } from '../../src/sop/local/wal-archive';
import type { Kubectl } from '../../src/sop/cluster/kubectl';
import { PostgresSandbox } from '../helpers/postgres';
import { createShop, shopDocument } from '../helpers/sop-shop';

let sandbox: PostgresSandbox;
let config: string;

beforeAll(() => {
  sandbox = PostgresSandbox.create('drill-cli');
  config = sandbox.path('shop-platform.yaml');
  writeFileSync(config, stringify(shopDocument()));
});

afterAll(async () => {
  await sandbox?.cleanup();
});

async function sop(args: string[], extra: Partial<Parameters<typeof runSop>[1]> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSop(args, { env: {}, log: (l) => out.push(l), error: (l) => err.push(l), ...extra });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('records the source, then drills a local backup and writes the report', async () => {
  const archive = sandbox.dir('archive');
  const source = await sandbox.start('source', archivingSettings(archive, 1));
  await createShop(source);
  const backup = await takeBaseBackup(source, sandbox.path('backup'), archive);
  const out = sandbox.path('reports');
  const { host, port } = source.endpoint;

  const recorded = await sop([
    'record',
    '--env',
    'production',
    '--config',
    config,
    '--out',
    out,
    '--database-url',
    `postgres://postgres@${host}:${port}/shop`,
  ]);
  expect(recorded).toMatchObject({ code: 0, err: '' });
  const record = JSON.parse(readFileSync(path.join(out, 'source-record.json'), 'utf8'));
  expect(record.tableCounts).toEqual({ tenants: 10, customers: 500, orders: 2000 });
  await source.query(
    "INSERT INTO orders (tenant_id, customer_id, amount_cents) SELECT 'tenant-02', 1, 100",
    [],
    'shop',
  );
  await archiveCurrentSegment(source);

  const drilled = await sop([
    'drill',
    '--env',
    'production',
    '--source',
    'local',
    '--config',
    config,
    '--out',
    out,
    '--backup',
    backup.dir,
    '--wal-archive',
    archive,
    '--source-record',
    path.join(out, 'source-record.json'),
  ]);
  expect(drilled.err).toBe('');
  expect(drilled.out).toMatch(/^SOP-01 restore drill \(local\): PASSED$/m);
  expect(drilled.code).toBe(0);
  const report = JSON.parse(readFileSync(path.join(out, 'sop-01-drill.json'), 'utf8')) as DrillReport;
  expect(report.checks.find((c) => c.name === 'rows orders')?.actual).toBe('2001');
  expect(existsSync(path.join(out, 'sop-01-drill.txt'))).toBe(true);
});

it('refuses an environment the platform file samples no tenants of, naming the field', async () => {
  const result = await sop(['drill', '--env', 'qa', '--config', config, '--out', sandbox.path('qa-out')]);
  expect(result.code).toBe(1);
  expect(result.err).toBe(
    'sop.restoreDrill.sampledTenants.qa: is not set; the drill compares the counts of sampled tenants',
  );
  expect(existsSync(sandbox.path('qa-out'))).toBe(false);
});

it('writes the cloud drill report and exits 1 when a check failed', async () => {
  const rds = mockClient(RDSClient);
  const ssm = mockClient(SSMClient);
  mockClient(SecretsManagerClient);
  ssm.on(GetParameterCommand).resolves({
    Parameter: {
      Value: JSON.stringify({
        sourceInstance: 'your-app-production',
        subnetGroup: 'your-app-production',
        securityGroupId: 'sg-0123456789abcdef0',
        parameterGroup: 'your-app-production-postgres16',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:333333333333:key/database',
        instanceClass: 'db.r6g.xlarge',
        credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:x',
      }),
    },
  });
  rds
    .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'your-app-production-sop-drill' })
    .rejectsOnce(new DBInstanceNotFoundFault({ message: 'not found', $metadata: {} }))
    .resolves({ DBInstances: [{ DBInstanceStatus: 'failed' }] });
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'your-app-production' }).resolves({ DBInstances: [{}] });
  rds.on(RestoreDBInstanceToPointInTimeCommand).resolves({});
  rds.on(DeleteDBInstanceCommand).resolves({});
  const unused: Kubectl = new Proxy({} as Kubectl, {
    get: () => () => Promise.reject(new Error('the cluster must not be used')),
  });
  const out = sandbox.path('aws-out');
  const result = await sop(['drill', '--env', 'production', '--config', config, '--out', out], { kubectl: unused });
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/^SOP-01 restore drill \(aws\): FAILED/);
  expect(result.out).toMatch(/^FAIL +restore .*the restore failed \(status failed\)$/m);
  const report = JSON.parse(readFileSync(path.join(out, 'sop-01-drill.json'), 'utf8')) as DrillReport;
  expect(report.passed).toBe(false);
  expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
  rds.restore();
  ssm.restore();
});
