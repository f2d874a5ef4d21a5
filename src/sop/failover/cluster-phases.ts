/**
 * SOP-02 on the environment's cluster and RDS, one phase per command: each prints the exact changes and commands for
 * the environment, from the platform file. The repo-local changes (the platform file, then a re-synth) are returned
 * as edits that `--apply` makes; with `--apply` the phase is also recorded, so the record holds when each step was
 * taken. Remote steps (kubectl, aws, git) are printed, never run: the operator runs them with their own access.
 * The checks a phase owns run in any case: promote's replica lag, verify's error rate and smoke calls.
 */
import { environmentDatabaseInstances, type Platform } from '../../config';
import { API_ERROR_RATIO_THRESHOLD } from '../../observability/service-alerts';
import { checkPromotePrecondition, MAX_PROMOTE_LAG_SECONDS, PromoteRefused } from './precondition';
import { errorRatioQuery, instantValue, portForwardHint, PrometheusUnreachable, replicaLagQuery } from './prometheus';
import { fetchWithOneRetry } from './http';
import type { PlatformEdit } from './platform-edit';
import {
  closeFailover,
  declareFailover,
  type Detail,
  type FailoverPhase,
  type FailoverRecord,
  withPhase,
} from './record';

export interface PhaseContext {
  readonly platform: Platform;
  readonly environment: string;
  /** The platform file as the operator named it (printed in the commands). */
  readonly configFile: string;
  readonly now: Date;
  readonly apply: boolean;
  readonly force: boolean;
  /** The failover's record so far, when there is one. */
  readonly record?: FailoverRecord;
  readonly prometheusUrl: string;
  /** The P2 Slack receiver's incoming webhook; needed to post with --apply. */
  readonly slackWebhookUrl?: string;
  /** Where a service's smoke call goes. @default https://<service>.<domain> */
  readonly serviceUrl?: (service: string) => string;
}

export interface PhaseOutcome {
  /** What the phase prints. */
  readonly lines: readonly string[];
  /** Changes to the platform file, made with --apply (then a re-synth). */
  readonly edits: readonly PlatformEdit[];
  /** The record to save (with --apply). */
  readonly record?: FailoverRecord;
  /** The human summary of the whole failover (close). */
  readonly summary?: string;
  /** False when a check of the phase failed: the command exits 1. */
  readonly ok: boolean;
}

/** A phase cannot run as asked (no record, a record still open, the webhook missing): exit 2. */
export class PhaseUsageError extends Error {}

const section = (title: string) => ['', `# ${title}`];
const command = (line: string) => `  $ ${line}`;
const note = (line: string) => `  ${line}`;

function names(ctx: PhaseContext) {
  const { platform, environment } = ctx;
  const env = platform.environments[environment];
  const app = platform.app.name;
  const rollouts = Object.keys(platform.services).map((service) => ({
    service,
    name: `${app}-${service}`,
    replicas: env.services[service].autoscaling.minReplicas,
  }));
  const instances = environmentDatabaseInstances(platform, environment);
  return { env, app, ns: env.namespace, region: env.aws.region, rollouts, instances };
}

/** The patch `kubectl argo rollouts restart` sends (its restart.go: a merge patch of spec.restartAt, RFC 3339). */
export function restartCommand(rollout: string, namespace: string, at: Date): string {
  const restartAt = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `kubectl patch rollout ${rollout} -n ${namespace} --type merge -p '{"spec":{"restartAt":"${restartAt}"}}'`;
}

/** The commands that publish dist/<env>/ to the GitOps repository Argo CD syncs (its prune removes what is gone). */
function publishToGitops(ctx: PhaseContext, message: string): string[] {
  const { repoURL, branch, path } = ctx.platform.gitops;
  const dir = `${path}/${ctx.environment}`;
  return [
    command(`git clone --depth 1 --branch ${branch} ${repoURL} /tmp/gitops`),
    command(
      `rm -rf /tmp/gitops/${dir} && mkdir -p /tmp/gitops/${path} && cp -R dist/${ctx.environment} /tmp/gitops/${dir}`,
    ),
    command(`git -C /tmp/gitops add -A && git -C /tmp/gitops commit -m '${message}' && git -C /tmp/gitops push`),
  ];
}

