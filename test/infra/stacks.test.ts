import * as fs from 'fs';
import * as path from 'path';
import { imageRepositoryOwner, parseEcrRepository } from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { OUTPUT } from '../../infra/outputs';
import { REQUIRED_TERRAFORM_VERSION } from '../../infra/stacks/environment-stack';
import {
  defaultStacks,
  platform,
  primaryStackName,
  PRODUCTION,
  RECOVERY,
  RECOVERY_STORAGE,
  promotedStack,
  ref,
  referencedName,
  resource,
  resourceList,
  single,
  stack,
  synthesizeStacks,
  type Block,
} from './synth';
import { nonEmpty } from '../helpers/collections';

const names = [...defaultStacks().keys()];

describe('the CDKTF app of the default platform', () => {
  it('has a primary stack per environment and the two DR-region stacks for production only', () => {
    expect(names).toEqual([...ENVIRONMENTS.map(primaryStackName), RECOVERY_STORAGE, RECOVERY]);
    expect(ENVIRONMENTS.filter((env) => platform.environments[env].aws.dr)).toEqual(['production']);
  });

  it('gives every IAM role a name no other stack of the account uses, before and after a failover', () => {
    const roles = (configs: Block[]) => configs.flatMap((c) => resourceList(c, 'aws_iam_role').map((r) => r.name));
    const before = roles(names.map(stack));
    const after = roles(names.map(promotedStack));
    for (const list of [before, after]) {
      expect(list.length).toBeGreaterThan(0);
      expect(list.filter((name, i) => list.indexOf(name) !== i)).toEqual([]);
    }
  });

  it('synthesizes the same text twice (no timestamps, no random, no machine paths)', () => {
    const again = synthesizeStacks(platform);
    for (const [name, synthesized] of nonEmpty(defaultStacks())) expect(again.get(name)?.text).toBe(synthesized.text);
  });

  it('imports @cdktf/provider-aws per resource, never the 392 MB package root', () => {
    const root = path.join(__dirname, '..', '..', 'infra');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const imports = files.flatMap((f) =>
      [...fs.readFileSync(path.join(root, f), 'utf8').matchAll(/from '(@cdktf\/provider-aws[^']*)'/g)].map((m) => m[1]),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !/^@cdktf\/provider-aws\/lib\/[a-z0-9-]+$/.test(i))).toEqual([]);
  });

  it('uses readable Terraform addresses and resource names, without hash suffixes', () => {
    for (const name of nonEmpty(names)) {
      const config = stack(name);
      for (const [type, byName] of nonEmpty(Object.entries(config.resource as Record<string, Block>))) {
        for (const [address, body] of Object.entries(byName as Record<string, Block>)) {
          expect(`${type}.${address}`).not.toMatch(/_[0-9A-F]{8}$/);
          const physical = body.name ?? body.identifier ?? body.bucket;
          if (typeof physical === 'string' && !physical.startsWith('${')) expect(physical).not.toMatch(/[0-9a-f]{8,}$/);
        }
      }
    }
  });
});

const cases = [
  ...ENVIRONMENTS.map((envName) => ({
    name: primaryStackName(envName),
    envName,
    region: platform.environments[envName].aws,
  })),
  { name: RECOVERY_STORAGE, envName: 'production' as const, region: platform.environments.production.aws.dr! },
  { name: RECOVERY, envName: 'production' as const, region: platform.environments.production.aws.dr! },
];

/** What each stack outputs for the cluster layer and the runbooks. */
const CLUSTER_OUTPUTS = [OUTPUT.clusterName, OUTPUT.externalSecretsRoleArn, OUTPUT.loadBalancerControllerRoleArn];
const DATABASE_OUTPUTS = [OUTPUT.databaseEndpoint, OUTPUT.databasePort, OUTPUT.databaseSecretName];
const EXPECTED_OUTPUTS: Record<string, readonly string[]> = {
  ...Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      primaryStackName(env),
      [...CLUSTER_OUTPUTS, ...DATABASE_OUTPUTS, OUTPUT.databaseHost, OUTPUT.vpcId, OUTPUT.alarmTopicArn],
    ]),
  ),
  [RECOVERY_STORAGE]: [OUTPUT.backupVault, OUTPUT.artifactsBucket, OUTPUT.alarmTopicArn, OUTPUT.ecrRepositoryUrl],
  [RECOVERY]: [...DATABASE_OUTPUTS, OUTPUT.vpcId],
};

