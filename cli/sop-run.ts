/**
 * `npm run sop -- drill|record|failover ...`: SOP-01 and SOP-02 for one environment of the platform file. Exit 0 when
 * the drill passed or the phase's checks held; 1 when a check failed (the report says which), the platform file has
 * a problem, or AWS, Prometheus or Slack failed; 2 on a usage error (nothing done, nothing written).
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { projectRoot, type Platform } from '../src/config';
import { type CloudClients, runCloudDrill } from '../src/sop/aws/cloud-drill';
import { type Kubectl, systemKubectl } from '../src/sop/cluster/kubectl';
import { drillChecksFor } from '../src/sop/drill/platform-checks';
import { type DrillReport, writeDrillReport } from '../src/sop/drill/report';
import { recordSource, type SourceRecord } from '../src/sop/drill/source-record';
import { PhaseUsageError, runPhase, type PhaseContext } from '../src/sop/failover/cluster-phases';
import { editPlatformText, type PlatformEdit } from '../src/sop/failover/platform-edit';
import { loadFailoverRecord, saveFailoverRecord } from '../src/sop/failover/record';
import { runLocalDrill } from '../src/sop/local/drill';
import { makeServerDir } from '../src/sop/local/server-user';
import { UsageError } from './args';
import { loadPlatformSource, selectEnvironments } from './platform-source';
import { parseSopArgs, type SopCommand } from './sop-args';
import { synthesize } from './synthesize';

export interface SopContext {
  /** IMAGE_TAG, PLATFORM_CONFIG and SOP_SLACK_WEBHOOK_URL. */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
  /** @default the AWS SDK clients of the environment's region, with the default credential chain */
  readonly cloudClients?: (region: string) => CloudClients;
  /** @default kubectl on PATH */
  readonly kubectl?: Kubectl;
  /** @default the system clock */
  readonly now?: () => Date;
  /** Where a phase's re-synth writes dist/, charts/ and cdktf.out/. @default the project root */
  readonly synthOutDir?: string;
  /** Where a service's smoke call goes. @default https://<service>.<domain> */
  readonly serviceUrl?: PhaseContext['serviceUrl'];
}

/** The file name a failover's record and summary are kept under, in --out. */
export const failoverRecordFile = (outDir: string, environment: string) =>
  path.join(outDir, `sop-02-${environment}.json`);

