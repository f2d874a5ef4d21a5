/**
 * The synthesized stacks through real Terraform: `terraform validate` checks every block's syntax (the JSON forms of
 * `ephemeral`, `removed`, `terraform_data`), every argument against the AWS provider's schema and every reference,
 * for the default platform and for production failed over to its DR region. Offline: the provider comes from a
 * local filesystem mirror (TF_PLUGIN_MIRROR, default /opt/tf-plugins), whose version (5.100) predates a few
 * arguments of the 6.25 the stacks pin; those are listed below and removed from the copy Terraform validates.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../helpers/tools';
import { defaultStacks, promotedStack, RECOVERY, type Block } from './synth';

const MIRROR = process.env.TF_PLUGIN_MIRROR ?? '/opt/tf-plugins';
const AWS_PROVIDER_DIR = path.join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws');

/** Arguments AWS provider 6.x added, by resource type: the mirrored 5.100 schema would reject them. */
const NEWER_THAN_MIRROR: Readonly<Record<string, readonly string[]>> = {
  aws_eks_cluster: ['deletion_protection'],
};

/** The mirrored provider version; a missing mirror fails the test with what to install. */
function mirroredVersion(): string {
  const versions = fs.existsSync(AWS_PROVIDER_DIR) ? fs.readdirSync(AWS_PROVIDER_DIR) : [];
  if (versions.length === 0) {
    throw new Error(`no AWS provider in ${AWS_PROVIDER_DIR}: set TF_PLUGIN_MIRROR to a filesystem mirror holding one`);
  }
  return versions.sort().at(-1)!;
}

/** A stack as a child module Terraform can validate offline: no backend, the mirrored provider. */
function asModule(config: Block, version: string): Block {
  const copy = structuredClone(config);
  delete copy.terraform.backend;
  copy.terraform.required_providers.aws = { source: 'hashicorp/aws', version };
  for (const [type, args] of Object.entries(NEWER_THAN_MIRROR)) {
    for (const body of Object.values((copy.resource?.[type] ?? {}) as Record<string, Block>)) {
      for (const arg of args) delete body[arg];
    }
  }
  return copy;
}

describe('terraform validate', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-validate-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts every stack, before and after a failover', () => {
    const version = mirroredVersion();
    const stacks: [string, Block][] = [
      ...[...defaultStacks().values()].map((s): [string, Block] => [s.name, s.config]),
      [`${RECOVERY}-promoted`, promotedStack(RECOVERY)],
    ];
    expect(stacks.length).toBeGreaterThan(0);
    for (const [name, config] of stacks) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'main.tf.json'), JSON.stringify(asModule(config, version)));
    }
    const modules = Object.fromEntries(stacks.map(([name]) => [name, { source: `./${name}` }]));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ module: modules }));
    const rc = path.join(dir, 'terraform.rc');
    fs.writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n`);
    const env = { TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

    const init = run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const validate = run('terraform', ['validate', '-json', '-no-color'], { cwd: dir, env, timeoutMs: 180_000 });
    const result = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Block[] };
    expect(result.diagnostics.map((d) => `${d.severity}: ${d.summary} (${d.range?.filename}: ${d.detail})`)).toEqual(
      [],
    );
    expect(result.valid).toBe(true);
  }, 240_000);
});
