/**
 * The cloud layer's rules on the platform file (docs/infrastructure.md, "Config the cloud layer adds"): what AWS would
 * reject, or what would silently weaken recovery, reported as `<field path>: <rule>` before anything is synthesized.
 * Expected values come from the docs, AWS's rules and platform.yaml (production is account 333333333333, eu-west-1,
 * with its DR region eu-central-1; the image repository is production's), not from src.
 */
import { imageRepositoryOwner, instanceArchitecture, loadPlatform, servingImageRepository } from '../../src/config';
import { platformWith, problemsOf, setIn } from '../helpers/platform';

/** A change that sets one field. */
const set = (path: string, value: unknown) => (document: any) => setIn(document, path, value);

/** The problems reported at one field. */
const problemsAt = (problems: readonly string[], path: string) => problems.filter((p) => p.startsWith(`${path}: `));

/** The platform of the built-in file with `change` applied; throws (failing the test) if it is rejected. */
const accepted = (change: (document: any) => void) => loadPlatform(platformWith(change));

const DATA_TIERS = 'must list at least 2 zones (Multi-AZ database and cache)';
const EKS_VERSIONS = 'must be a version in EKS standard support (1.34, 1.35, 1.36)';
const WHOLE_INTERNET = 'must not open the API endpoint to the whole internet (0.0.0.0/0)';
const CIDR_RULE = 'must be an IPv4 CIDR block with zero host bits, such as 10.0.0.0/16';
const PARENT_DOMAIN = 'must have a parent domain (such as .production.your-app.internal) for its private zone';
const ECR_OWNER =
  "image.repository: must be an ECR repository (<account>.dkr.ecr.<region>.amazonaws.com/<name>) in one environment's account and primary region";

/** The state bucket platform.yaml leaves to its default, `<app>-<env>-tfstate-<account>-<region>` (README). */
const QA_STATE_BUCKET = 'your-app-qa-tfstate-111111111111-eu-west-1';
const PRODUCTION_STATE_BUCKET = 'your-app-production-tfstate-333333333333-eu-west-1';

/** A profile of one's own that asks for a single zone: only the data tiers' rule stands in the way. */
const singleZoneProfile = (document: any) => {
  setIn(document, 'profiles.single-zone', { extends: 'non-production', minZones: 1 });
  setIn(document, 'environments.qa.profile', 'single-zone');
};

