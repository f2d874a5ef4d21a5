/**
 * Malformed platform configs: each is rejected with a line naming the field path and the broken rule.
 * Expectations are written from the rules in src/config, not copied from output.
 */
import { loadPlatform, defaultPlatform } from '../../src/config';
import { platformWith, problemsOf } from '../helpers/platform';

const prod = (c: any) => c.environments.production;
const qa = (c: any) => c.environments.qa;
const staging = (c: any) => c.environments.staging;

const TAG_RULE =
  'image.tag: must be an image tag that is also a label value (letters, digits, "_", "." and "-", starting and ending with a letter or digit, at most 63 characters)';

interface Case {
  readonly name: string;
  readonly change: (config: any) => void;
  readonly expected: string;
  readonly imageTag?: string;
}

const cases: Case[] = [
  {
    name: 'unknown environment',
    change: (c) => (c.environments.dev = structuredClone(c.environments.qa)),
    expected: 'environments: unknown key "dev" (not part of the schema)',
  },
  {
    name: 'negative replicas',
    change: (c) => (qa(c).services.api.replicas = -1),
    expected: 'environments.qa.services.api.replicas: must be >= 1',
  },
  {
    name: 'replicas of the wrong type',
    change: (c) => (qa(c).services.api.replicas = '3'),
    expected: 'environments.qa.services.api.replicas: Invalid input: expected number, received string',
  },
  {
    name: 'HPA min greater than max',
    change: (c) => (staging(c).services.worker.autoscaling.minReplicas = 7),
    expected: 'environments.staging.services.worker.autoscaling.minReplicas: must be <= autoscaling.maxReplicas (6)',
  },
  {
    name: 'replicas outside the HPA range',
    change: (c) => (staging(c).services.api.replicas = 9),
    expected: 'environments.staging.services.api.replicas: must be within autoscaling min..max (3..6)',
  },
  {
    name: 'PDB lets a drain take more than one zone',
    // production api: minReplicas 6 over 3 zones, so one zone holds 2.
    change: (c) => (prod(c).services.api.maxUnavailable = 3),
    expected:
      "environments.production.services.api.maxUnavailable: must be <= 2 (one zone's share of autoscaling.minReplicas), or a drain could take more than a zone",
  },
  {
    name: 'PDB that blocks every drain',
    change: (c) => (prod(c).services.worker.maxUnavailable = 0),
    expected: 'environments.production.services.worker.maxUnavailable: must be >= 1 (0 would block every node drain)',
  },
  {
    name: 'production replicas below the zone count',
    change: (c) => {
      prod(c).services.worker.replicas = 2;
      prod(c).services.worker.autoscaling.minReplicas = 2;
    },
    expected: 'environments.production.services.worker.replicas: must be >= 3 (zone count)',
  },
  {
    name: 'production HPA minimum below the zone count',
    change: (c) => (prod(c).services.api.autoscaling.minReplicas = 2),
    expected: 'environments.production.services.api.autoscaling.minReplicas: must be >= 3 (zone count)',
  },
  {
    name: 'overlapping subnets',
    change: (c) => (qa(c).aws.network.subnets.database[1] = '10.10.128.0/23'),
    expected: 'environments.qa.aws.network.subnets.database[1]: must not overlap 10.10.128.0/24 (database[0])',
  },
  {
    name: 'a data subnet overlapping an app subnet',
    change: (c) => (qa(c).aws.network.subnets.cache[0] = '10.10.32.0/24'),
    expected: 'environments.qa.aws.network.subnets.cache[0]: must not overlap 10.10.32.0/19 (private[0])',
  },
  {
    name: 'subnet outside the VPC',
    change: (c) => (staging(c).aws.network.subnets.cache[2] = '10.99.138.0/24'),
    expected: 'environments.staging.aws.network.subnets.cache[2]: must lie inside the VPC 10.20.0.0/16',
  },
  {
    name: 'malformed CIDR',
    change: (c) => (qa(c).aws.network.vpcCidr = '10.10.0.0/33'),
    expected:
      'environments.qa.aws.network.vpcCidr: must be an IPv4 CIDR block with zero host bits, such as 10.0.0.0/16',
  },
  {
    name: 'CIDR with host bits set',
    change: (c) => (qa(c).aws.network.subnets.public[0] = '10.10.1.5/22'),
    expected:
      'environments.qa.aws.network.subnets.public[0]: must be an IPv4 CIDR block with zero host bits, such as 10.0.0.0/16',
  },
  {
    name: 'a tier without one subnet per zone',
    change: (c) => qa(c).aws.network.subnets.cache.pop(),
    expected: 'environments.qa.aws.network.subnets.cache: must have one CIDR per zone (3), has 2',
  },
  {
    name: 'fewer than two zones in production',
    change: (c) => (prod(c).aws.zones = ['eu-west-1a']),
    expected: 'environments.production.aws.zones: must list at least 2 zones in production',
  },
  {
    name: 'a zone of another region',
    change: (c) => (qa(c).aws.zones[1] = 'us-east-1b'),
    expected: 'environments.qa.aws.zones[1]: must be a zone of eu-west-1',
  },
  {
    name: 'the same zone twice',
    change: (c) => (staging(c).aws.zones[2] = 'eu-west-1a'),
    expected: 'environments.staging.aws.zones[2]: must be unique (eu-west-1a is listed twice)',
  },
  {
    name: 'production without a DR region',
    change: (c) => delete prod(c).aws.dr,
    expected: 'environments.production.aws.dr: is required in production (cross-region disaster recovery)',
  },
  {
    name: 'DR region equal to the primary',
    change: (c) => (prod(c).aws.dr.region = 'eu-west-1'),
    expected: 'environments.production.aws.dr.region: must differ from the primary region (eu-west-1)',
  },
  {
    name: 'DR VPC overlapping the primary VPC',
    change: (c) => (prod(c).aws.dr.network.vpcCidr = '10.30.0.0/15'),
    expected: 'environments.production.aws.dr.network.vpcCidr: must not overlap the primary VPC 10.30.0.0/16',
  },
  {
    name: 'image tag latest',
    change: (c) => (c.image.tag = 'latest'),
    expected: 'image.tag: must not be "latest": pin an immutable tag such as the git short SHA',
  },
  {
    name: 'image tag latest from IMAGE_TAG',
    change: () => undefined,
    imageTag: 'latest',
    expected: 'image.tag: must not be "latest": pin an immutable tag such as the git short SHA',
  },
  {
    name: 'image tag with a slash (a branch name, not a tag)',
    change: () => undefined,
    imageTag: 'feature/login',
    expected: TAG_RULE,
  },
  {
    name: 'image tag ending in a dash (not a valid label value)',
    change: () => undefined,
    imageTag: '1.0-',
    expected: TAG_RULE,
  },
  {
    name: 'image tag longer than a label value',
    change: () => undefined,
    imageTag: 'a'.repeat(64),
    expected: TAG_RULE,
  },
  {
    name: 'empty IMAGE_TAG',
    change: () => undefined,
    imageTag: '',
    expected: TAG_RULE,
  },
  {
    name: 'canary weights not increasing',
    change: (c) => (prod(c).services.api.canary.steps[4].setWeight = 20),
    expected:
      'environments.production.services.api.canary.steps[4].setWeight: must be greater than the previous weight (25): weights only increase',
  },
  {
    name: 'canary weight above 100',
    change: (c) => (qa(c).services.worker.canary.steps[0].setWeight = 150),
    expected: 'environments.qa.services.worker.canary.steps[0].setWeight: must be between 1 and 100',
  },
  {
    name: 'canary step of an unknown kind',
    change: (c) => (qa(c).services.api.canary.steps[1] = { setweight: 20 }),
    expected:
      'environments.qa.services.api.canary.steps[1]: must be { setWeight: <1..100> } or { pause: { duration?: <duration> } }',
  },
  {
    name: 'canary too short for the analysis to abort it',
    // interval 1m, failureLimit 1: two measurements need 120s of pauses after the first weight.
    change: (c) =>
      (qa(c).services.api.canary.steps = [{ setWeight: 50 }, { pause: { duration: '90s' } }, { setWeight: 100 }]),
    expected:
      'environments.qa.services.api.canary.steps: must pause at least 120s after the first setWeight (90s now): the analysis needs failureLimit + 1 measurements of 1m to abort a bad canary',
  },
  {
    name: 'canary with pauses only',
    change: (c) => (qa(c).services.worker.canary.steps = [{ pause: {} }]),
    expected: 'environments.qa.services.worker.canary.steps: must contain at least one setWeight step',
  },
  {
    name: 'http service without canary analysis',
    change: (c) => delete prod(c).services.api.canary.analysis,
    expected:
      'environments.production.services.api.canary.analysis: is required for http services (a bad canary must abort on its own)',
  },
  {
    name: 'error threshold given as a percentage',
    change: (c) => (staging(c).services.api.canary.analysis.maxErrorRatio = 5),
    expected: 'environments.staging.services.api.canary.analysis.maxErrorRatio: must be < 1 (a ratio, 0.05 = 5%)',
  },
  {
    name: 'CPU request above the limit',
    change: (c) => (prod(c).services.api.resources.requests.cpu = '3'),
    expected: 'environments.production.services.api.resources.requests.cpu: must be <= limits.cpu (2)',
  },
  {
    name: 'memory in decimal units',
    change: (c) => (prod(c).services.worker.resources.limits.memory = '2GB'),
    expected:
      'environments.production.services.worker.resources.limits.memory: must be a memory quantity in binary units such as 256Mi or 2Gi',
  },
  {
    name: 'two environments in one namespace',
    change: (c) => (staging(c).namespace = 'your-app-qa'),
    expected: 'environments.staging.namespace: must be unique (already used by qa)',
  },
  {
    name: 'namespace that is not a DNS label',
    change: (c) => (qa(c).namespace = 'Your_App'),
    expected:
      'environments.qa.namespace: must be a DNS-1123 label (lower-case letters, digits and "-", starting with a letter, at most 63 characters)',
  },
  {
    name: 'a sized service that does not exist',
    change: (c) => (qa(c).services.cron = structuredClone(qa(c).services.worker)),
    expected: 'environments.qa.services.cron: is not a service declared in services',
  },
  {
    name: 'a service without sizing in one environment',
    change: (c) => delete staging(c).services.worker,
    expected: 'environments.staging.services.worker: is missing: every service needs a sizing here',
  },
  {
    name: 'a misspelt field',
    change: (c) => (prod(c).services.api.replica = 3),
    expected: 'environments.production.services.api: unknown key "replica" (not part of the schema)',
  },
  {
    name: 'an http service without a port',
    change: (c) => delete c.services.api.port,
    expected: 'services.api.port: is required for kind "http"',
  },
  {
    name: 'backup retention below the point-in-time window',
    change: (c) => (prod(c).database.backupRetentionDays = 3),
    expected: 'environments.production.database.backupRetentionDays: must be >= 7 (point-in-time restore window)',
  },
  {
    name: 'database port out of range',
    change: (c) => (staging(c).database.port = 70000),
    expected: 'environments.staging.database.port: must be between 1 and 65535',
  },
  {
    name: 'unknown log level',
    change: (c) => (qa(c).logLevel = 'verbose'),
    expected: 'environments.qa.logLevel: Invalid option: expected one of "debug"|"info"|"warn"|"error"',
  },
];

describe('bad platform configs', () => {
  it('covers at least 20 malformed configs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it('accepts the default platform', () => {
    expect(() => loadPlatform(defaultPlatform)).not.toThrow();
  });

  it.each(cases)('rejects $name', ({ change, expected, imageTag }) => {
    expect(problemsOf(platformWith(change), imageTag)).toContain(expected);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf(
      platformWith((c) => {
        qa(c).services.api.replicas = -1;
        c.image.tag = 'latest';
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'environments.qa.services.api.replicas: must be >= 1',
        expect.stringMatching(/^image\.tag: /),
      ]),
    );
  });
});
