/**
 * Malformed platform files: each is rejected with a line naming the field path and the broken rule. Expectations are
 * written from the rules (the profiles' numbers, the manual's zone count), not copied from output.
 */
import { defaultDocument, platformWith, problemsOf, problemsOfText, setIn } from '../helpers/platform';
import { stringify } from 'yaml';

const TAG_RULE =
  'image.tag: must be an image tag that is also a label value (letters, digits, "_", "." and "-", starting and ending with a letter or digit, at most 63 characters)';
const DNS_LABEL =
  'must be a DNS-1123 label (lower-case letters, digits and "-", starting with a letter, at most 63 characters)';

interface Case {
  readonly name: string;
  readonly change: (document: any) => void;
  readonly expected: string;
  readonly imageTag?: string;
}

/** A change that sets one field. */
const set = (path: string, value: unknown) => (document: any) => setIn(document, path, value);

/** The built-in document with the default network plan of qa written out, and one subnet changed. */
const subnet = (tier: string, index: number, cidr: string) => (document: any) => {
  setIn(document, 'environments.qa.aws.zones', ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  setIn(document, 'environments.qa.aws.network.subnets', {
    public: ['10.10.0.0/22', '10.10.4.0/22', '10.10.8.0/22'],
    private: ['10.10.32.0/19', '10.10.64.0/19', '10.10.96.0/19'],
    database: ['10.10.128.0/24', '10.10.129.0/24', '10.10.130.0/24'],
    cache: ['10.10.136.0/24', '10.10.137.0/24', '10.10.138.0/24'],
  });
  document.environments.qa.aws.network.subnets[tier][index] = cidr;
};

const cases: Case[] = [
  {
    name: 'negative HPA minimum',
    change: set('environments.qa.services.api.autoscaling.minReplicas', -1),
    expected: 'environments.qa.services.api.autoscaling.minReplicas: must be >= 1',
  },
  {
    name: 'HPA min greater than max',
    // staging's profile (pre-production) sizes every service 3..6.
    change: set('environments.staging.services.worker.autoscaling.minReplicas', 7),
    expected: 'environments.staging.services.worker.autoscaling.minReplicas: must be <= autoscaling.maxReplicas (6)',
  },
  {
    name: 'a pod count the HPA owns',
    change: set('environments.staging.services.api.replicas', 4),
    expected:
      'environments.staging.services.api: unknown key "replicas" (known keys: autoscaling, resources, maxUnavailable, canary)',
  },
  {
    name: 'PDB lets a drain take more than one zone',
    // production api: minReplicas 6 over 3 zones, so one zone holds 2.
    change: set('environments.production.services.api.maxUnavailable', 3),
    expected:
      "environments.production.services.api.maxUnavailable: must be <= 2 (one zone's share of autoscaling.minReplicas), or a drain could take more than a zone",
  },
  {
    name: 'PDB taking more than the emptiest zone holds, 7 pods over 3 zones (3, 2, 2)',
    change: set('environments.production.services.api', {
      autoscaling: { minReplicas: 7 },
      maxUnavailable: 3,
    }),
    expected:
      "environments.production.services.api.maxUnavailable: must be <= 2 (one zone's share of autoscaling.minReplicas), or a drain could take more than a zone",
  },
  {
    name: 'PDB taking more than the emptiest zone holds, 5 pods over 3 zones (2, 2, 1)',
    change: set('environments.production.services.api', {
      autoscaling: { minReplicas: 5 },
      maxUnavailable: 2,
    }),
    expected:
      "environments.production.services.api.maxUnavailable: must be <= 1 (one zone's share of autoscaling.minReplicas), or a drain could take more than a zone",
  },
  {
    name: 'PDB that blocks every drain',
    change: set('environments.production.services.worker.maxUnavailable', 0),
    expected: 'environments.production.services.worker.maxUnavailable: must be >= 1 (0 would block every node drain)',
  },
  {
    name: 'production HPA minimum below the zone count',
    change: set('environments.production.services.api.autoscaling.minReplicas', 2),
    expected: 'environments.production.services.api.autoscaling.minReplicas: must be >= 3 (a pod in every zone)',
  },
  {
    name: 'overlapping subnets',
    change: subnet('database', 1, '10.10.128.0/23'),
    expected: 'environments.qa.aws.network.subnets.database[1]: must not overlap 10.10.128.0/24 (database[0])',
  },
  {
    name: 'a data subnet overlapping an app subnet',
    change: subnet('cache', 0, '10.10.32.0/24'),
    expected: 'environments.qa.aws.network.subnets.cache[0]: must not overlap 10.10.32.0/19 (private[0])',
  },
  {
    name: 'subnet outside the VPC',
    change: subnet('cache', 2, '10.99.138.0/24'),
    expected: 'environments.qa.aws.network.subnets.cache[2]: must lie inside the VPC 10.10.0.0/16',
  },
  {
    name: 'malformed CIDR',
    change: set('environments.qa.aws.network.vpcCidr', '10.10.0.0/33'),
    expected:
      'environments.qa.aws.network.vpcCidr: must be an IPv4 CIDR block with zero host bits, such as 10.0.0.0/16',
  },
  {
    name: 'CIDR with host bits set',
    change: subnet('public', 0, '10.10.1.5/22'),
    expected:
      'environments.qa.aws.network.subnets.public[0]: must be an IPv4 CIDR block with zero host bits, such as 10.0.0.0/16',
  },
  {
    name: 'a tier without one subnet per zone',
    change: (c) => {
      subnet('cache', 0, '10.10.136.0/24')(c);
      c.environments.qa.aws.network.subnets.cache.pop();
    },
    expected: 'environments.qa.aws.network.subnets.cache: must have one entry per zone (3), has 2',
  },
  {
    name: 'fewer zones than the production profile demands',
    change: set('environments.production.aws.zones', ['eu-west-1a', 'eu-west-1b']),
    expected: 'environments.production.aws.zones: must list at least 3 zones (profile production)',
  },
  {
    name: 'a zone of another region',
    change: set('environments.qa.aws.zones', ['eu-west-1a', 'us-east-1b', 'eu-west-1c']),
    expected: 'environments.qa.aws.zones[1]: must be a zone of eu-west-1',
  },
  {
    name: 'the same zone twice',
    change: set('environments.staging.aws.zones', ['eu-west-1a', 'eu-west-1b', 'eu-west-1a']),
    expected: 'environments.staging.aws.zones[2]: must be unique (eu-west-1a is listed twice)',
  },
  {
    name: 'production without a DR region',
    change: (c) => delete c.environments.production.aws.dr,
    expected: 'environments.production.aws.dr: is required by profile production (cross-region disaster recovery)',
  },
  {
    name: 'DR region equal to the primary',
    change: set('environments.production.aws.dr.region', 'eu-west-1'),
    expected: 'environments.production.aws.dr.region: must differ from the primary region (eu-west-1)',
  },
  {
    name: 'DR VPC overlapping the primary VPC',
    change: set('environments.production.aws.dr.network.vpcCidr', '10.30.0.0/15'),
    expected: 'environments.production.aws.dr.network.vpcCidr: must not overlap the primary VPC 10.30.0.0/16',
  },
  {
    name: 'image tag latest',
    change: set('image.tag', 'latest'),
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
  { name: 'empty IMAGE_TAG', change: () => undefined, imageTag: '', expected: TAG_RULE },
  {
    name: 'canary weights not increasing',
    change: set('environments.production.services.api.canary.steps', [
      { setWeight: 25 },
      { pause: {} },
      { setWeight: 20 },
    ]),
    expected:
      'environments.production.services.api.canary.steps[2].setWeight: must be greater than the previous setWeight (25)',
  },
  {
    name: 'canary weight above 100',
    change: set('environments.qa.services.worker.canary.steps', [{ setWeight: 150 }]),
    expected: 'environments.qa.services.worker.canary.steps[0].setWeight: must be between 1 and 100',
  },
  {
    name: 'canary step of an unknown kind',
    change: set('environments.qa.services.api.canary.steps', [{ setWeight: 10 }, { setweight: 20 }]),
    expected:
      'environments.qa.services.api.canary.steps[1]: must be { setWeight: <1..100> } or { pause: { duration?: <duration> } }',
  },
  {
    name: 'canary too short for the analysis to abort it',
    // The non-production analysis reads a 2m window, then measures every 1m with failureLimit 1: two
    // measurements need 2m + 1m = 180s of pauses.
    change: set('environments.qa.services.api.canary.steps', [
      { setWeight: 50 },
      { pause: { duration: '150s' } },
      { setWeight: 100 },
    ]),
    expected:
      'environments.qa.services.api.canary.steps: must pause at least 180s after the first setWeight (150s now): the analysis needs a 2m window of canary traffic, then failureLimit + 1 measurements 1m apart, to abort a bad canary',
  },
  {
    name: 'canary with pauses only',
    change: set('environments.qa.services.worker.canary.steps', [{ pause: {} }]),
    expected: 'environments.qa.services.worker.canary.steps: must contain at least one setWeight step',
  },
  {
    name: 'canary analysis on a worker',
    change: set('environments.qa.services.worker.canary.analysis', {
      maxErrorRatio: 0.05,
      maxP99LatencySeconds: 1,
      interval: '1m',
      failureLimit: 1,
    }),
    expected:
      'environments.qa.services.worker.canary.analysis: applies only to http services (it measures their HTTP requests)',
  },
  {
    name: 'error threshold given as a percentage',
    change: set('environments.staging.services.api.canary.analysis.maxErrorRatio', 5),
    expected: 'environments.staging.services.api.canary.analysis.maxErrorRatio: must be < 1 (a ratio, 0.05 = 5%)',
  },
  {
    name: 'CPU request above the limit',
    // The production profile limits every service to 2 CPUs.
    change: set('environments.production.services.api.resources.requests.cpu', '3'),
    expected: 'environments.production.services.api.resources.requests.cpu: must be <= limits.cpu (2)',
  },
  {
    name: 'memory in decimal units',
    change: set('environments.production.services.worker.resources.limits.memory', '2GB'),
    expected:
      'environments.production.services.worker.resources.limits.memory: must be a memory quantity in binary units such as 256Mi or 2Gi',
  },
  {
    name: 'two environments in one namespace',
    change: set('environments.staging.namespace', 'your-app-qa'),
    expected: 'environments.staging.namespace: must be unique (already used by qa)',
  },
  {
    name: 'namespace that is not a DNS label',
    change: set('environments.qa.namespace', 'Your_App'),
    expected: `environments.qa.namespace: ${DNS_LABEL}`,
  },
  {
    name: 'a sized service that does not exist',
    change: set('environments.qa.services.cron.autoscaling.minReplicas', 1),
    expected: 'environments.qa.services.cron: is not a service declared in services (api, worker)',
  },
  {
    name: 'an http service without a port',
    change: (c) => delete c.services.api.port,
    expected: 'services.api.port: is required',
  },
  {
    name: 'a service of an unknown kind',
    change: set('services.api.kind', 'cron'),
    expected: 'services.api.kind: must be a service with kind "http" (port, exposure) or "worker"',
  },
  {
    name: 'backup retention below the point-in-time window',
    change: set('environments.production.database.backupRetentionDays', 3),
    expected: 'environments.production.database.backupRetentionDays: must be >= 7 (point-in-time restore window)',
  },
  {
    name: 'database port out of range',
    change: set('environments.staging.database.port', 70000),
    expected: 'environments.staging.database.port: must be between 1 and 65535',
  },
  {
    name: 'unknown log level',
    change: set('environments.qa.logLevel', 'verbose'),
    expected: 'environments.qa.logLevel: Invalid option: expected one of "debug"|"info"|"warn"|"error"',
  },
  // Messages a person can act on.
  {
    name: 'a missing required field',
    change: (c) => delete c.environments.qa.domain,
    expected: 'environments.qa.domain: is required',
  },
  {
    name: 'a misspelt field, with the closest known key',
    change: set('environments.production.services.api.autoscale', {}),
    expected: 'environments.production.services.api: unknown key "autoscale" (did you mean "autoscaling"?)',
  },
  {
    name: 'a misspelt field of a service kind, with the closest key of that kind',
    change: set('services.api.exposre', 'public'),
    expected: 'services.api: unknown key "exposre" (did you mean "exposure"?)',
  },
  {
    name: 'an unknown key far from every known one',
    change: set('environments.qa.aws.colour', 'blue'),
    expected:
      'environments.qa.aws: unknown key "colour" (known keys: accountId, region, zones, network, stateBucket, natGatewayPerZone, logRetentionDays, dr)',
  },
  {
    name: 'a log retention CloudWatch Logs does not offer',
    change: set('environments.production.aws.logRetentionDays', 100),
    expected:
      'environments.production.aws.logRetentionDays: must be a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)',
  },
  {
    name: 'a Multi-AZ cache without a replica to fail over to',
    change: set('environments.staging.redis.nodeCount', 1),
    expected:
      'environments.staging.redis.nodeCount: must be >= 2 when redis.multiAz is true (a replica to fail over to)',
  },
  {
    name: 'more cache nodes than a replication group holds',
    change: set('environments.production.redis.nodeCount', 7),
    expected: 'environments.production.redis.nodeCount: must be <= 6 (1 primary, 5 replicas)',
  },
  {
    name: 'a break-glass principal that is not an IAM role or user',
    change: set('environments.production.cluster.breakGlassPrincipals', ['arn:aws:iam::333333333333:group/oncall']),
    expected:
      'environments.production.cluster.breakGlassPrincipals[0]: must be the ARN of an IAM role or user, such as arn:aws:iam::111111111111:role/oncall',
  },
  {
    name: 'a failover switch set back to false',
    change: set('environments.production.aws.dr.promoted', false),
    expected:
      'environments.production.aws.dr.promoted: must be true, or left out: the failover is one-way (docs/disaster-recovery.md)',
  },
  {
    name: 'an environment name that is not a DNS label',
    change: (c) => {
      c.environments.Prod = c.environments.production;
      delete c.environments.production;
    },
    expected: `environments: key "Prod" ${DNS_LABEL}`,
  },
  {
    name: 'a list where a map belongs',
    change: set('environments.qa.aws.network', ['10.10.0.0/16']),
    expected: 'environments.qa.aws.network: must be an object, not a list',
  },
  // Environments, profiles and promotion as data.
  {
    name: 'an environment missing from the promotion order',
    change: (c) => (c.environments.dev = { ...structuredClone(c.environments.qa), namespace: 'your-app-dev' }),
    expected: 'promotion: must list every environment ("dev" is missing)',
  },
  {
    name: 'an environment twice in the promotion order',
    change: set('promotion', ['qa', 'staging', 'qa', 'production']),
    expected: 'promotion[2]: must list each environment once ("qa" is listed twice)',
  },
  {
    name: 'an unknown environment in the promotion order',
    change: set('promotion', ['qa', 'stage', 'staging', 'production']),
    expected: 'promotion[1]: must name an environment (qa, staging, production), not "stage"',
  },
  {
    name: 'an unknown profile',
    change: set('environments.qa.profile', 'testing'),
    expected:
      'environments.qa.profile: must name a profile (production, non-production, pre-production), not "testing"',
  },
  {
    name: 'a new profile that extends nothing',
    change: (c) => delete c.profiles['pre-production'].extends,
    expected: 'profiles.pre-production.extends: is required for a new profile (one of production, non-production)',
  },
  {
    name: 'a bad value in a profile',
    change: set('profiles.pre-production.service.autoscaling.maxReplicas', 0),
    expected: 'profiles.pre-production.service.autoscaling.maxReplicas: must be >= 1',
  },
  {
    name: 'a severity override of an alert that does not exist',
    change: set('environments.qa.alertSeverities.HttpServiseDown', 'P1'),
    expected: 'environments.qa.alertSeverities: unknown key "HttpServiseDown" (did you mean "HttpServiceDown"?)',
  },
];

describe('bad platform files', () => {
  it('loads the built-in platform.yaml', () => {
    expect(() => problemsOf(defaultDocument())).toThrow('platform was accepted');
  });

  it.each(cases)('rejects $name', ({ change, expected, imageTag }) => {
    expect(problemsOf(platformWith(change), imageTag)).toContainEqual(expected);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf(
      platformWith((c) => {
        setIn(c, 'environments.qa.services.api.autoscaling.minReplicas', -1);
        c.image.tag = 'latest';
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'environments.qa.services.api.autoscaling.minReplicas: must be >= 1',
        expect.stringMatching(/^image\.tag: /),
      ]),
    );
  });
});

describe('numbers where text belongs', () => {
  /** platform.yaml with one line replaced, as a person would mistype it. */
  const typed = (find: RegExp, replace: string, document = defaultDocument()) => {
    const text = stringify(document);
    expect(text).toMatch(find);
    return text.replace(find, replace);
  };

  it('says to quote an account id, as it was written', () => {
    const text = typed(/accountId: "111111111111"/, 'accountId: 012345678901');
    expect(problemsOfText(text)).toContain(
      'environments.qa.aws.accountId: must be a string, not a number: quote it (accountId: "012345678901")',
    );
  });

  it('says to quote a Kubernetes version, keeping its trailing zero', () => {
    const document = defaultDocument();
    setIn(document, 'environments.qa.cluster.kubernetesVersion', 'VERSION');
    const text = typed(/kubernetesVersion: VERSION/, 'kubernetesVersion: 1.30', document);
    expect(problemsOfText(text)).toContain(
      'environments.qa.cluster.kubernetesVersion: must be a string, not a number: quote it (kubernetesVersion: "1.30")',
    );
  });
});

describe('keys beginning with x-', () => {
  it('are ignored at every level, so YAML anchors have a home', () => {
    const document = defaultDocument();
    document['x-defaults'] = { anything: true };
    document.environments.qa['x-owner'] = 'team-a';
    document.environments.qa.aws['x-note'] = 'primary';
    document.services.api['x-docs'] = 'https://example.com';
    expect(() => problemsOf(document)).toThrow('platform was accepted');
  });
});