function requireRecord(ctx: PhaseContext, phase: FailoverPhase): FailoverRecord | undefined {
  if (!ctx.apply) return ctx.record;
  if (!ctx.record) {
    throw new PhaseUsageError(
      `--phase ${phase} --apply: no failover record of ${ctx.environment}; run --phase declare --apply first`,
    );
  }
  return ctx.record;
}

function recorded(
  ctx: PhaseContext,
  phase: FailoverPhase,
  ok: boolean,
  details: Record<string, Detail>,
): FailoverRecord | undefined {
  const record = requireRecord(ctx, phase);
  if (!ctx.apply || !record) return undefined;
  const at = ctx.now.toISOString();
  return withPhase(record, { phase, startedAt: at, finishedAt: at, ok, details });
}

const editLines = (edits: readonly PlatformEdit[], ctx: PhaseContext) => [
  ...edits.map((edit) =>
    note(
      `${ctx.configFile}: ${edit.path.join('.')}: ${edit.value === undefined ? '(remove the line)' : JSON.stringify(edit.value)}`,
    ),
  ),
  ...(ctx.apply
    ? [note('--apply: edited in the file, then everything re-synthesized (see below)')]
    : [
        note('with --apply this is done here; by hand, edit the file, then:'),
        command(`npm run synth -- --config ${ctx.configFile}`),
      ]),
];

async function postToSlack(ctx: PhaseContext, text: string): Promise<string[]> {
  const receiver = ctx.platform.monitoring.alerting.receivers.slack;
  const secret = receiver.webhookUrl;
  const fetchWebhook = `kubectl get secret ${secret.name} -n ${ctx.platform.monitoring.namespace} -o jsonpath='{.data.${secret.key.replace(/\./g, '\\.')}}' | base64 -d`;
  if (!ctx.apply) {
    return [
      note(`dry run: with --apply this is posted to ${receiver.channel} through the P2 Slack receiver's webhook:`),
      ...text.split('\n').map((line) => note(`> ${line}`)),
      note('the webhook is read from SOP_SLACK_WEBHOOK_URL:'),
      command(`export SOP_SLACK_WEBHOOK_URL="$(${fetchWebhook})"`),
    ];
  }
  if (!ctx.slackWebhookUrl) {
    throw new PhaseUsageError(
      `SOP_SLACK_WEBHOOK_URL: is not set; the P2 Slack receiver's webhook is in Secret ${secret.name} (key ${secret.key}): export SOP_SLACK_WEBHOOK_URL="$(${fetchWebhook})"`,
    );
  }
  const response = await fetchWithOneRetry(ctx.slackWebhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
    timeoutMs: 15_000,
  });
  if (!response.ok) throw new Error(`Slack webhook: HTTP ${response.status} ${await response.text()}`);
  return [note(`posted to ${receiver.channel}`)];
}

async function declare(ctx: PhaseContext): Promise<PhaseOutcome> {
  const open = ctx.record && !ctx.record.phases.some((phase) => phase.phase === 'close');
  if (ctx.apply && open && !ctx.force) {
    throw new PhaseUsageError(
      `a failover of ${ctx.environment} is open since ${ctx.record?.phases[0].startedAt}: close it (--phase close --apply), or pass --force to start a new record`,
    );
  }
  const { ns } = names(ctx);
  const text =
    `:rotating_light: P1 SOP-02 database failover of ${ctx.environment} (${ns}) declared at ${ctx.now.toISOString()}.\n` +
    `Deployments to ${ctx.environment} are frozen until the incident is closed.`;
  return {
    lines: [
      `SOP-02 step 1 (declare) for ${ctx.environment}`,
      ...section('Tell the on-call channel'),
      ...(await postToSlack(ctx, text)),
      ...section('Freeze deployments'),
      note(`Reject every pending deployment to ${ctx.environment} in the delivery pipeline until --phase close.`),
    ],
    edits: [],
    record: ctx.apply ? declareFailover(ctx.environment, ctx.now) : undefined,
    ok: true,
  };
}

