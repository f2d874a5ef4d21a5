/**
 * `npm run pipeline -- rollout-status --env E --tag T [--timeout-minutes N]` and `npm run pipeline -- e2e --env E`:
 * the promotion workflow's two checks of a release, from the platform file (PLATFORM_CONFIG, else platform.yaml).
 * rollout-status polls the environment's Rollouts with kubectl until all run the tag and are Healthy (exit 0), one
 * is Degraded (exit 1, with Argo Rollouts' message) or the time is up (exit 1). While it waits it sends smoke
 * requests to every public service (SMOKE_PER_SECOND), because the canary analysis judges only canaries that served
 * enough requests (`analysis.minRequests`): without traffic, a qa canary would pause for a person. e2e, the end-to-end test hook,
 * requests every public service's readiness path through its public host and fails unless each answers 2xx.
 * Exit 2 on a usage error.
 */
import { spawnSync } from 'child_process';
import { ConfigError } from '../src/config';
import { releaseTargets } from '../src/pipeline/release-targets';
import type { RolloutObject } from '../src/pipeline/rollout-phase';
import { releaseReport } from '../src/pipeline/rollout-watch';
import { UsageError } from './args';
import { loadPlatformSource, selectEnvironments } from './platform-source';

const USAGE =
  'usage: npm run pipeline -- rollout-status --env <name> --tag <image tag> [--timeout-minutes <n>]\n' +
  '       npm run pipeline -- e2e --env <name>';
const POLL_SECONDS = 15;
/** Smoke requests per second and public service while a release rolls out: ALB weights give the canary its share. */
const SMOKE_PER_SECOND = 2;
const E2E_ATTEMPTS = 10;

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

function parse(argv: readonly string[]): { command: string; flags: Map<string, string> } {
  const [command, ...rest] = argv;
  if (command !== 'rollout-status' && command !== 'e2e')
    throw new UsageError(`unknown command "${command ?? ''}"\n${USAGE}`);
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (!['--env', '--tag', '--timeout-minutes'].includes(flag))
      throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag}: needs a value\n${USAGE}`);
    flags.set(flag, value);
  }
  for (const required of command === 'e2e' ? ['--env'] : ['--env', '--tag']) {
    if (!flags.has(required)) throw new UsageError(`${required}: is required\n${USAGE}`);
  }
  return { command, flags };
}

function getRollouts(namespace: string): RolloutObject[] | string {
  const result = spawnSync('kubectl', ['get', 'rollouts.argoproj.io', '--namespace', namespace, '--output', 'json'], {
    encoding: 'utf8',
  });
  const why = (result.stderr || String(result.error)).trim().split('\n').pop();
  if (result.status !== 0) return `kubectl get rollouts failed: ${why}`;
  return (JSON.parse(result.stdout) as { items: RolloutObject[] }).items;
}

async function rolloutStatus(flags: Map<string, string>): Promise<number> {
  const tag = flags.get('--tag') as string;
  const minutes = Number(flags.get('--timeout-minutes') ?? '60');
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new UsageError(`--timeout-minutes: must be a whole number >= 1\n${USAGE}`);
  const { platform } = loadPlatformSource(undefined, { ...process.env, IMAGE_TAG: tag });
  const [environment] = selectEnvironments(platform, [flags.get('--env') as string]);
  const targets = releaseTargets(platform, environment);
  const deadline = Date.now() + minutes * 60_000;
  let last = '';
  for (;;) {
    const rollouts = getRollouts(targets.namespace);
    const lines = typeof rollouts === 'string' ? [rollouts] : [];
    if (typeof rollouts !== 'string') {
      const report = releaseReport(targets.rollouts, rollouts);
      lines.push(...report.rollouts.map((r) => r.line));
      if (report.state !== 'waiting') {
        console.log(lines.join('\n'));
        if (report.state === 'healthy') {
          console.log(`${environment}: every Rollout runs ${tag} and is Healthy`);
          return 0;
        }
        console.error(
          `::error::${environment}: the release of ${tag} was aborted (Degraded); Argo Rollouts keeps the stable version`,
        );
        return 1;
      }
    }
    if (lines.join('\n') !== last) console.log((last = lines.join('\n')));
    if (Date.now() >= deadline) {
      console.error(`::error::${environment}: ${tag} did not finish within ${minutes} minutes`);
      return 1;
    }
    await smokeTraffic(
      targets.endpoints.map((endpoint) => endpoint.url),
      POLL_SECONDS,
    );
  }
}

/** Requests each URL SMOKE_PER_SECOND times a second for `seconds`; answers do not matter, the analysis judges them. */
async function smokeTraffic(urls: readonly string[], seconds: number): Promise<void> {
  const request = (url: string) =>
    fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.body?.cancel(),
      () => undefined,
    );
  for (let tick = 0; tick < seconds * SMOKE_PER_SECOND; tick++) {
    await Promise.all([...urls.map(request), sleep(1 / SMOKE_PER_SECOND)]);
  }
}

async function endToEnd(flags: Map<string, string>): Promise<number> {
  const { platform } = loadPlatformSource(undefined, process.env);
  const [environment] = selectEnvironments(platform, [flags.get('--env') as string]);
  const { endpoints } = releaseTargets(platform, environment);
  let failed = 0;
  for (const { service, url } of endpoints) {
    let outcome = '';
    for (let attempt = 1; attempt <= E2E_ATTEMPTS; attempt++) {
      try {
        const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
        outcome = `HTTP ${response.status}`;
        if (response.ok) break;
      } catch (error) {
        outcome = (error as Error).message;
      }
      if (attempt < E2E_ATTEMPTS) await sleep(POLL_SECONDS);
    }
    const ok = outcome.startsWith('HTTP 2');
    console.log(`${ok ? 'ok' : 'FAILED'} ${service} ${url}: ${outcome}`);
    if (!ok) failed++;
  }
  console.log(`e2e ${environment}: ${endpoints.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const { command, flags } = parse(argv);
    return command === 'e2e' ? await endToEnd(flags) : await rolloutStatus(flags);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
