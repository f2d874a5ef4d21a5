/**
 * templates/values-guard.yaml: what the JSON schema cannot say, helm refuses while rendering, with the config's
 * message for the same rule. Both helm majors, since each evaluates the templates itself.
 */
import type { ToolName } from '../support/tools';
import { helmTemplate, removeChart, TAG, writeFreshChart } from './helm-chart';

let chartDir: string;
beforeAll(() => (chartDir = writeFreshChart()));
afterAll(() => removeChart(chartDir));

const CASES: { name: string; args: string[]; message: string }[] = [
  {
    name: 'a namespace other than the environment one (External Secrets could never assume its IAM role)',
    args: ['-n', 'your-namespace'],
    message:
      'namespace: install with -n your-app-staging, not your-namespace: the IAM role External Secrets assumes trusts only that namespace',
  },
  {
    name: 'one subnet more than zones (the fourth would silently be left out)',
    args: [
      '--set-json',
      'aws.network.subnets.database=["10.20.128.0/24","10.20.129.0/24","10.20.130.0/24","10.20.131.0/24"]',
    ],
    message: 'aws.network.subnets.database: must have 3 entries in staging (one per zone), has 4',
  },
  {
    name: 'one subnet fewer than zones',
    args: ['--set-json', 'aws.network.subnets.public=["10.20.0.0/22","10.20.4.0/22"]'],
    message: 'aws.network.subnets.public: must have 3 entries in staging (one per zone), has 2',
  },
  {
    name: 'an autoscaler minimum above its maximum',
    args: ['--set', 'services.api.autoscaling.minReplicas=7'],
    message: 'services.api.autoscaling.minReplicas: must be <= autoscaling.maxReplicas (6)',
  },
  {
    name: 'replicas outside the autoscaler bounds',
    args: ['--set', 'services.worker.replicas=9'],
    message: 'services.worker.replicas: must be within autoscaling min..max (3..6)',
  },
  {
    name: 'canary weights that do not increase',
    args: ['--set-json', 'services.api.canary.steps=[{"setWeight":50},{"pause":{}},{"setWeight":20}]'],
    message:
      'services.api.canary.steps[2].setWeight: must be greater than the previous weight (50): weights only increase',
  },
];

describe.each<ToolName>(['helm', 'helm4'])('%s', (tool) => {
  it.each(CASES)('refuses $name', ({ args, message }) => {
    const result = helmTemplate(tool, chartDir, 'staging', ['--set', `image.tag=${TAG}`, ...args]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  it('renders the environment files as they are', () => {
    const result = helmTemplate(tool, chartDir, 'staging', ['--set', `image.tag=${TAG}`]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
