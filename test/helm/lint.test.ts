/** `helm lint --strict` (warnings are failures) passes on the chart alone and with each environment's values. */
import { ENVIRONMENTS } from '../helpers/platform';
import { run, type ToolName } from '../helpers/tools';
import { removeChart, valuesFile, writeFreshChart } from './helm-chart';

let chartDir: string;
beforeAll(() => {
  chartDir = writeFreshChart();
});
afterAll(() => removeChart(chartDir));

const VALUES: [string, string | undefined][] = [
  ['values.yaml only', undefined],
  ...ENVIRONMENTS.map((env): [string, string] => [`values.${env}.yaml`, env]),
];

describe.each<ToolName>(['helm', 'helm4'])('%s lint --strict', (tool) => {
  it.each(VALUES)('passes with %s', (_, env) => {
    const files = env ? ['-f', valuesFile(chartDir, env)] : [];
    const result = run(tool, ['lint', '--strict', chartDir, ...files]);
    expect(result.stdout + result.stderr).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });
});

it('helm lint --strict fails on a value that breaks the schema, so the passes above mean something', () => {
  const result = run('helm', ['lint', '--strict', chartDir, '--set', 'services.api.autoscaling.minReplicas=abc']);
  expect(result.stdout + result.stderr).toContain(
    'services.api.autoscaling.minReplicas: Invalid type. Expected: integer, given: string',
  );
  expect(result.status).not.toBe(0);
});
