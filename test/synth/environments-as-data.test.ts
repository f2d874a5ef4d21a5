/**
 * Adding an environment is a change of the platform file only: a platform with five environments (dev, qa, staging,
 * perf, production) synthesizes both layers, and each environment gets what its profile decides, whatever its name.
 * Expectations come from the profiles' stated rules (production: a pod in every zone held by the scheduler, NAT per
 * zone, a DR region, pages for customer-facing failures, a person promotes the canary), not from output.
 */
import { loadPlatform, type Platform } from '../../src/config';
import { environmentObjects, type KubeObject } from '../helpers/manifests';
import { defaultDocument } from '../helpers/platform';
import { resourceList, synthesizeStacks, type SynthesizedStack } from '../infra/synth';

/** The built-in platform file with dev and perf added: perf on a profile of its own, dev on non-production. */
function fiveEnvironments(): Platform {
  const document = defaultDocument();
  const account = (n: number) => String(n).repeat(12);
  document.profiles.perf = { extends: 'production', disasterRecovery: 'optional', environment: { logLevel: 'warn' } };
  document.environments = {
    dev: {
      profile: 'non-production',
      domain: 'dev.your-app.example.com',
      // A platform may still choose one NAT gateway for an environment that can lose its internet egress.
      aws: {
        accountId: account(4),
        region: 'eu-west-1',
        network: { vpcCidr: '10.50.0.0/16' },
        natGatewayPerZone: false,
      },
    },
    ...document.environments,
    perf: {
      profile: 'perf',
      domain: 'perf.your-app.example.com',
      aws: { accountId: account(5), region: 'eu-west-2', network: { vpcCidr: '10.60.0.0/16' } },
    },
  };
  document.promotion = ['dev', 'qa', 'staging', 'perf', 'production'];
  // perf's profile extends production, whose restore drill compares sampled tenants.
  document.sop.restoreDrill.sampledTenants.perf = ['tenant-0001'];
  return loadPlatform(document);
}

const platform = fiveEnvironments();
const NAMES = ['dev', 'qa', 'staging', 'perf', 'production'];
// Synthesized on first use: a run of only the Kubernetes tests (`-t`, StrykerJS) does not pay for the CDKTF app.
let synthesized: Map<string, SynthesizedStack> | undefined;
const stacks = () => (synthesized ??= synthesizeStacks(platform));
const objects = (env: string): KubeObject[] => environmentObjects(platform, env);

/** Environments whose profile is production or extends it. */
const productionLike = (env: string) => {
  const profile = platform.environments[env].profile;
  return profile === 'production' || platform.profiles[profile]?.extends === 'production';
};

it('takes its environments and their order from the file', () => {
  expect(platform.promotion).toEqual(NAMES);
  expect(Object.keys(platform.environments).sort()).toEqual([...NAMES].sort());
});

describe.each(NAMES)('%s', (env) => {
  const hard = productionLike(env);

  it('gets its own namespace, dist/ objects and primary stack, named after it', () => {
    expect(objects(env).length).toBeGreaterThan(0);
    expect(objects(env).find((o) => o.kind === 'Namespace')?.metadata.name).toBe(`your-app-${env}`);
    expect(stacks().has(`your-app-${env}`)).toBe(true);
  });

  it(`${hard ? 'requires' : 'prefers'} zone spread`, () => {
    const rollouts = objects(env).filter((o) => o.kind === 'Rollout');
    expect(rollouts.length).toBeGreaterThan(0);
    for (const rollout of rollouts) {
      const [zone] = rollout.spec.template.spec.topologySpreadConstraints;
      expect(zone.whenUnsatisfiable).toBe(hard ? 'DoNotSchedule' : 'ScheduleAnyway');
    }
  });

  it('has a NAT gateway per zone unless the file says otherwise', () => {
    const nat = resourceList(stacks().get(`your-app-${env}`)?.config ?? {}, 'aws_nat_gateway');
    expect(nat).toHaveLength(env === 'dev' ? 1 : platform.environments[env].aws.zones.length);
  });

  it(`${hard ? 'waits for a person' : 'does not wait'} at the first canary pause of the api`, () => {
    const api = objects(env).find((o) => o.kind === 'Rollout' && o.metadata.name === 'your-app-api');
    const steps = api?.spec.strategy.canary.steps ?? [];
    expect(steps.length).toBeGreaterThan(0);
    const manual = steps.some((step: { pause?: { duration?: string } }) => step.pause && !step.pause.duration);
    // staging rehearses production's manual gate through its own profile (platform.yaml).
    expect(manual).toBe(hard || platform.environments[env].profile === 'pre-production');
  });

  it(`${hard ? 'pages' : 'never pages'} for a failing HTTP service`, () => {
    const rules = objects(env)
      .filter((o) => o.kind === 'PrometheusRule')
      .flatMap((o) => o.spec.groups.flatMap((g: { rules: unknown[] }) => g.rules));
    const page = rules.find((r: any) => r.alert === 'HttpHighErrorRate') as { labels: { severity: string } };
    expect(page.labels.severity === 'P1').toBe(hard);
  });
});

it('builds a DR stack only where a DR region is given, and requires one only where the profile does', () => {
  expect([...stacks().keys()].filter((name) => name.endsWith('-dr'))).toEqual(['your-app-production-dr']);
  expect(platform.profiles.perf.disasterRecovery).toBe('optional');
});
