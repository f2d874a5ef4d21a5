/**
 * values.schema.json comes from the config's zod schemas, so helm itself refuses bad values before rendering,
 * naming the value and the rule. Both helm v3 (the deploy tool) and helm v4 are held to it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ToolName } from '../helpers/tools';
import { helmTemplate, removeChart, TAG, writeFreshChart } from './helm-chart';

let chartDir: string;
let scratch: string;

beforeAll(() => {
  chartDir = writeFreshChart();
  scratch = mkdtempSync(path.join(tmpdir(), 'helm-values-'));
});
afterAll(() => {
  removeChart(chartDir);
  rmSync(scratch, { recursive: true, force: true });
});

const SCHEMA_ERROR = "values don't meet the specifications of the schema(s)";

/** What each helm major says for one bad input: v3 (gojsonschema) and v4 (santhosh-tekuri/jsonschema) differ. */
const CASES: { name: string; args: () => string[]; helm: string; helm4: string }[] = [
  {
    name: 'an empty image tag',
    args: () => ['--set', 'image.tag='],
    helm: "image.tag: Does not match pattern '^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$'",
    helm4: "at '/image/tag': '' does not match pattern",
  },
  {
    name: 'the image tag latest',
    args: () => ['--set', 'image.tag=latest'],
    helm: 'image.tag: Must not validate the schema (not)',
    helm4: "at '/image/tag': 'not' failed",
  },
  {
    name: 'an autoscaler minimum that is not a number',
    args: () => ['--set', 'services.api.autoscaling.minReplicas=abc'],
    helm: 'services.api.autoscaling.minReplicas: Invalid type. Expected: integer, given: string',
    helm4: "at '/services/api/autoscaling/minReplicas': got string, want integer",
  },
  {
    name: 'an autoscaler minimum below 1',
    args: () => ['--set', 'services.api.autoscaling.minReplicas=0'],
    helm: 'services.api.autoscaling.minReplicas: Must be greater than or equal to 1',
    helm4: "at '/services/api/autoscaling/minReplicas': minimum: got 0, want 1",
  },
  {
    name: 'an unknown key',
    args: () => ['--set', 'services.api.replica=3'],
    helm: 'services.api: Additional property replica is not allowed',
    helm4: "at '/services/api': additional properties 'replica' not allowed",
  },
  {
    name: 'dbIsolation that is not a boolean',
    args: () => ['--set', 'dbIsolation=yes'],
    helm: 'dbIsolation: Invalid type. Expected: boolean, given: string',
    helm4: "at '/dbIsolation': got string, want boolean",
  },
  // Go's net.ParseCIDR, like the API server validating a NetworkPolicy's ipBlock, reads no leading zeros.
  ...[
    ['a database subnet with a leading zero in an octet', '010.20.128.0/24'],
    ['a database subnet with a leading zero in its prefix length', '10.20.128.0/024'],
    ['a database subnet with an octet above 255', '10.20.256.0/24'],
    ['a database subnet with a prefix longer than 32', '10.20.128.0/33'],
  ].map(([name, subnet]) => ({
    name,
    args: () => ['--set', `aws.network.subnets.database={${subnet},10.20.129.0/24}`],
    helm: 'aws.network.subnets.database.0: Does not match pattern',
    helm4: `at '/aws/network/subnets/database/0': '${subnet}' does not match pattern`,
  })),
  {
    name: 'a values file for an unknown environment',
    args: () => {
      const file = path.join(scratch, 'values.dev.yaml');
      writeFileSync(file, 'environment: dev\n');
      return ['-f', file];
    },
    helm: 'environment: environment must be one of the following: "qa", "staging", "production"',
    helm4: "at '/environment': value must be one of 'qa', 'staging', 'production'",
  },
];

describe.each<ToolName>(['helm', 'helm4'])('%s refuses bad values with the schema message', (tool) => {
  it.each(CASES)('$name', ({ args, ...expected }) => {
    const result = helmTemplate(tool, chartDir, 'staging', ['--set', `image.tag=${TAG}`, ...args()]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(SCHEMA_ERROR);
    expect(result.stderr).toContain(expected[tool as 'helm' | 'helm4']);
  });
});

it('refuses a values file that does not exist, naming it', () => {
  const missing = path.join(chartDir, 'values.dev.yaml');
  const result = helmTemplate('helm', chartDir, 'staging', ['-f', missing]);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain(`open ${missing}: no such file or directory`);
});

it('accepts good values given the same ways, so the failures above are about the values', () => {
  const result = helmTemplate('helm', chartDir, 'staging', [
    '--set',
    `image.tag=${TAG}`,
    '--set',
    'services.api.autoscaling.minReplicas=4',
    '--set',
    'dbIsolation=true',
    '--set',
    'aws.network.subnets.database={0.0.0.0/0,10.20.128.0/24,255.255.255.255/32}',
  ]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});