function isolate(ctx: PhaseContext): PhaseOutcome {
  const { app, ns, rollouts } = names(ctx);
  const edits: PlatformEdit[] = [{ path: ['environments', ctx.environment, 'dbIsolation'], value: true }];
  const policy = `${app}-allow-database`;
  return {
    lines: [
      `SOP-02 step 2 (isolate) for ${ctx.environment}: no app pod may reach PostgreSQL`,
      ...section('Way 1, the NetworkPolicy (holds under GitOps): dbIsolation leaves out the database allowance'),
      ...editLines(edits, ctx),
      note('publish dist/ to the GitOps repository; Argo CD prunes the NetworkPolicy:'),
      ...publishToGitops(ctx, `SOP-02: isolate the database of ${ctx.environment}`),
      note('and delete it now, however the manifests are applied:'),
      command(`kubectl delete networkpolicy ${policy} -n ${ns} --ignore-not-found`),
      note('open pooled connections may outlive the policy (network plugin): restart every service'),
      ...rollouts.map((rollout) => command(restartCommand(rollout.name, ns, ctx.now))),
      ...section('Way 2, scale the app to zero (a GitOps sync with self-heal scales it back: pause it first)'),
      ...rollouts.map((rollout) => command(`kubectl scale rollout/${rollout.name} -n ${ns} --replicas=0`)),
      note('the HorizontalPodAutoscalers stay idle while a Rollout has 0 replicas'),
      ...section('Check'),
      command(`kubectl get networkpolicy ${policy} -n ${ns}`),
      note("must answer NotFound; the APM dashboard's DB pool connections fall to 0"),
    ],
    edits,
    record: recorded(ctx, 'isolate', true, { way: 'networkpolicy' }),
    ok: true,
  };
}

async function promote(ctx: PhaseContext): Promise<PhaseOutcome> {
  const { region, instances, ns } = names(ctx);
  const record = requireRecord(ctx, 'promote');
  const isolated = record?.phases.filter((phase) => phase.phase === 'isolate').at(-1);
  if (ctx.apply && !isolated)
    throw new PhaseUsageError(
      '--phase promote --apply: the isolate phase is not recorded; run --phase isolate --apply first',
    );
  const at = isolated ? new Date(isolated.startedAt) : ctx.now;
  const query = replicaLagQuery(ctx.platform, ctx.environment);
  const lines = [
    `SOP-02 step 3 (promote) for ${ctx.environment}: ${instances.standby.identifier} becomes the primary`,
    ...section(
      `Precondition: replica lag at ${isolated ? 'isolation' : 'this moment (no isolation recorded)'} below ${MAX_PROMOTE_LAG_SECONDS} s`,
    ),
    note(`${query} at ${at.toISOString()}`),
  ];
  let lag: number | null;
  try {
    lag = await instantValue(ctx.prometheusUrl, query, at);
  } catch (error) {
    if (!(error instanceof PrometheusUnreachable)) throw error;
    lines.push(
      note(`Prometheus did not answer (${error.message}): ${portForwardHint(ctx.platform.monitoring.prometheusUrl)}`),
    );
    lag = null;
  }
  lines.push(note(`replica lag: ${lag === null ? 'unknown (no sample)' : `${lag.toFixed(1)} s`}`));
  let forced: boolean;
  try {
    ({ forced } = checkPromotePrecondition(lag, { force: ctx.force }));
  } catch (error) {
    if (!(error instanceof PromoteRefused)) throw error;
    return { lines: [...lines, note(error.message)], edits: [], ok: false };
  }
  if (forced) lines.push(note('--force: promoting although the lag is not known to be below the limit'));
  return {
    lines: [
      ...lines,
      ...section('Promote the read replica'),
      command(
        `aws rds promote-read-replica --region ${region} --db-instance-identifier ${instances.standby.identifier}`,
      ),
      command(
        `aws rds wait db-instance-available --region ${region} --db-instance-identifier ${instances.standby.identifier}`,
      ),
      note(`its lag at isolation is the data lost; then --phase repoint (the app stays cut off from ${ns} until then)`),
    ],
    edits: [],
    record: recorded(ctx, 'promote', true, { lagSeconds: lag, forced, measuredAt: at.toISOString() }),
    ok: true,
  };
}

