/**
 * Bad config never reaches AWS: each case is rejected with a line naming the field and the rule, the
 * command exits 1, and nothing is written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { runSynth } from '../../cli/run';
import { explicitSubnets, platformWith, setIn } from '../helpers/platform';

let workdir: string;
beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-bad-input-'));
});
afterEach(() => fs.rmSync(workdir, { recursive: true, force: true }));

/** Types a config edit like `platformWith` takes it (the config loosely typed, so tests can break it). */
const change = (edit: Parameters<typeof platformWith>[0]) => edit;

/**
 * Runs the cloud layer's synth on `document` (the built-in platform when undefined) into the work directory;
 * returns its exit code, stderr and what it left there.
 */
async function synth(document: unknown, env: NodeJS.ProcessEnv = {}) {
  const errors: string[] = [];
  const args = ['infra', '--out', workdir];
  const file = path.join(os.tmpdir(), `bad-input-${process.pid}.yaml`);
  if (document !== undefined) fs.writeFileSync(file, stringify(document));
  const code = await runSynth(document === undefined ? args : [...args, '--config', file], {
    env,
    log: () => undefined,
    error: (line: string) => errors.push(line),
  });
  fs.rmSync(file, { force: true });
  return { code, stderr: errors.join('\n'), written: fs.readdirSync(workdir) };
}

describe('infra synth on bad input', () => {
  it.each([
    [
      'overlapping subnet CIDRs',
      change((c) => {
        const subnets = explicitSubnets(c, 'production');
        subnets.cache[0] = subnets.database[0];
      }),
      'environments.production.aws.network.subnets.cache[0]: must not overlap 10.30.128.0/24 (database[0])',
    ],
    [
      'a DR VPC overlapping the primary VPC',
      change((c) => (c.environments.production.aws.dr.network = c.environments.production.aws.network)),
      'environments.production.aws.dr.network.vpcCidr: must not overlap the primary VPC 10.30.0.0/16',
    ],
    [
      'fewer than 3 zones in production',
      change((c) => (c.environments.production.aws.zones = ['eu-west-1a', 'eu-west-1b'])),
      'environments.production.aws.zones: must list at least 3 zones (profile production)',
    ],
    [
      'a DR region equal to the primary',
      change((c) => (c.environments.production.aws.dr.region = c.environments.production.aws.region)),
      'environments.production.aws.dr.region: must differ from the primary region (eu-west-1)',
    ],
    [
      'a backup retention below the point-in-time restore budget',
      change((c) => (c.environments.production.database.backupRetentionDays = 3)),
      'environments.production.database.backupRetentionDays: must be >= 7 (point-in-time restore window)',
    ],
    [
      'an EKS version out of standard support',
      change((c) => (c.environments.staging.cluster.kubernetesVersion = '1.29')),
      'environments.staging.cluster.kubernetesVersion: must be a version in EKS standard support (1.34, 1.35, 1.36)',
    ],
    [
      'a public API endpoint open to the internet',
      change((c) => (c.environments.qa.cluster.publicAccessCidrs = ['0.0.0.0/0'])),
      'environments.qa.cluster.publicAccessCidrs[0]: must not open the API endpoint to the whole internet (0.0.0.0/0)',
    ],
    [
      'node instance types of two CPU architectures',
      change((c) => (c.environments.qa.cluster.nodeInstanceTypes = ['m7g.large', 'm7i.large'])),
      'environments.qa.cluster.nodeInstanceTypes[1]: must share the CPU architecture of nodeInstanceTypes[0] (arm64)',
    ],
    [
      'a single zone outside production',
      change((c) => (c.environments.qa.aws.zones = ['eu-west-1a'])),
      'environments.qa.aws.zones: must list at least 2 zones (profile non-production)',
    ],
    [
      'a single zone for the data tiers of the DR region',
      change((c) => (c.environments.production.aws.dr.zones = ['eu-central-1a'])),
      'environments.production.aws.dr.zones: must list at least 2 zones (Multi-AZ database and cache)',
    ],
    [
      'a state bucket shared by two stacks',
      change(
        (c) => (c.environments.production.aws.dr.stateBucket = 'your-app-production-tfstate-333333333333-eu-west-1'),
      ),
      'environments.production.aws.dr.stateBucket: must be unique (already used by environments.production.aws.stateBucket): S3 bucket names are global',
    ],
    [
      'an image repository no environment owns',
      change((c) => (c.image.repository = 'ghcr.io/example/your-app')),
      "image.repository: must be an ECR repository (<account>.dkr.ecr.<region>.amazonaws.com/<name>) in one environment's account and primary region",
    ],
    [
      'a database host without a parent domain',
      change((c) => (c.environments.staging.database.host = 'postgres')),
      'environments.staging.database.host: must have a parent domain (such as .production.your-app.internal) for its private zone',
    ],
  ])('rejects %s, naming the field, and writes nothing', async (_case, edit, problem) => {
    const result = await synth(platformWith(edit));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(problem);
    expect(result.written).toEqual([]);
  });

  it('rejects a bad IMAGE_TAG the same way', async () => {
    const result = await synth(undefined, { IMAGE_TAG: 'latest' });
    expect(result).toMatchObject({ code: 1, written: [] });
    expect(result.stderr).toContain('image.tag: must not be "latest"');
  });

  it('rejects an IMAGE_TAG that is set but empty instead of using the config tag', async () => {
    const result = await synth(undefined, { IMAGE_TAG: '' });
    expect(result).toMatchObject({ code: 1, written: [] });
    expect(result.stderr).toContain('image.tag: must be an image tag');
  });

  it('keeps the previous output when the new config is bad', async () => {
    expect((await synth(undefined)).code).toBe(0);
    const manifest = path.join(workdir, 'cdktf.out', 'manifest.json');
    const before = fs.readFileSync(manifest, 'utf8');
    expect((await synth(platformWith((c) => setIn(c, 'environments.qa.database.backupRetentionDays', 1)))).code).toBe(
      1,
    );
    expect(fs.readFileSync(manifest, 'utf8')).toBe(before);
    expect(fs.readdirSync(workdir)).toEqual(['cdktf.out']);
  });
});
