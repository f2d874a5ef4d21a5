/**
 * The synth commands as users run them (the compiled lib/cli/synth.js that `npm run synth|synth:k8s|synth:infra`
 * call, and lib/infra/main.js that cdktf runs): both layers from one platform file; bad input exits 1 (the file) or
 * 2 (usage) naming the problem and leaves the output exactly as it was; IMAGE_TAG overrides the tag; two runs are
 * byte-identical; a killed run leaves nothing behind that the next run keeps.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { ROOT, readTree } from '../helpers/files';
import { platformWith, setIn } from '../helpers/platform';

const SYNTH = path.join(ROOT, 'lib', 'cli', 'synth.js');
const CDKTF_APP = path.join(ROOT, 'lib', 'infra', 'main.js');
const MINIMAL = path.join(ROOT, 'examples', 'minimal.yaml');

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const inherited = { ...process.env };
  for (const key of ['IMAGE_TAG', 'PLATFORM_CONFIG', 'CDKTF_OUTDIR']) delete inherited[key]; // only the test decides
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...inherited, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const synth = (args: string[], env: Record<string, string> = {}) => run(SYNTH, ['all', ...args], env);

let out: string;

beforeAll(() => {
  for (const file of [SYNTH, CDKTF_APP]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it first)`);
  }
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-'));
  const first = synth(['--out', out], { IMAGE_TAG: 'abc1234' });
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
});

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

it('writes both layers of the built-in platform: every environment, the chart and every stack', () => {
  expect(fs.readdirSync(out).sort()).toEqual(['.github', 'cdktf.out', 'charts', 'dist', 'docs']);
  expect(fs.readdirSync(path.join(out, 'dist')).sort()).toEqual(['production', 'qa', 'staging']);
  expect(fs.readdirSync(path.join(out, 'cdktf.out', 'stacks')).sort()).toEqual([
    'your-app-production',
    'your-app-production-dr',
    'your-app-production-dr-storage',
    'your-app-qa',
    'your-app-staging',
  ]);
});

it('gives every image the IMAGE_TAG', () => {
  for (const env of ['qa', 'staging', 'production']) {
    const text = fs.readFileSync(path.join(out, 'dist', env, 'app.k8s.yaml'), 'utf8');
    const images = [...text.matchAll(/image: (\S+)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/:abc1234$/);
  }
});

it('is deterministic: a second run writes byte-identical files', () => {
  const second = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-'));
  try {
    expect(synth(['--out', second], { IMAGE_TAG: 'abc1234' }).status).toBe(0);
    expect(readTree(second)).toEqual(readTree(out));
  } finally {
    fs.rmSync(second, { recursive: true, force: true });
  }
});

it('needs no Terraform on the machine, and creates an --out directory that does not exist yet', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-'));
  try {
    const bin = path.join(tmp, 'bin'); // node alone on PATH: cdktf's DataResource would run `terraform version`
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const nested = path.join(tmp, 'not', 'yet');
    const result = run(SYNTH, ['infra', '--out', nested], { IMAGE_TAG: 'abc1234', PATH: bin });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readTree(path.join(nested, 'cdktf.out'))).toEqual(readTree(path.join(out, 'cdktf.out')));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

describe('examples/minimal.yaml through both layers', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-minimal-'));
    const result = synth(['--config', MINIMAL, '--out', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is at most 60 lines, with three services in dev and production', () => {
    expect(fs.readFileSync(MINIMAL, 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(60);
  });

  it('carries its app name, environments, region and zones into dist/, the chart and every stack', () => {
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['dev', 'production']);
    expect(fs.readdirSync(path.join(dir, 'charts'))).toEqual(['shop']);
    expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks')).sort()).toEqual([
      'shop-dev',
      'shop-production',
      'shop-production-dr',
      'shop-production-dr-storage',
    ]);
    const app = fs.readFileSync(path.join(dir, 'dist', 'dev', 'app.k8s.yaml'), 'utf8');
    for (const name of ['shop-api', 'shop-web', 'shop-worker']) expect(app).toContain(`name: ${name}\n`);
    expect(app).toContain('host: web.dev.shop.example.com');
    const values = fs.readFileSync(path.join(dir, 'charts', 'shop', 'values.production.yaml'), 'utf8');
    expect(values).toContain('namespace: shop-production');
    const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'shop-dev', 'cdk.tf.json'), 'utf8'));
    expect(stack.provider.aws[0].region).toBe('us-east-2');
    const subnetZones = Object.values(stack.resource.aws_subnet).map((s: any) => s.availability_zone);
    expect([...new Set(subnetZones)].sort()).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
  });

  it('writes only the layer and environments asked for', () => {
    const only = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-only-'));
    try {
      expect(run(SYNTH, ['infra', '--config', MINIMAL, '--env', 'dev', '--out', only]).status).toBe(0);
      expect(fs.readdirSync(only)).toEqual(['cdktf.out']);
      expect(fs.readdirSync(path.join(only, 'cdktf.out', 'stacks'))).toEqual(['shop-dev']);
      expect(run(SYNTH, ['k8s', '--config', MINIMAL, '--env', 'production', '--out', only]).status).toBe(0);
      expect(fs.readdirSync(path.join(only, 'dist'))).toEqual(['production']);
    } finally {
      fs.rmSync(only, { recursive: true, force: true });
    }
  });
});

it('runs the cdktf app on the file PLATFORM_CONFIG names, into CDKTF_OUTDIR', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-app-'));
  try {
    const result = run(CDKTF_APP, [], { PLATFORM_CONFIG: MINIMAL, CDKTF_OUTDIR: path.join(dir, 'stacks-here') });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'stacks-here', 'stacks')).sort()).toEqual([
      'shop-dev',
      'shop-production',
      'shop-production-dr',
      'shop-production-dr-storage',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('bad input', () => {
  let before: Record<string, string>;
  beforeEach(() => (before = readTree(out)));
  afterEach(() => expect(readTree(out)).toEqual(before));

  const writeFile = (name: string, content: string) => {
    const file = path.join(os.tmpdir(), `${process.pid}-${name}`);
    fs.writeFileSync(file, content);
    return file;
  };

  it('rejects an invalid platform file with the field path and rule (exit 1)', () => {
    const file = writeFile(
      'bad.yaml',
      stringify(platformWith((c) => setIn(c, 'environments.production.services.api.autoscaling.minReplicas', 2))),
    );
    const result = synth(['--config', file, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'environments.production.services.api.autoscaling.minReplicas: must be >= 3 (a pod in every zone)',
    );
    expect(result.stdout).toBe('');
  });

  it('rejects IMAGE_TAG=latest (exit 1)', () => {
    const result = synth(['--out', out], { IMAGE_TAG: 'latest' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('image.tag: must not be "latest"');
  });

  it('rejects an IMAGE_TAG that is set but empty (a failed git rev-parse) instead of using the file tag', () => {
    const result = synth(['--out', out], { IMAGE_TAG: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('image.tag: must be an image tag');
  });

  it('rejects a file that is not YAML, naming the line (exit 1)', () => {
    const result = synth(['--config', writeFile('broken.yaml', 'app: {name: your-app\n'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.yaml: is not valid YAML at line \d+, column \d+: /);
  });

  it.each([
    ['a platform file that does not exist', ['--config', '/nonexistent/platform.yaml'], 'does not exist'],
    ['a platform file that is a directory', ['--config', os.tmpdir()], 'is not a file'],
    [
      'an environment the file does not have',
      ['--env', 'dev'],
      '--env: unknown environment "dev" (the platform has qa, staging, production)',
    ],
    ['an unknown option', ['--environment', 'qa'], 'unknown option --environment'],
    ['a flag without its value', ['--config'], '--config: needs a value'],
  ])('rejects %s with a usage message (exit 2)', (_, args, message) => {
    const result = synth([...args, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    ['npm run synth', SYNTH, ['all']],
    ['npm run synth:k8s', SYNTH, ['k8s']],
    ['npm run synth:infra', SYNTH, ['infra']],
    ['the cdktf app', CDKTF_APP, []],
  ])('%s refuses an unknown flag (exit 2)', (_, script, command) => {
    const result = run(script, [...command, '--outdir', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown option --outdir');
  });

  it('refuses a PLATFORM_CONFIG that does not exist in the cdktf app (exit 2)', () => {
    const result = run(CDKTF_APP, [], { PLATFORM_CONFIG: '/nonexistent.yaml', CDKTF_OUTDIR: path.join(out, 'x') });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('platform file /nonexistent.yaml: does not exist');
  });
});

describe('a run killed part-way', () => {
  it('leaves the output as it was, and the next run removes what it left behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-killed-'));
    try {
      expect(synth(['--out', dir]).status).toBe(0);
      const before = readTree(dir);
      const child = spawn(process.execPath, [SYNTH, 'all', '--out', dir], { stdio: 'ignore' });
      // Kill it while it writes: as soon as its first temp directory appears.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (fs.readdirSync(dir).some((entry) => entry.includes('.tmp-')) || child.exitCode !== null) {
            clearInterval(poll);
            child.kill('SIGKILL');
            resolve();
          }
        }, 5);
      });
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      // Killed while filling its temp directories: the outputs are untouched beside them.
      const outputs = Object.fromEntries(Object.entries(readTree(dir)).filter(([file]) => !file.includes('.tmp-')));
      expect(outputs).toEqual(before);
      expect(synth(['--out', dir]).status).toBe(0);
      expect(fs.readdirSync(dir).sort()).toEqual(['.github', 'cdktf.out', 'charts', 'dist', 'docs']);
      expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['production', 'qa', 'staging']);
      expect(readTree(dir)).toEqual(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