export async function runSop(argv: readonly string[], ctx: SopContext): Promise<number> {
  try {
    const command = parseSopArgs(argv);
    const { platform, file } = loadPlatformSource(command.configFile, ctx.env);
    selectEnvironments(platform, [command.environment]);
    switch (command.command) {
      case 'drill':
        return await drill(command, platform, ctx);
      case 'record':
        return await record(command, platform, ctx);
      case 'failover':
        return await failover(command, platform, file, ctx);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof PhaseUsageError) {
      ctx.error(error.message);
      return 2;
    }
    ctx.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

function defaultClients(region: string): CloudClients {
  return {
    rds: new RDSClient({ region }),
    ssm: new SSMClient({ region }),
    secrets: new SecretsManagerClient({ region }),
  };
}

async function drill(
  command: Extract<SopCommand, { command: 'drill' }>,
  platform: Platform,
  ctx: SopContext,
): Promise<number> {
  const { environment } = command;
  const checks = drillChecksFor(platform, environment);
  let report: DrillReport;
  if (command.source === 'aws') {
    report = await runCloudDrill({
      platform,
      environment,
      checks,
      clients: (ctx.cloudClients ?? defaultClients)(platform.environments[environment].aws.region),
      kubectl: ctx.kubectl ?? systemKubectl,
      clock: ctx.now,
    });
  } else {
    const sourceRecord = readSourceRecord(command.sourceRecordFile);
    const workDir = mkdtempSync(path.join(tmpdir(), 'sop-drill-'));
    makeServerDir(workDir);
    try {
      report = await runLocalDrill({
        backup: { dir: path.resolve(command.backupDir), archiveDir: path.resolve(command.walArchiveDir) },
        record: sourceRecord,
        checks,
        workDir,
        clock: ctx.now,
      });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  mkdirSync(command.outDir, { recursive: true });
  const files = writeDrillReport(command.outDir, report);
  ctx.log(readFileSync(files.summary, 'utf8').trimEnd());
  ctx.log(`report: ${files.json}`);
  return report.passed ? 0 : 1;
}

function readSourceRecord(file: string): SourceRecord {
  if (!existsSync(file)) throw new UsageError(`--source-record ${file}: does not exist`);
  const record = JSON.parse(readFileSync(file, 'utf8')) as SourceRecord;
  if (typeof record.recordedAt !== 'string' || typeof record.tableCounts !== 'object') {
    throw new UsageError(`--source-record ${file}: not a source record (npm run sop -- record writes one)`);
  }
  return record;
}

async function record(
  command: Extract<SopCommand, { command: 'record' }>,
  platform: Platform,
  ctx: SopContext,
): Promise<number> {
  const checks = drillChecksFor(platform, command.environment);
  const client = new Client({ connectionString: command.databaseUrl });
  await client.connect();
  let sourceRecord: SourceRecord;
  try {
    sourceRecord = await recordSource(client, checks, ctx.now?.());
  } finally {
    await client.end();
  }
  mkdirSync(command.outDir, { recursive: true });
  const file = path.join(command.outDir, 'source-record.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(sourceRecord, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  ctx.log(`recorded ${checks.database} as of ${sourceRecord.recordedAt} in ${file}`);
  return 0;
}

async function failover(
  command: Extract<SopCommand, { command: 'failover' }>,
  platform: Platform,
  file: string,
  ctx: SopContext,
): Promise<number> {
  const { environment, outDir } = command;
  const recordFile = failoverRecordFile(outDir, environment);
  const existing = existsSync(recordFile) ? loadFailoverRecord(recordFile) : undefined;
  if (existing && existing.environment !== environment) {
    throw new UsageError(`${recordFile}: is the record of ${existing.environment}, not ${environment}`);
  }
  const configFile = path.relative(process.cwd(), path.resolve(file)) || file;
  const outcome = await runPhase(command.phase, {
    platform,
    environment,
    configFile,
    now: (ctx.now ?? (() => new Date()))(),
    apply: command.apply,
    force: command.force,
    record: existing,
    prometheusUrl: command.prometheusUrl ?? platform.monitoring.prometheusUrl,
    slackWebhookUrl: ctx.env.SOP_SLACK_WEBHOOK_URL || undefined,
    serviceUrl: ctx.serviceUrl,
  });
  outcome.lines.forEach((line) => ctx.log(line));
  if (!command.apply) return outcome.ok ? 0 : 1;
  if (outcome.edits.length > 0) await applyEdits(path.resolve(file), outcome.edits, ctx);
  if (outcome.record) {
    mkdirSync(outDir, { recursive: true });
    saveFailoverRecord(recordFile, outcome.record);
    ctx.log(`recorded in ${recordFile}`);
  }
  if (outcome.summary) {
    const summaryFile = recordFile.replace(/\.json$/, '.txt');
    writeFileSync(`${summaryFile}.tmp`, outcome.summary);
    renameSync(`${summaryFile}.tmp`, summaryFile);
    ctx.log(outcome.summary.trimEnd());
  }
  return outcome.ok ? 0 : 1;
}

/**
 * Edits the platform file and re-synthesizes both layers. The new text is validated first; the synthesis swaps its
 * directories in whole; the file is replaced (rename) only once the synthesis succeeded: a failure leaves both as
 * they were.
 */
async function applyEdits(file: string, edits: readonly PlatformEdit[], ctx: SopContext): Promise<void> {
  const edited = editPlatformText(readFileSync(file, 'utf8'), file, edits, { imageTag: ctx.env.IMAGE_TAG });
  if (edited.changes.length === 0) {
    ctx.log(`${file}: already as the phase needs it; nothing to change`);
    return;
  }
  const staged = `${file}.sop-tmp`;
  writeFileSync(staged, edited.text);
  try {
    const root = projectRoot();
    const written = await synthesize(edited.platform, {
      layers: ['k8s', 'infra'],
      environments: edited.platform.promotion,
      outDir: ctx.synthOutDir ?? root,
      projectRoot: root,
    });
    renameSync(staged, file);
    edited.changes.forEach((change) => ctx.log(`changed ${change}`));
    ctx.log(`synthesized ${written.join(', ')}`);
  } catch (error) {
    rmSync(staged, { force: true });
    throw error;
  }
}