describe.each(cases)('$name', ({ name, envName, region }) => {
  const config = stack(name);
  const env = platform.environments[envName];

  it('matches its snapshot', () => {
    expect(defaultStacks().get(name)?.text).toMatchSnapshot();
  });

  it('tags every resource with app, env and owner through the provider, in the right account and region', () => {
    expect(config.provider.aws).toEqual([
      {
        region: region.region,
        allowed_account_ids: [env.aws.accountId],
        default_tags: [{ tags: { app: platform.app.name, env: envName, owner: platform.app.owner } }],
      },
    ]);
  });

  it("keeps its state in its own region's bucket with S3-native locking", () => {
    expect(config.terraform.backend).toEqual({
      s3: {
        bucket: region.stateBucket,
        key: `${name}/terraform.tfstate`,
        region: region.region,
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('asks for the Terraform version its write-only arguments and ephemeral blocks need', () => {
    expect(config.terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
    expect(REQUIRED_TERRAFORM_VERSION).toBe('>= 1.11');
  });

  it('outputs what the cluster layer and the runbooks need, under the published names', () => {
    const outputs = Object.keys(config.output);
    expect(outputs).toEqual(expect.arrayContaining([...EXPECTED_OUTPUTS[name]]));
    const published = new Set<string>(Object.values(OUTPUT));
    expect(outputs.filter((o) => !published.has(o))).toEqual([]);
  });
});

describe('the DR stack after a failover (aws.dr.promoted)', () => {
  const config = promotedStack(RECOVERY);

  it('outputs what the primary stack outputs for the cluster layer, in the DR region', () => {
    const primary = Object.keys(stack(PRODUCTION).output);
    const ownedByOtherStacks = [
      OUTPUT.artifactsBucket,
      OUTPUT.alarmTopicArn,
      OUTPUT.ecrRepositoryUrl,
      OUTPUT.backupVault,
      // The zone's delegation, done once: only the stack that creates the zone (the primary, `dnsZone: create`) has
      // its name servers; the DR stack looks the zone up, and the cluster layer reads none of them.
      OUTPUT.publicZoneNameServers,
      // SOP-01's drill restores in the primary region only.
      OUTPUT.sopDrillRoleArn,
      OUTPUT.sopDrillParameter,
      OUTPUT.sopDrillSecurityGroupId,
    ];
    expect(primary).toEqual(expect.arrayContaining(ownedByOtherStacks));
    expect(Object.keys(config.output).sort()).toEqual(
      primary.filter((o) => !ownedByOtherStacks.includes(o as never)).sort(),
    );
    expect(config.output[OUTPUT.region].value).toBe(platform.environments.production.aws.dr!.region);
    expect(config.terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
  });
});

describe('the image repository', () => {
  const image = parseEcrRepository(platform.image.repository)!;
  const owner = imageRepositoryOwner(platform)!;
  const config = stack(primaryStackName(owner));

  it('lives in the stack of the account and region that image.repository names', () => {
    expect(primaryStackName(owner)).toBe(PRODUCTION);
    for (const env of nonEmpty(ENVIRONMENTS.filter((e) => e !== owner))) {
      expect(stack(primaryStackName(env)).resource.aws_ecr_repository).toBeUndefined();
    }
    expect(platform.environments[owner].aws).toMatchObject({ accountId: image.accountId, region: image.region });
    expect(config.output[OUTPUT.ecrRepositoryUrl].value).toBe(
      ref('aws_ecr_repository', 'registry_primary', 'repository_url'),
    );
  });

  it('has immutable tags, scan on push and KMS encryption with a customer key', () => {
    const repository = resource(config, 'aws_ecr_repository', 'registry_primary');
    expect(repository).toMatchObject({
      name: image.name,
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
    });
    const [encryption] = repository.encryption_configuration;
    expect(encryption.encryption_type).toBe('KMS');
    expect(resource(config, 'aws_kms_key', referencedName(encryption.kms_key, 'aws_kms_key')).enable_key_rotation).toBe(
      true,
    );
  });

  it('lets the other environments pull the one promoted image, and nothing more', () => {
    const policy = JSON.parse(single(config, 'aws_ecr_repository_policy').policy);
    const others = ENVIRONMENTS.filter((e) => e !== owner).map(
      (e) => `arn:aws:iam::${platform.environments[e].aws.accountId}:root`,
    );
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: others.sort() },
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      }),
    ]);
  });
});