describe('cloud rules: bad platform files', () => {
  it.each([
    {
      name: 'a single zone under a profile that allows one (RDS and ElastiCache need a second zone)',
      change: (c: any) => {
        singleZoneProfile(c);
        setIn(c, 'environments.qa.aws.zones', ['eu-west-1a']);
      },
      expected: `environments.qa.aws.zones: ${DATA_TIERS}`,
    },
    {
      name: 'a single zone for the data tiers of the DR region',
      change: set('environments.production.aws.dr.zones', ['eu-central-1a']),
      expected: `environments.production.aws.dr.zones: ${DATA_TIERS}`,
    },
    {
      name: 'a Kubernetes version that left EKS standard support (1.33, on 2026-07-29)',
      change: (c: any) => {
        setIn(c, 'environments.staging.cluster.kubernetesVersion', '1.33');
        setIn(c, 'environments.staging.cluster.addonVersions.kubeProxy', 'v1.33.3-eksbuild.1');
      },
      expected: `environments.staging.cluster.kubernetesVersion: ${EKS_VERSIONS}`,
    },
    {
      name: 'a kube-proxy built for another Kubernetes minor version',
      change: set('environments.qa.cluster.addonVersions.kubeProxy', 'v1.34.1-eksbuild.2'),
      expected:
        'environments.qa.cluster.addonVersions.kubeProxy: must be a build for Kubernetes 1.35 (v1.35.x-eksbuild.n)',
    },
    {
      name: 'a Graviton node type after an x86 one',
      change: set('environments.qa.cluster.nodeInstanceTypes', ['m7g.large', 'm7i.large']),
      expected:
        'environments.qa.cluster.nodeInstanceTypes[1]: must share the CPU architecture of nodeInstanceTypes[0] (arm64)',
    },
    {
      name: 'an x86 node type after a Graviton one, further down the list',
      change: set('environments.production.cluster.nodeInstanceTypes', ['m7i.xlarge', 'm6i.xlarge', 'c7g.xlarge']),
      expected:
        'environments.production.cluster.nodeInstanceTypes[2]: must share the CPU architecture of nodeInstanceTypes[0] (x86_64)',
    },
    {
      name: 'a public API endpoint open to the whole internet',
      change: set('environments.qa.cluster.publicAccessCidrs', ['0.0.0.0/0']),
      expected: `environments.qa.cluster.publicAccessCidrs[0]: ${WHOLE_INTERNET}`,
    },
    {
      name: 'the whole internet after the operators',
      change: set('environments.production.cluster.publicAccessCidrs', ['203.0.113.0/24', '0.0.0.0/0']),
      expected: `environments.production.cluster.publicAccessCidrs[1]: ${WHOLE_INTERNET}`,
    },
    {
      name: 'the whole internet with a leading zero in the prefix length',
      change: set('environments.qa.cluster.publicAccessCidrs', ['0.0.0.0/00']),
      expected: `environments.qa.cluster.publicAccessCidrs[0]: ${CIDR_RULE}`,
    },
    {
      name: 'the whole internet with a leading zero in an octet',
      change: set('environments.qa.cluster.publicAccessCidrs', ['0.0.0.00/0']),
      expected: `environments.qa.cluster.publicAccessCidrs[0]: ${CIDR_RULE}`,
    },
    {
      name: 'a database host without a parent domain',
      change: set('environments.staging.database.host', 'postgres'),
      expected: `environments.staging.database.host: ${PARENT_DOMAIN}`,
    },
    {
      name: 'a cache host without a parent domain',
      change: set('environments.qa.redis.host', 'redis'),
      expected: `environments.qa.redis.host: ${PARENT_DOMAIN}`,
    },
    {
      name: 'a cache host equal to the database host',
      change: set('environments.staging.redis.host', 'postgres.staging.your-app.internal'),
      expected: 'environments.staging.redis.host: must differ from database.host',
    },
    {
      name: "a state bucket of another environment's stack",
      change: set('environments.staging.aws.stateBucket', QA_STATE_BUCKET),
      expected:
        'environments.staging.aws.stateBucket: must be unique (already used by environments.qa.aws.stateBucket): S3 bucket names are global',
    },
    {
      name: "the DR stacks' state in the primary stack's bucket",
      change: set('environments.production.aws.dr.stateBucket', PRODUCTION_STATE_BUCKET),
      expected:
        'environments.production.aws.dr.stateBucket: must be unique (already used by environments.production.aws.stateBucket): S3 bucket names are global',
    },
    {
      name: 'an image repository outside ECR',
      change: set('image.repository', 'ghcr.io/example/your-app'),
      expected: ECR_OWNER,
    },
    {
      name: "an image repository in production's account but its DR region",
      change: set('image.repository', '333333333333.dkr.ecr.eu-central-1.amazonaws.com/your-app'),
      expected: ECR_OWNER,
    },
    {
      name: "an image repository in production's region but an account no environment has",
      change: set('image.repository', '444444444444.dkr.ecr.eu-west-1.amazonaws.com/your-app'),
      expected: ECR_OWNER,
    },
  ])('rejects $name', ({ change, expected }) => {
    expect(problemsOf(platformWith(change))).toContainEqual(expected);
  });

  it.each([
    {
      name: 'production, whose profile demands 3 zones',
      environment: 'production',
      expected: 'must list at least 3 zones (profile production)',
    },
    {
      name: 'qa, whose profile demands 2',
      environment: 'qa',
      expected: 'must list at least 2 zones (profile non-production)',
    },
  ])(
    'says once what a single zone breaks in $name: the profile rule covers the data tiers',
    ({ environment, expected }) => {
      const path = `environments.${environment}.aws.zones`;
      const problems = problemsOf(platformWith(set(path, ['eu-west-1a'])));
      expect(problemsAt(problems, path)).toEqual([`${path}: ${expected}`]);
    },
  );
});

describe('cloud rules: what they accept', () => {
  it('two zones, the fewest the data tiers need, in a DR region and under a single-zone profile', () => {
    const platform = accepted((c) => {
      singleZoneProfile(c);
      setIn(c, 'environments.qa.aws.zones', ['eu-west-1a', 'eu-west-1b']);
      setIn(c, 'environments.production.aws.dr.zones', ['eu-central-1a', 'eu-central-1b']);
    });
    expect(platform.environments.qa.aws.zones).toHaveLength(2);
    expect(platform.environments.production.aws.dr?.zones).toHaveLength(2);
  });

  it.each(['1.34', '1.35', '1.36'])('Kubernetes %s with its own kube-proxy build', (version) => {
    const platform = accepted((c) => {
      setIn(c, 'environments.qa.cluster.kubernetesVersion', version);
      setIn(c, 'environments.qa.cluster.addonVersions.kubeProxy', `v${version}.0-eksbuild.1`);
    });
    expect(platform.environments.qa.cluster.kubernetesVersion).toBe(version);
  });

  it.each([
    ['Graviton families only', ['m7g.large', 'c7gn.xlarge', 'r6gd.large', 't4g.medium', 'a1.large']],
    ['x86 families only', ['m7i.large', 'c6a.large', 'r5.large', 'g4dn.xlarge']],
  ])('node types of one architecture: %s', (_case, types) => {
    expect(accepted(set('environments.qa.cluster.nodeInstanceTypes', types)).environments.qa.cluster).toMatchObject({
      nodeInstanceTypes: types,
    });
  });

  it('a single operator address (/32) and a CIDR with a 255 octet as public endpoint sources', () => {
    const sources = ['198.51.100.7/32', '203.0.113.255/32', '10.255.0.0/16'];
    const platform = accepted(set('environments.qa.cluster.publicAccessCidrs', sources));
    expect(platform.environments.qa.cluster.publicAccessCidrs).toEqual(sources);
  });
});

