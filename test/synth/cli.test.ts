/**
 * `npm run synth` as users run it (the compiled lib/src/main.js, built by `npm test`): bad input exits
 * non-zero naming the field and leaves an existing dist/ exactly as it was; IMAGE_TAG overrides the tag;
 * two runs are byte-identical.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { readTree } from '../helpers/files';
import { platformWith } from '../helpers/platform';

const MAIN = path.resolve(__dirname, '..', '..', 'lib', 'src', 'main.js');

function synth(args: string[], env: Record<string, string> = {}) {
  const inherited = { ...process.env };
  delete inherited.IMAGE_TAG; // only the test decides the tag
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...inherited, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let out: string;

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-'));
  const first = synth(['--out', out], { IMAGE_TAG: 'abc1234' });
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
});

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

it('writes every environment with the IMAGE_TAG image', () => {
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

describe('bad input', () => {
  let before: Record<string, string>;
  beforeEach(() => (before = readTree(out)));
  afterEach(() => expect(readTree(out)).toEqual(before));

  it('rejects an invalid config file with the field path and rule, writing nothing', () => {
    const file = path.join(out, 'bad-platform.yaml');
    fs.writeFileSync(file, stringify(platformWith((c) => (c.environments.production.services.api.replicas = 2))));
    before = readTree(out);
    const result = synth(['--config', file, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('environments.production.services.api.replicas: must be >= 3 (zone count)');
    expect(result.stdout).toBe('');
  });

  it('rejects IMAGE_TAG=latest', () => {
    const result = synth(['--out', out], { IMAGE_TAG: 'latest' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('image.tag: must not be "latest"');
  });

  it('rejects an IMAGE_TAG that is set but empty (a failed git rev-parse) instead of using the config tag', () => {
    const result = synth(['--out', out], { IMAGE_TAG: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('image.tag: must be an image tag');
  });

  it('rejects a config file that does not exist, in one line', () => {
    const result = synth(['--config', path.join(out, 'missing.yaml'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--config \S+missing\.yaml: ENOENT: no such file or directory/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('rejects a config file that is not YAML, naming the line', () => {
    const file = path.join(out, 'broken.yaml');
    fs.writeFileSync(file, 'app: {name: your-app\n');
    before = readTree(out);
    const result = synth(['--config', file, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--config \S+broken\.yaml: .* at line \d+/);
  });

  it('rejects an unknown environment', () => {
    const result = synth(['--env', 'dev', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--env: unknown environment "dev" (must be one of qa, staging, production)');
  });

  it('rejects an unknown option', () => {
    const result = synth(['--environment', 'qa', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown option --environment');
  });
});
