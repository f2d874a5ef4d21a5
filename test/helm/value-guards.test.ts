/**
 * templates/values-guard.yaml: what the JSON schema cannot say, helm refuses while rendering. The guards mirroring a
 * platform-file rule are compiled from the same rule data (src/config/mirrored-rules.ts), so one table proves, rule by
 * rule, that the platform file and the chart refuse the same case with the same message. Both helm majors, since each
 * evaluates the templates itself.
 */
import { PER_ZONE_FORMAT, printf, ruleFormat, SIZING_RULES, type SizingRule } from '../../src/config';
import { defaultPlatform, explicitSubnets, platformWith, problemsOf, setIn } from '../helpers/platform';
import { run, type ToolName } from '../helpers/tools';
import { helmTemplate, removeChart, TAG, writeFreshChart } from './helm-chart';

let chartDir: string;
beforeAll(() => (chartDir = writeFreshChart()));
afterAll(() => removeChart(chartDir));

const ENV = 'staging';
const SERVICE = 'api';
const sizing = defaultPlatform.environments[ENV].services[SERVICE] as unknown as Record<string, any>;
const valueAt = (path: readonly string[]): number => path.reduce<any>((node, key) => node[key], sizing);

interface MirroredCase {
  readonly name: string;
  /** Path below the environment in the platform file, and below the values in the chart. */
  readonly path: string;
  /** The value that breaks the rule, as JSON. */
  readonly value: unknown;
  /** Path of the finding (differs from `path` for a list item). */
  readonly finding: string;
  readonly message: string;
}

/** A case that breaks `rule` for the api service of staging, with the message the rule's data prescribes. */
function breaking(rule: SizingRule): MirroredCase {
  const prefix = `services.${SERVICE}`;
  switch (rule.kind) {
    case 'atMost': {
      const path = `${prefix}.${rule.field.join('.')}`;
      const limit = valueAt(rule.limit);
      return { name: rule.kind, path, value: limit + 1, finding: path, message: printf(ruleFormat(rule), limit) };
    }
    case 'increasing': {
      const path = `${prefix}.${rule.list.join('.')}`;
      return {
        name: rule.kind,
        path,
        value: [{ [rule.field]: 50 }, { pause: { duration: '5m' } }, { [rule.field]: 20 }],
        finding: `${path}[2].${rule.field}`,
        message: printf(ruleFormat(rule), 50),
      };
    }
  }
}

const subnets = defaultPlatform.environments[ENV].aws.network.subnets;
const perZone: MirroredCase = {
  name: 'one entry per zone',
  path: 'aws.network.subnets.database',
  value: [...subnets.database, '10.20.131.0/24'],
  finding: 'aws.network.subnets.database',
  message: printf(PER_ZONE_FORMAT, subnets.database.length, subnets.database.length + 1),
};

const MIRRORED = [...SIZING_RULES.map(breaking), perZone];

describe('the platform file and the chart refuse the same cases', () => {
  it('covers every mirrored rule', () => {
    expect(MIRRORED.length).toBe(SIZING_RULES.length + 1);
  });

  it.each(MIRRORED)('$name: the platform file names the field and the rule', ({ path, value, finding, message }) => {
    const document = platformWith((c) => {
      if (path.startsWith('aws.network')) explicitSubnets(c, ENV);
      setIn(c, `environments.${ENV}.${path}`, value);
    });
    expect(problemsOf(document)).toContain(`environments.${ENV}.${finding}: ${message}`);
  });

  describe.each<ToolName>(['helm', 'helm4'])('%s', (tool) => {
    it.each(MIRRORED)('$name: the chart refuses it with the same message', ({ path, value, finding, message }) => {
      const result = helmTemplate(tool, chartDir, ENV, [
        '--set',
        `image.tag=${TAG}`,
        '--set-json',
        `${path}=${JSON.stringify(value)}`,
      ]);
      expect(result.status).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`${finding}: ${message}`);
    });
  });
});

describe.each<ToolName>(['helm', 'helm4'])('%s namespace guard', (tool) => {
  it('refuses a namespace of no environment (External Secrets could never assume its IAM role)', () => {
    const result = helmTemplate(tool, chartDir, ENV, ['--set', `image.tag=${TAG}`, '-n', 'your-namespace']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'namespace: install with -n your-app-staging, not your-namespace: the IAM role External Secrets assumes trusts only that namespace',
    );
  });

  it('answers a forgotten -f with the values file to add, not with another namespace', () => {
    const result = run(tool, ['template', 'r', chartDir, '-n', 'your-app-staging', '--set', `image.tag=${TAG}`]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      "namespace your-app-staging is the staging environment's, but the values are qa's: add -f values.staging.yaml",
    );
  });

  it('renders the environment files as they are', () => {
    const result = helmTemplate(tool, chartDir, ENV, ['--set', `image.tag=${TAG}`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
