/**
 * SOP-01 against the environment's RDS primary (`--source aws`): restore the latest restorable time into a drill
 * instance with the primary stack's subnet group, the drill security group, the primary's parameter group, on the
 * drill's own port; check it is encrypted with the database key; run the checks on the cluster (drill-chart.ts);
 * delete the namespace and the instance in any case.
 *
 * RPO: the drill's start minus the source's LatestRestorableTime read at the start (SOP-01 step 3), which is the
 * time the restore goes back to. RTO: start to the end of verification (steps 1 and 5).
 */
import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  type DBInstance,
  type RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { sopDrillInstanceIdentifier, sopDrillParameterName, type Platform, type SopDrillParameter } from '../../config';
import { parseCheckOutput, type CheckOutput } from '../cluster/check-script';
import { drillObjects, type DrillObjects } from '../cluster/drill-chart';
import type { Kubectl } from '../cluster/kubectl';
import { apiRequests, evaluateApiCalls } from '../drill/api-checks';
import type { DrillChecks } from '../drill/drill-checks';
import { evaluateSnapshot } from '../drill/evaluate';
import { restoreDrillConfig } from '../drill/platform-checks';
import type { CheckResult, DrillReport } from '../drill/report';
import { type DatabaseSnapshot, snapshotFromJson, type SourceRecord } from '../drill/source-record';
import { readDrillParameter } from './drill-parameter';

export interface CloudClients {
  readonly rds: RDSClient;
  readonly ssm: SSMClient;
  readonly secrets: SecretsManagerClient;
}

export interface CloudDrillOptions {
  readonly platform: Platform;
  readonly environment: string;
  readonly checks: DrillChecks;
  readonly clients: CloudClients;
  readonly kubectl: Kubectl;
  /** @default the system clock */
  readonly clock?: () => Date;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Seconds between two looks at the restoring instance.
   * @default 30
   */
  readonly pollSeconds?: number;
}

/** States an instance does not leave by itself: the restore has failed. */
const FAILED_STATES = /^(failed|restore-error|incompatible-.*|inaccessible-encryption-credentials.*|storage-full)$/;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const notRun = (name: string, expected: string): CheckResult => ({
  name,
  status: 'not run',
  expected,
  actual: '(not run)',
});

async function describe(rds: RDSClient, identifier: string): Promise<DBInstance | undefined> {
  try {
    const { DBInstances } = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    return DBInstances?.[0];
  } catch (error) {
    if ((error as { name?: string }).name === 'DBInstanceNotFoundFault') return undefined;
    throw error;
  }
}