describe('instance architecture (the node AMI and the image platforms follow it)', () => {
  // Graviton types from AWS's list (eksctl "ARM Support": a1, t4g, m6g, m7g, m6gd, c6g, c7g, c6gd, r6g, r7g, r6gd,
  // m8g, r8g, c8g) and the other Graviton families (c6gn, c7gn, x2gd, im4gn, is4gen, i4g, hpc7g, g5g).
  it.each([
    'a1.large',
    't4g.medium',
    'm6g.large',
    'm7g.xlarge',
    'm8g.2xlarge',
    'm6gd.large',
    'c6gn.large',
    'c7gn.xlarge',
    'r6gd.large',
    'x2gd.large',
    'im4gn.large',
    'is4gen.large',
    'i4g.large',
    'hpc7g.4xlarge',
    'g5g.xlarge',
    // A future two-digit generation keeps the rule: a g after the generation number.
    'c10g.large',
  ])('%s is arm64', (type) => {
    expect(instanceArchitecture(type)).toBe('arm64');
  });

  // Intel and AMD types, including those whose family starts with g (GPU) or whose attributes hold no g.
  it.each([
    'm7i.large',
    'm7a.large',
    'c5n.large',
    'm5zn.large',
    't3.medium',
    'g4dn.xlarge',
    'g6e.xlarge',
    'p5.48xlarge',
    'inf2.xlarge',
    'x2idn.16xlarge',
    'c7i-flex.large',
    'u-6tb1.56xlarge',
  ])('%s is x86_64', (type) => {
    expect(instanceArchitecture(type)).toBe('x86_64');
  });
});

describe('the image repository', () => {
  const PRIMARY = '333333333333.dkr.ecr.eu-west-1.amazonaws.com/your-app';
  const DR_REPLICA = '333333333333.dkr.ecr.eu-central-1.amazonaws.com/your-app';

  it("belongs to the environment whose account and primary region hold it: production's in platform.yaml", () => {
    expect(imageRepositoryOwner(accepted(() => undefined))).toBe('production');
  });

  it("belongs to qa when it is in qa's account", () => {
    const platform = accepted(set('image.repository', '111111111111.dkr.ecr.eu-west-1.amazonaws.com/your-app'));
    expect(imageRepositoryOwner(platform)).toBe('qa');
  });

  it('is pulled from image.repository by every environment its primary region serves', () => {
    const platform = accepted(() => undefined);
    expect(platform.promotion.map((name) => servingImageRepository(platform, name))).toEqual([
      PRIMARY,
      PRIMARY,
      PRIMARY,
    ]);
  });

  it("is pulled from its replica in the DR region once production fails over (ECR's replica keeps the name)", () => {
    const platform = accepted(set('environments.production.aws.dr.promoted', true));
    expect(servingImageRepository(platform, 'production')).toBe(DR_REPLICA);
    expect(servingImageRepository(platform, 'qa')).toBe(PRIMARY);
  });

  it("is pulled from image.repository by an environment of another account failed over to the replica's region", () => {
    // The replica lives in the owner's registry (account 333333333333); staging's account pulls the primary.
    const platform = accepted(
      set('environments.staging.aws.dr', {
        region: 'eu-central-1',
        network: { vpcCidr: '10.21.0.0/16' },
        promoted: true,
      }),
    );
    expect(servingImageRepository(platform, 'staging')).toBe(PRIMARY);
  });

  it("is pulled from image.repository by an environment of the owner's account failed over to a region with no replica", () => {
    const platform = accepted((c) => {
      setIn(c, 'environments.staging.aws', {
        accountId: '333333333333',
        region: 'eu-west-2',
        network: { vpcCidr: '10.20.0.0/16' },
        dr: { region: 'us-east-1', network: { vpcCidr: '10.21.0.0/16' }, promoted: true },
      });
    });
    expect(imageRepositoryOwner(platform)).toBe('production');
    expect(servingImageRepository(platform, 'staging')).toBe(PRIMARY);
  });
});