function repoint(ctx: PhaseContext): PhaseOutcome {
  const { ns, rollouts, instances } = names(ctx);
  const edits: PlatformEdit[] = [
    { path: ['environments', ctx.environment, 'database', 'host'], value: instances.standby.host },
    { path: ['environments', ctx.environment, 'dbIsolation'], value: false },
  ];
  return {
    lines: [
      `SOP-02 step 4 (repoint) for ${ctx.environment}: the app's one database value names the promoted instance`,
      ...section('The platform file: database.host and dbIsolation together'),
      ...editLines(edits, ctx),
      ...publishToGitops(ctx, `SOP-02: repoint ${ctx.environment} to ${instances.standby.host}`),
      ...section('Restart the pods, so they read the new ConfigMap'),
      ...rollouts.map((rollout) => command(restartCommand(rollout.name, ns, ctx.now))),
      note('if the app was scaled to zero instead: --phase scale-back'),
    ],
    edits,
    record: recorded(ctx, 'repoint', true, { host: instances.standby.host }),
    ok: true,
  };
}

function scaleBack(ctx: PhaseContext): PhaseOutcome {
  const { ns, rollouts } = names(ctx);
  return {
    lines: [
      `SOP-02 step 4b (scale-back) for ${ctx.environment}: only when step 2 scaled the app to zero`,
      ...section("The autoscalers' minimum replicas of the platform file"),
      ...rollouts.map((rollout) =>
        command(`kubectl scale rollout/${rollout.name} -n ${ns} --replicas=${rollout.replicas}`),
      ),
      note(
        'the HorizontalPodAutoscalers take over again once a Rollout has replicas; resume the GitOps sync if paused',
      ),
    ],
    edits: [],
    record: recorded(ctx, 'scale-back', true, {}),
    ok: true,
  };
}

