/**
 * `npm run dr:simulate` as users run it (the compiled lib/src/dr-simulation/main.js, built by `npm test`):
 * exit 0 when every environment survives, 1 with the failing table otherwise, 2 on usage and input errors.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { legacyRule, manifestsWith, proposedRule, type SpreadRule } from '../helpers/zone-loss';

const MAIN = path.resolve(__dirname, '..', '..', 'lib', 'src', 'dr-simulation', 'main.js');

function simulate(args: string[]) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dist: string;

/** A dist directory whose production app manifests use `rule`. */
function writeDist(rule: SpreadRule): void {
  fs.mkdirSync(path.join(dist, 'production'), { recursive: true });
  const text = manifestsWith('production', rule)
    .map((o) => stringify(o))
    .join('---\n');
  fs.writeFileSync(path.join(dist, 'production', 'app.k8s.yaml'), text);
}

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-simulate-'));
});

afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

it('exits 0 and prints the table when the environment survives', () => {
  writeDist(proposedRule);
  const run = simulate(['--env', 'production', '--dist', dist]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('environment production: survives the loss of any one zone');
  for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) expect(run.stdout).toContain(zone);
  expect(run.stdout).not.toContain('FAIL');
});

it('exits 1 with the failing rows when it does not', () => {
  writeDist(legacyRule(3));
  const run = simulate(['--env=production', `--dist=${dist}`]);
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('environment production: does NOT survive the loss of a zone');
  expect(run.stdout).toMatch(/your-app-api +eu-west-1a .*FAIL: replacements stay pending; PDB allows 0 disruptions/);
});

describe('usage and input errors exit 2', () => {
  it.each([
    [['--zones', '3'], /unknown option --zones\nusage: npm run dr:simulate/],
    [['--env', 'dev'], /--env: unknown environment "dev" \(the platform has qa, staging, production\)/],
    [['--env'], /--env: needs a value/],
  ])('%j', (args, message) => {
    const run = simulate(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('names a missing manifest file', () => {
    const run = simulate(['--env', 'qa', '--dist', dist]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(path.join(dist, 'qa', 'app.k8s.yaml'));
    expect(run.stderr).toContain('not found');
  });

  it('names the field of a bad manifest', () => {
    writeDist(proposedRule);
    const file = path.join(dist, 'production', 'app.k8s.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('whenUnsatisfiable: DoNotSchedule', 'whenUnsatisfiable: Sometimes'));
    const run = simulate(['--env', 'production', '--dist', dist]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'Rollout your-app-api: spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable: "Sometimes" must be DoNotSchedule or ScheduleAnyway',
    );
  });
});