export async function runCloudDrill(options: CloudDrillOptions): Promise<DrillReport> {
  const { platform, environment, checks, clients, kubectl } = options;
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const drill = restoreDrillConfig(platform);
  const target = sopDrillInstanceIdentifier(platform, environment);
  const requests = apiRequests(drill.api.calls, checks.tenants.sample);
  const results: CheckResult[] = [];
  const cleanup: string[] = [];

  const started = clock();
  let restorable: Date | null = null;
  let restoredAt: Date | null = null;
  let verifiedAt: Date | null = null;
  let created = false;
  let objects: DrillObjects | undefined;
  let output: CheckOutput | undefined;
  const restoreExpectation =
    `${target} restored to the latest restorable time, available within ${checks.rtoLimitSeconds} s, ` +
    'encrypted with the database key, private, in the drill security group';
  try {
    const parameter = await readDrillParameter(clients.ssm, sopDrillParameterName(platform, environment));
    if (await describe(clients.rds, target)) {
      throw new Error(
        `${target} exists already (left by an earlier drill?); it is not this drill's to delete: ` +
          `aws rds delete-db-instance --region ${platform.environments[environment].aws.region} ` +
          `--db-instance-identifier ${target} --skip-final-snapshot --delete-automated-backups`,
      );
    }
    const source = await describe(clients.rds, parameter.sourceInstance);
    restorable = source?.LatestRestorableTime ?? null;
    await clients.rds.send(
      new RestoreDBInstanceToPointInTimeCommand(restoreRequest(platform, environment, parameter, drill.port)),
    );
    created = true;
    const instance = await waitUntilAvailable(clients.rds, target, {
      deadline: started.getTime() + checks.rtoLimitSeconds * 1000,
      clock,
      sleep,
      pollMs: (options.pollSeconds ?? 30) * 1000,
    });
    restoredAt = clock();
    const problems = instanceProblems(instance, parameter, drill.port);
    results.push({
      name: 'restore',
      status: problems.length === 0 ? 'pass' : 'fail',
      expected: restoreExpectation,
      actual:
        problems.length === 0
          ? `available ${((restoredAt.getTime() - started.getTime()) / 1000).toFixed(1)} s after the start`
          : problems.join('; '),
    });
    if (problems.length === 0) {
      const credentials = await masterCredentials(clients.secrets, parameter.credentialsSecretArn);
      const endpoint = { host: instance.Endpoint?.Address as string, port: instance.Endpoint?.Port as number };
      objects = drillObjects({ platform, environment, restored: endpoint, credentials, checks, requests });
      output = await runChecksOnCluster(kubectl, objects, results);
      verifiedAt = clock();
    }
  } catch (error) {
    if (!results.some((result) => result.name === 'restore')) {
      results.push({ name: 'restore', status: 'fail', expected: restoreExpectation, actual: message(error) });
    } else {
      results.push({ name: 'cluster checks', status: 'fail', expected: 'the check Job ran', actual: message(error) });
    }
  } finally {
    if (objects)
      await step(cleanup, `namespace ${objects.namespace} deleted`, () => kubectl.deleteNamespace(objects!.namespace));
    if (created) {
      await step(cleanup, `${target} deletion requested`, () =>
        clients.rds.send(
          new DeleteDBInstanceCommand({
            DBInstanceIdentifier: target,
            SkipFinalSnapshot: true,
            DeleteAutomatedBackups: true,
          }),
        ),
      );
    }
  }

  const snapshot = (id: string): DatabaseSnapshot | undefined => {
    const response = output?.sql.get(id);
    return response?.ok ? snapshotFromJson(response.text, checks) : undefined;
  };
  const fromProduction = snapshot('source');
  const restored = snapshot('restored');
  for (const [id, what] of [
    ['source', "production's read replica"],
    ['restored', 'the restored instance'],
  ] as const) {
    const response = output?.sql.get(id);
    if (output && !response?.ok) {
      results.push({
        name: `read ${id}`,
        status: 'fail',
        expected: `the snapshot statement runs on ${what}`,
        actual: response?.text.trim() || 'no result in the Job log',
      });
    }
  }
  const record: SourceRecord = {
    recordedAt: (verifiedAt ?? started).toISOString(),
    migrationVersion: fromProduction?.migrationVersion ?? null,
    tableCounts: fromProduction?.tableCounts ?? {},
    tenantCounts: fromProduction?.tenantCounts ?? {},
  };
  const rpoSeconds = restorable ? (started.getTime() - restorable.getTime()) / 1000 : null;
  results.push(
    !restoredAt
      ? notRun('RPO', `at most ${checks.rpoLimitSeconds} s between the latest restorable time and the drill start`)
      : {
          name: 'RPO',
          status: rpoSeconds !== null && rpoSeconds <= checks.rpoLimitSeconds ? 'pass' : 'fail',
          expected: `at most ${checks.rpoLimitSeconds} s between the latest restorable time and the drill start`,
          actual: rpoSeconds === null ? 'the source has no LatestRestorableTime' : `${rpoSeconds.toFixed(1)} s`,
        },
  );
  results.push(...evaluateSnapshot(checks, record, fromProduction && restored, started));
  results.push(...evaluateApiCalls(requests, output?.api ?? new Map(), fromProduction && restored));
  const finished = verifiedAt ?? clock();
  const rtoSeconds = (finished.getTime() - started.getTime()) / 1000;
  results.push(
    !verifiedAt
      ? notRun('RTO', `restore and verification within ${checks.rtoLimitSeconds} s`)
      : {
          name: 'RTO',
          status: rtoSeconds <= checks.rtoLimitSeconds ? 'pass' : 'fail',
          expected: `restore and verification within ${checks.rtoLimitSeconds} s`,
          actual: `${rtoSeconds.toFixed(1)} s`,
        },
  );
  const cleanupFailed = cleanup.filter((line) => line.startsWith('FAILED'));
  if (cleanup.length > 0) {
    results.push({
      name: 'cleanup',
      status: cleanupFailed.length === 0 ? 'pass' : 'fail',
      expected: "the drill's namespace and instance removed",
      actual: cleanup.join('; '),
    });
  }

  return {
    sop: 'SOP-01',
    source: 'aws',
    passed: results.every((result) => result.status === 'pass'),
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    restoredAt: restoredAt?.toISOString() ?? null,
    newestRestorableTime: restorable?.toISOString() ?? null,
    rpoSeconds,
    rtoSeconds,
    restoreSeconds: restoredAt ? (restoredAt.getTime() - started.getTime()) / 1000 : null,
    checks: results,
  };
}