async function smokeCall(url: string): Promise<string | null> {
  try {
    const response = await fetchWithOneRetry(url, { timeoutMs: 10_000 });
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}

async function verify(ctx: PhaseContext): Promise<PhaseOutcome> {
  const { platform, environment } = ctx;
  const { env, ns, rollouts } = names(ctx);
  const record = requireRecord(ctx, 'verify');
  const query = errorRatioQuery(platform, environment);
  const lines = [
    `SOP-02 step 5 (verify) for ${environment}`,
    ...section(`API error rate below ${API_ERROR_RATIO_THRESHOLD * 100}% (the HttpHighErrorRate threshold)`),
    note(query),
  ];
  let ratio: number | null = null;
  try {
    ratio = await instantValue(ctx.prometheusUrl, query, ctx.now);
    lines.push(
      note(ratio === null ? 'no requests in the window: not verified' : `error ratio ${(ratio * 100).toFixed(2)}%`),
    );
  } catch (error) {
    if (!(error instanceof PrometheusUnreachable)) throw error;
    lines.push(
      note(`Prometheus did not answer (${error.message}): ${portForwardHint(platform.monitoring.prometheusUrl)}`),
    );
  }
  const ratioOk = ratio !== null && ratio < API_ERROR_RATIO_THRESHOLD;
  lines.push(...section('Smoke calls: each public service answers its readiness path'));
  const serviceUrl = ctx.serviceUrl ?? ((service: string) => `https://${service}.${env.domain}`);
  const failures: string[] = [];
  for (const [service, definition] of Object.entries(platform.services)) {
    if (definition.kind !== 'http' || definition.exposure !== 'public') continue;
    const url = `${serviceUrl(service)}${definition.health.readinessPath}`;
    const problem = await smokeCall(url);
    if (problem) failures.push(`${url}: ${problem}`);
    lines.push(note(`GET ${url}: ${problem ?? 'ok'}`));
  }
  const isolated = record?.phases.find((phase) => phase.phase === 'isolate');
  const failoverSeconds = isolated ? Math.round((ctx.now.getTime() - Date.parse(isolated.startedAt)) / 1000) : null;
  const ok = ratioOk && failures.length === 0;
  lines.push(
    ...section('And by hand'),
    ...rollouts.map((rollout) =>
      command(`kubectl get rollout ${rollout.name} -n ${ns} -o jsonpath='{.status.phase}{"\\n"}'`),
    ),
    note("each must be Healthy; the APM dashboard's DB pool panels normal; PostgresPrimaryDown resolved"),
    '',
    ok
      ? `VERIFIED${failoverSeconds === null ? '' : `: ${failoverSeconds.toFixed(0)} s since isolation`}`
      : 'NOT VERIFIED',
  );
  return {
    lines,
    edits: [],
    record: recorded(ctx, 'verify', ok, {
      errorRatio: ratio,
      smokeFailures: failures.length,
      failoverSeconds,
      failoverMeasuredTo: 'verification',
    }),
    ok,
  };
}

function rebuild(ctx: PhaseContext): PhaseOutcome {
  const { platform, environment } = ctx;
  const { region, instances, env } = names(ctx);
  // Until the switch, the platform still calls the failed instance the primary; its Terraform address is where the
  // new replica goes, under its identifier.
  const failed = instances.primary;
  const address = failed === instances.main ? 'environment_database_primary' : 'environment_database_replica';
  const stack = `${platform.app.name}-${environment}`;
  const renamed = `${failed.identifier}-failed-${ctx.now.toISOString().slice(0, 10).replace(/-/g, '')}`;
  const edits: PlatformEdit[] = [
    { path: ['environments', environment, 'database', 'promotedReplica'], value: !env.database.promotedReplica },
    // The promoted instance's name is the default of database.host once the switch says it is the primary.
    { path: ['environments', environment, 'database', 'host'], value: undefined },
  ];
  return {
    lines: [
      `SOP-02 step 6 (rebuild) for ${environment}: the stack owns the promoted primary and a new replica`,
      ...section(`Move the failed former primary out of the way (kept for the review; delete it when done)`),
      command(
        `aws rds modify-db-instance --region ${region} --db-instance-identifier ${failed.identifier} --new-db-instance-identifier ${renamed} --apply-immediately`,
      ),
      command(`aws rds wait db-instance-available --region ${region} --db-instance-identifier ${renamed}`),
      ...section('Forget it in the Terraform state: its address is where the new replica goes'),
      command(`npm run synth:infra -- --config ${ctx.configFile}`),
      command(`terraform -chdir=cdktf.out/stacks/${stack} init`),
      command(`terraform -chdir=cdktf.out/stacks/${stack} state rm aws_db_instance.${address}`),
      ...section('The platform file: the switch'),
      ...editLines(edits, ctx),
      ...section('Apply: the promoted instance becomes the Multi-AZ primary in place, the new replica is created'),
      command(`npx cdktf-cli@0.21.0 diff ${stack}`),
      command(`npx cdktf-cli@0.21.0 deploy ${stack}`),
      note(
        `${failed.identifier} is then a new read replica of ${instances.standby.identifier}; the private names stay with ` +
          'their instances, so the app needs nothing',
      ),
    ],
    edits,
    record: recorded(ctx, 'rebuild', true, { promotedReplica: !env.database.promotedReplica, renamed }),
    ok: true,
  };
}

async function close(ctx: PhaseContext): Promise<PhaseOutcome> {
  const record = requireRecord(ctx, 'close');
  const { record: closed, summary } = closeFailover(record ?? declareFailover(ctx.environment, ctx.now), ctx.now);
  return {
    lines: [
      `SOP-02 step 7 (close) for ${ctx.environment}`,
      ...section('Tell the on-call channel; deployments may resume'),
      ...(await postToSlack(ctx, `:white_check_mark: ${summary}`)),
      ...section('Review within five working days'),
    ],
    edits: [],
    record: ctx.apply ? closed : undefined,
    summary: ctx.apply ? summary : undefined,
    ok: true,
  };
}

export async function runPhase(phase: FailoverPhase, ctx: PhaseContext): Promise<PhaseOutcome> {
  switch (phase) {
    case 'declare':
      return declare(ctx);
    case 'isolate':
      return isolate(ctx);
    case 'promote':
      return promote(ctx);
    case 'repoint':
      return repoint(ctx);
    case 'scale-back':
      return scaleBack(ctx);
    case 'verify':
      return verify(ctx);
    case 'rebuild':
      return rebuild(ctx);
    case 'close':
      return close(ctx);
  }
}