/** The restore request: every setting that decides where the instance lands and who reaches it. */
export function restoreRequest(
  platform: Platform,
  environment: string,
  parameter: SopDrillParameter,
  port: number,
): ConstructorParameters<typeof RestoreDBInstanceToPointInTimeCommand>[0] {
  return {
    SourceDBInstanceIdentifier: parameter.sourceInstance,
    TargetDBInstanceIdentifier: sopDrillInstanceIdentifier(platform, environment),
    UseLatestRestorableTime: true,
    DBInstanceClass: parameter.instanceClass,
    DBSubnetGroupName: parameter.subnetGroup,
    VpcSecurityGroupIds: [parameter.securityGroupId],
    DBParameterGroupName: parameter.parameterGroup,
    Port: port,
    MultiAZ: false,
    PubliclyAccessible: false,
    // A throwaway copy: no backups of its own, no protection that would keep the cleanup from deleting it.
    BackupRetentionPeriod: 0,
    DeletionProtection: false,
    CopyTagsToSnapshot: false,
    Tags: [
      { Key: 'app', Value: platform.app.name },
      { Key: 'env', Value: environment },
      { Key: 'sop', Value: 'SOP-01' },
    ],
  };
}

interface Polling {
  readonly deadline: number;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pollMs: number;
}

async function waitUntilAvailable(rds: RDSClient, identifier: string, polling: Polling): Promise<DBInstance> {
  for (;;) {
    const instance = await describe(rds, identifier);
    const status = instance?.DBInstanceStatus ?? 'not found';
    if (instance && status === 'available') return instance;
    if (FAILED_STATES.test(status)) throw new Error(`${identifier}: the restore failed (status ${status})`);
    if (polling.clock().getTime() >= polling.deadline) {
      throw new Error(`${identifier}: not available before the RTO limit (status ${status})`);
    }
    await polling.sleep(polling.pollMs);
  }
}

/** Where the restored instance differs from what the drill asked for. */
function instanceProblems(instance: DBInstance, parameter: SopDrillParameter, port: number): string[] {
  const problems: string[] = [];
  if (!instance.StorageEncrypted || instance.KmsKeyId !== parameter.kmsKeyArn) {
    problems.push(`encrypted with ${instance.KmsKeyId ?? 'no key'}, not the database key ${parameter.kmsKeyArn}`);
  }
  if (instance.PubliclyAccessible) problems.push('publicly accessible');
  const groups = (instance.VpcSecurityGroups ?? []).map((group) => group.VpcSecurityGroupId);
  if (groups.length !== 1 || groups[0] !== parameter.securityGroupId) {
    problems.push(`security groups ${groups.join(', ') || 'none'}, not only ${parameter.securityGroupId}`);
  }
  if (instance.Endpoint?.Port !== port || !instance.Endpoint?.Address) {
    problems.push(
      `endpoint ${instance.Endpoint?.Address ?? '?'}:${instance.Endpoint?.Port ?? '?'}, not on port ${port}`,
    );
  }
  return problems;
}

async function masterCredentials(
  secrets: SecretsManagerClient,
  secretArn: string,
): Promise<{ username: string; password: string }> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const value = JSON.parse(SecretString ?? '{}') as { username?: unknown; password?: unknown };
  if (typeof value.username !== 'string' || typeof value.password !== 'string') {
    throw new Error(`${secretArn}: has no username and password`);
  }
  return { username: value.username, password: value.password };
}

/** Seconds the app and the Job get on the cluster. */
const APP_TIMEOUT_SECONDS = 600;
const JOB_TIMEOUT_SECONDS = 900;

async function runChecksOnCluster(
  kubectl: Kubectl,
  objects: DrillObjects,
  results: CheckResult[],
): Promise<CheckOutput | undefined> {
  await kubectl.apply(objects.setup);
  await kubectl.rolloutStatus(objects.namespace, objects.deploymentName, APP_TIMEOUT_SECONDS);
  await kubectl.apply([objects.job]);
  const outcome = await kubectl.waitForJob(objects.namespace, objects.jobName, JOB_TIMEOUT_SECONDS);
  const output = parseCheckOutput(await kubectl.jobLogs(objects.namespace, objects.jobName));
  const ran = outcome === 'complete' && output.complete;
  results.push({
    name: 'cluster checks',
    status: ran ? 'pass' : 'fail',
    expected: `Job ${objects.jobName} runs every check in the isolated namespace ${objects.namespace}`,
    actual: ran ? 'complete' : `Job ${outcome}, ${output.complete ? 'log complete' : 'log incomplete'}`,
  });
  return output;
}

async function step(lines: string[], done: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    lines.push(done);
  } catch (error) {
    lines.push(`FAILED: ${done.replace(/ (deleted|deletion requested)$/, '')}: ${message(error)}`);
  }
}
